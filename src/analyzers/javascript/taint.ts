/**
 * @module Taint tracking inside one file: which expressions carry text a language model wrote, and which
 * dangerous sinks (code evaluation, shells, SQL, HTML, file paths, URLs) receive it. The analysis is lexical and
 * flow-insensitive. Taint flows through variables, destructuring, property and index access, template
 * literals, `+`, `||`/`??`, the ternary, arrays and objects, method calls on tainted values (`.trim()`,
 * `.then(cb)`), calls with tainted arguments (`JSON.parse`, `marked`), `for..of`, parameters of functions called
 * with tainted arguments in the same file, and the returns of local functions. Sanitizers are per sink kind.
 */
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { CallSite, JsModule } from './module.js';
import { isFunctionNode, lastSegment, stringValue, unwrap } from './module.js';
import { shorten } from './rule.js';
import { llmSourceOf } from './sources.js';

export type SinkKind = 'code' | 'shell' | 'sql' | 'html' | 'path' | 'url';

export interface Step {
  readonly text: string;
  readonly line: number;
}
export type Trace = readonly Step[];

export interface SinkHit {
  /** The node the finding points at (the call, assignment or JSX attribute). */
  readonly node: SyntaxNode;
  /** The sink as the message names it, e.g. `child_process.exec` or `element.innerHTML`. */
  readonly sink: string;
  /** What the sink does with the value, completing "… reaches <sink>, which …". */
  readonly detail?: string;
  readonly trace: Trace;
  /** source -> steps -> sink, at most 200 characters. */
  readonly evidence: string;
}

const MAX_DEPTH = 120;
const MAX_TRACE = 8;

/** Callees whose result carries nothing of their arguments that a sink could misuse. */
const NON_PROPAGATING = new Set([
  'Number',
  'parseInt',
  'parseFloat',
  'Boolean',
  'isNaN',
  'isFinite',
  'includes',
  'startsWith',
  'endsWith',
  'test',
  'indexOf',
  'lastIndexOf',
  'has',
  'some',
  'every',
  'findIndex',
  'localeCompare',
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'setState',
  'push',
  'set',
  'emit',
  'send',
  'json',
  'write',
  'end',
  'enqueue',
  'createHash',
  'digest',
  'update',
]);

const HTML_SANITIZER_MODULES = new Set(['sanitize-html', 'xss', 'escape-html', 'dompurify', 'isomorphic-dompurify', 'he', 'html-escaper', 'lodash.escape']);
const HTML_SANITIZER_NAME = /^(?:sanitize\w*|escape\w*|purify|encode(?:html|entities)?|textToHtml)$/i;
const SHELL_SANITIZERS = /^(?:quote|escapeShellArg|shellEscape|shellQuote|escapeShell\w*)$/i;
const SQL_SANITIZERS = /^(?:escape|escapeId|escapeLiteral|escapeIdentifier|format|quoteIdentifier|quoteLiteral)$/;
const PATH_SANITIZERS = new Set(['path.basename', 'path.posix.basename', 'path.win32.basename', 'sanitize-filename']);
const URL_SANITIZERS = new Set(['encodeURIComponent']);

function isSanitizer(kind: SinkKind, site: CallSite): boolean {
  const resolved = site.resolved ?? '';
  const name = lastSegment(resolved || site.calleeText);
  switch (kind) {
    case 'html': {
      const module = resolved.split('.')[0] ?? '';
      if (HTML_SANITIZER_MODULES.has(module.replace(/\(\)$/, ''))) return true;
      return HTML_SANITIZER_NAME.test(name);
    }
    case 'shell':
      return SHELL_SANITIZERS.test(name) || resolved === 'shell-quote.quote' || resolved === 'shell-escape';
    case 'sql':
      return SQL_SANITIZERS.test(name) || resolved === 'pg-format' || resolved.startsWith('sqlstring.');
    case 'path':
      return PATH_SANITIZERS.has(resolved);
    case 'url':
      return URL_SANITIZERS.has(resolved);
    default:
      return false;
  }
}

/** A tagged template escapes its substitutions for these kinds (`sql\`..\``, `html\`..\``, zx's `$\`..\``). */
function taggedTemplateSanitizes(kind: SinkKind): boolean {
  return kind === 'sql' || kind === 'html' || kind === 'shell';
}

function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

function extend(trace: Trace, step: Step): Trace {
  if (trace.length >= MAX_TRACE) return [...trace.slice(0, 1), ...trace.slice(trace.length - (MAX_TRACE - 2)), step];
  return [...trace, step];
}

/** What parameters carry: taint from the callers, nothing, or taint of their own (for "does f return its input?"). */
type Mode = 0 | 1 | 2;
const NORMAL: Mode = 0;
const CLEAN: Mode = 1;
const PARAMS: Mode = 2;

/** An optional hook: parameters that are sources of their own (the input of an MCP tool handler, say). */
export type ParamSource = (fn: SyntaxNode, index: number) => Step | undefined;

export class TaintEngine {
  private readonly memo = new Map<string, Trace | null>();
  private readonly active = new Set<string>();
  private readonly sourceCache = new Map<number, string | null>();

  constructor(
    readonly module: JsModule,
    private readonly paramSource?: ParamSource,
    /** When false, LLM calls are not sources (for a rule tracking another kind of input only). */
    private readonly llmSources = true,
  ) {}

  /** The provider when a call is an LLM call. */
  sourceOf(site: CallSite): string | undefined {
    if (!this.llmSources) return undefined;
    const cached = this.sourceCache.get(site.node.id);
    if (cached !== undefined) return cached ?? undefined;
    const provider = llmSourceOf(this.module, site);
    this.sourceCache.set(site.node.id, provider ?? null);
    return provider;
  }

  /** How model-written text reaches `node`, or undefined when it does not. `mode` says what parameters carry. */
  taint(node: SyntaxNode, kind: SinkKind, mode: Mode = NORMAL, depth = 0): Trace | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const key = `${node.id}:${kind}:${mode}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (this.active.has(key)) return undefined;
    this.active.add(key);
    let result: Trace | undefined;
    try {
      result = this.compute(node, kind, mode, depth + 1);
    } finally {
      this.active.delete(key);
    }
    this.memo.set(key, result ?? null);
    return result;
  }

  private any(nodes: readonly (SyntaxNode | null | undefined)[], kind: SinkKind, mode: Mode, depth: number): Trace | undefined {
    for (const node of nodes) {
      if (!node) continue;
      const trace = this.taint(node, kind, mode, depth);
      if (trace) return trace;
    }
    return undefined;
  }

  private compute(raw: SyntaxNode, kind: SinkKind, mode: Mode, depth: number): Trace | undefined {
    const node = unwrap(raw);
    if (node !== raw) return this.taint(node, kind, mode, depth);
    switch (node.type) {
      case 'call_expression':
      case 'new_expression':
        return this.call(node, kind, mode, depth);
      case 'identifier':
      case 'shorthand_property_identifier':
        return this.identifier(node, kind, mode, depth);
      case 'member_expression': {
        const assigned = this.memberValues(node);
        const viaAssignment = this.any(assigned, kind, mode, depth);
        if (viaAssignment) return extend(viaAssignment, { text: shorten(node.text, 40), line: lineOf(assigned[0]!) });
        return this.taint(node.childForFieldName('object')!, kind, mode, depth);
      }
      case 'subscript_expression': {
        const object = node.childForFieldName('object');
        return object ? this.taint(object, kind, mode, depth) : undefined;
      }
      case 'template_string':
        return this.any(
          node.namedChildren.filter((child) => child?.type === 'template_substitution').map((child) => child!.namedChildren[0]),
          kind,
          mode,
          depth,
        );
      case 'binary_expression': {
        const operator = node.childForFieldName('operator')?.text;
        if (operator !== '+' && operator !== '||' && operator !== '??' && operator !== '&&') return undefined;
        return this.any([node.childForFieldName('left'), node.childForFieldName('right')], kind, mode, depth);
      }
      case 'ternary_expression':
        return this.any([node.childForFieldName('consequence'), node.childForFieldName('alternative')], kind, mode, depth);
      case 'array':
        return this.any(node.namedChildren, kind, mode, depth);
      case 'object':
        return this.any(
          node.namedChildren.map((entry) => (entry?.type === 'pair' ? entry.childForFieldName('value') : entry)),
          kind,
          mode,
          depth,
        );
      case 'spread_element':
      case 'jsx_expression':
      case 'template_substitution':
        return this.any(node.namedChildren, kind, mode, depth);
      case 'assignment_expression':
      case 'augmented_assignment_expression':
        return this.any([node.childForFieldName('right')], kind, mode, depth);
      case 'sequence_expression':
        return this.any([node.namedChildren[node.namedChildCount - 1]], kind, mode, depth);
      default:
        return undefined;
    }
  }

  private thisAssignments: Map<string, SyntaxNode[]> | undefined;

  /** What `this.x = ...` assigns anywhere in the file, for a `this.x` read. */
  private memberValues(node: SyntaxNode): readonly SyntaxNode[] {
    if (node.childForFieldName('object')?.type !== 'this') return [];
    if (!this.thisAssignments) {
      this.thisAssignments = new Map();
      for (const assignment of this.module.assignments) {
        const left = assignment.childForFieldName('left');
        const right = assignment.childForFieldName('right');
        if (!left || !right || left.type !== 'member_expression' || left.childForFieldName('object')?.type !== 'this') continue;
        const list = this.thisAssignments.get(left.text) ?? [];
        list.push(right);
        this.thisAssignments.set(left.text, list);
      }
    }
    return this.thisAssignments.get(node.text) ?? [];
  }

  private call(node: SyntaxNode, kind: SinkKind, mode: Mode, depth: number): Trace | undefined {
    const site = this.module.callAt.get(node.id);
    if (!site) return undefined;
    const provider = this.sourceOf(site);
    if (provider) return [{ text: `${shorten(site.calleeText, 60)}(...)`, line: lineOf(node) }];
    if (site.taggedTemplate && taggedTemplateSanitizes(kind)) return undefined;
    if (isSanitizer(kind, site)) return undefined;
    const name = lastSegment(site.resolved ?? site.calleeText);
    if (NON_PROPAGATING.has(name)) return undefined;
    if (site.callee?.type === 'member_expression') {
      const object = site.callee.childForFieldName('object');
      const viaReceiver = object ? this.taint(object, kind, mode, depth) : undefined;
      if (viaReceiver) return viaReceiver;
    }
    const viaArgs = () => this.any(site.args.filter((arg) => !isFunctionNode(arg)), kind, mode, depth);
    const fns = this.localFunctions(site);
    if (fns.length === 0) return viaArgs();
    // A local function: what it returns by itself, whatever it is given; or a tainted argument, if what it
    // returns depends on its parameters at all.
    const step = { text: `${shorten(site.calleeText, 40)}()`, line: lineOf(node) };
    for (const fn of fns) {
      const returned = this.any(this.module.returns.get(fn.id) ?? [], kind, CLEAN, depth);
      if (returned) return extend(returned, step);
    }
    const argument = viaArgs();
    if (argument && fns.some((fn) => this.any(this.module.returns.get(fn.id) ?? [], kind, PARAMS, depth))) return extend(argument, step);
    return undefined;
  }

  private localFunctions(site: CallSite): SyntaxNode[] {
    const callee = site.callee;
    if (!callee || site.isNew) return [];
    const fns: SyntaxNode[] = [];
    if (callee.type === 'identifier') {
      const key = this.module.declarationOf(callee);
      for (const binding of key ? this.module.bindingsOf(key) : []) {
        if (binding.kind === 'function') fns.push(binding.fn);
        else if (binding.kind === 'value' && isFunctionNode(binding.value)) fns.push(binding.value);
      }
    }
    return fns;
  }

  private identifier(node: SyntaxNode, kind: SinkKind, mode: Mode, depth: number): Trace | undefined {
    const key = this.module.declarationOf(node) ?? `global:${node.text}`;
    // Every use of a variable has the same taint: compute it once per declaration.
    const memoKey = `var:${key}:${kind}:${mode}`;
    const cached = this.memo.get(memoKey);
    if (cached !== undefined) return cached ?? undefined;
    if (this.active.has(memoKey)) return undefined;
    this.active.add(memoKey);
    let result: Trace | undefined;
    try {
      result = this.variable(node, key, kind, mode, depth);
    } finally {
      this.active.delete(memoKey);
    }
    this.memo.set(memoKey, result ?? null);
    return result;
  }

  private variable(node: SyntaxNode, key: string, kind: SinkKind, mode: Mode, depth: number): Trace | undefined {
    for (const binding of this.module.bindingsOf(key)) {
      let trace: Trace | undefined;
      switch (binding.kind) {
        case 'value':
          if (binding.value === binding.node) continue;
          trace = this.taint(binding.value, kind, mode, depth);
          break;
        case 'iter':
          trace = this.taint(binding.value, kind, mode, depth);
          break;
        case 'state':
          trace = (binding.initial ? this.taint(binding.initial, kind, mode, depth) : undefined) ?? this.setterCalls(binding.setter, kind, mode, depth);
          break;
        case 'param':
          if (mode === CLEAN) continue;
          trace = mode === PARAMS ? [{ text: `${node.text} (parameter)`, line: lineOf(binding.node) }] : this.param(binding.fn, binding.index, kind, depth);
          break;
        default:
          continue;
      }
      if (trace) return extend(trace, { text: node.text, line: lineOf(binding.node) });
    }
    return undefined;
  }

  /** `setAnswer(text)` or `setAnswer((previous) => previous + text)`. */
  private setterCalls(setter: SyntaxNode, kind: SinkKind, mode: Mode, depth: number): Trace | undefined {
    const key = this.module.declarationOf(setter);
    if (!key) return undefined;
    for (const site of this.module.calls) {
      if (site.callee?.type !== 'identifier' || site.callee.text !== setter.text || this.module.declarationOf(site.callee) !== key) continue;
      const arg = site.args[0];
      if (!arg) continue;
      const trace = isFunctionNode(arg) ? this.any(this.module.returns.get(arg.id) ?? [], kind, mode, depth) : this.taint(arg, kind, mode, depth);
      if (trace) return extend(trace, { text: `${setter.text}(...)`, line: lineOf(site.node) });
    }
    return undefined;
  }

  private param(fn: SyntaxNode, index: number, kind: SinkKind, depth: number): Trace | undefined {
    const own = this.paramSource?.(fn, index);
    if (own) return [own];
    for (const caller of this.module.callersOf.get(fn.id) ?? []) {
      const arg = caller.args[index];
      if (!arg) continue;
      const trace = this.taint(arg, kind, NORMAL, depth);
      if (trace) return trace;
    }
    // a callback: `tainted.then((text) => ...)`, `chunks.map((c) => ...)`
    if (index === 0 && fn.parent?.type === 'arguments') {
      const call = fn.parent.parent;
      const site = call ? this.module.callAt.get(call.id) : undefined;
      if (site?.callee?.type === 'member_expression') {
        const object = site.callee.childForFieldName('object');
        if (object) return this.taint(object, kind, NORMAL, depth);
      }
    }
    return undefined;
  }
}

/** The literal text a string expression starts with (`https://api.x/` for `` `https://api.x/${q}` ``). */
export function leadingLiteral(module: JsModule, node: SyntaxNode, depth = 0): string {
  if (depth > 6) return '';
  const inner = unwrap(node);
  const value = stringValue(inner);
  if (value !== undefined) return value;
  if (inner.type === 'template_string') {
    let text = '';
    for (const part of inner.namedChildren) {
      if (!part) continue;
      if (part.type === 'template_substitution') break;
      text += part.text;
    }
    return text;
  }
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '+') {
    const left = inner.childForFieldName('left');
    return left ? leadingLiteral(module, left, depth + 1) : '';
  }
  if (inner.type === 'identifier') {
    const key = module.declarationOf(inner);
    const bindings = key ? module.bindingsOf(key) : [];
    if (bindings.length === 1 && bindings[0]!.kind === 'value' && bindings[0]!.value !== bindings[0]!.node) return leadingLiteral(module, bindings[0]!.value, depth + 1);
  }
  return '';
}

/** The expression a string-valued argument is built by, following a single `const` binding. */
export function builtExpression(module: JsModule, node: SyntaxNode, depth = 0): SyntaxNode {
  const inner = unwrap(node);
  if (depth < 4 && inner.type === 'identifier') {
    const key = module.declarationOf(inner);
    const bindings = key ? module.bindingsOf(key) : [];
    const values = bindings.filter((binding) => binding.kind === 'value' && binding.value !== binding.node);
    if (values.length >= 1 && values.length === bindings.length && values[0]!.kind === 'value' && !values[0]!.op) return builtExpression(module, values[0]!.value, depth + 1);
  }
  return inner;
}

/** `source (line 8) -> answer (line 9) -> exec(answer) (line 12)`, cut to 200 characters. */
export function traceEvidence(trace: Trace, sinkText: string, sinkLine: number): string {
  const steps = [...trace, { text: sinkText, line: sinkLine }];
  // Drop repeated names (a variable met twice on the way).
  const kept: Step[] = [];
  for (const step of steps) if (!kept.some((k) => k.text === step.text && k.line === step.line)) kept.push(step);
  const render = (list: readonly (Step | undefined)[]) => list.map((step) => (step ? `${step.text} (line ${step.line})` : '…')).join(' -> ');
  let list: (Step | undefined)[] = kept;
  let text = render(list);
  while (text.length > 200 && list.length > 3) {
    const middle = list.filter((step) => step !== undefined);
    middle.splice(1, 1);
    list = [middle[0], undefined, ...middle.slice(1)];
    text = render(list);
  }
  return shorten(text);
}

