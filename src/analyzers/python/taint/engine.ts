/**
 * @module The taint engine for Python: where LLM output (the sources in catalog.ts) flows within one module.
 *
 * One walk over the syntax tree turns it into plain data: scopes (module, classes, functions), flow edges
 * (assignments, tuple unpacking, `+=`, for-loops and comprehensions, `with ... as`, walrus, returns and
 * yields) and a small expression form for every right-hand side and call. A fixpoint over the edges then
 * computes, for every variable, which flows reach it. It is flow-insensitive within a function and bounded:
 * at most MAX_ROUNDS passes over linear data, each expression evaluated once per pass.
 *
 * Functions get summaries rather than being inlined. A parameter starts with a symbolic flow of its own; a
 * function's return value is then a mix of real flows (LLM output it fetched itself) and parameter flows,
 * which a call site replaces by the flows of its arguments (so `def clean(s): return s.strip()` is tainted
 * only where it is called with LLM output). For sinks inside a function, its parameters take the union of
 * the real flows passed at every call site in the file (context-insensitive).
 *
 * Each flow carries the sink kinds it is still dangerous for (sanitizers clear bits), whether it sits only in
 * a later element of a list (a program's argument rather than the program), and the path it took, for evidence.
 */
import type { SyntaxNode } from '../../../parsers/tree-sitter.js';
import type { PythonModule } from '../module.js';
import type { LiteNode, LiteTree } from './lite.js';
import { fieldOf, liteTree } from './lite.js';
import type { SinkKind } from './catalog.js';
import {
  ALL_SINKS,
  ARGUMENT_METHODS,
  INVOKE_METHODS,
  KILLERS,
  KILLER_METHODS,
  PROPAGATORS,
  SANITIZERS,
  SINK,
  isFrameworkCall,
  isModelConstructor,
  isSourceCall,
  isWrapperCall,
  mayBeWrapperCall,
} from './catalog.js';

const MAX_ROUNDS = 12;
const MAX_EXPRESSION_DEPTH = 120;
const MAX_FLOWS = 6;
const MAX_PATH_COPY = 24;

export interface Step {
  readonly label: string;
  readonly line: number;
  readonly prev: Step | undefined;
}

interface Flow {
  /** `S<call key>` for LLM output, `P<function>:<parameter>` for a parameter's symbolic flow. */
  readonly origin: string;
  /** The source call as written (`client.chat.completions.create`); empty for parameter flows. */
  readonly source: string;
  readonly mask: number;
  /** Only in a later element of a list or tuple (an argument, not the program). */
  readonly tail: boolean;
  readonly path: Step | undefined;
}

interface Value {
  readonly flows: readonly Flow[];
  /** Set when the value is an LLM object (model, chain, agent, pipeline): its text as written. */
  readonly model?: string;
}

const EMPTY: Value = { flows: [] };
const CONST: Expr = { k: 'const' };

/** A flow of LLM output that reaches a sink argument. */
export interface TaintFlow {
  /** The source call as written, e.g. `client.chat.completions.create`. */
  readonly source: string;
  readonly mask: number;
  readonly tail: boolean;
  readonly path: Step | undefined;
}

type Expr =
  | { readonly k: 'const'; readonly text?: string }
  | { readonly k: 'name'; readonly name: string; ref?: { readonly key: string; readonly holder: Scope; readonly own: boolean } }
  | { readonly k: 'attr'; readonly object: Expr; readonly attribute: string }
  | { readonly k: 'sub'; readonly object: Expr; readonly key?: string }
  | { readonly k: 'str'; readonly prefix: string; readonly parts: readonly Expr[] }
  | { readonly k: 'bin'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'list'; readonly elements: readonly Expr[] }
  | { readonly k: 'union'; readonly parts: readonly Expr[] }
  | { readonly k: 'call'; readonly call: TaintCall };

interface Memo {
  stamp: number;
  value: Value;
}

interface ClassInfo {
  readonly name: string;
  readonly methods: Map<string, FunctionInfo>;
}

interface FunctionInfo {
  readonly index: number;
  readonly name: string;
  readonly line: number;
  readonly params: readonly string[];
  scope: Scope;
  readonly className: string | undefined;
  returns: Value;
  /** Real flows passed to each parameter by the calls in this file. */
  readonly paramFlows: Value[];
}

interface Scope {
  readonly id: number;
  readonly kind: 'module' | 'class' | 'function';
  readonly parent: Scope | undefined;
  readonly locals: Set<string>;
  readonly declaredGlobal: Set<string>;
  readonly functions: Map<string, FunctionInfo>;
  readonly classes: Map<string, ClassInfo>;
  readonly fn: FunctionInfo | undefined;
  /** For a class body: its name. */
  readonly className: string | undefined;
  /** For a method: the name of its first parameter (`self`) and its class. */
  selfName: string | undefined;
}

/** A call in the module, with what a sink rule needs to judge it. */
export interface TaintCall {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** The call's source text. */
  readonly text: string;
  /** The call's syntax node, for reporting (looked up on demand). */
  syntaxNode(): SyntaxNode | null;
  readonly callee: string | undefined;
  readonly calleeText: string;
  /** The method name when the callee is an attribute (`execute` in `cur.execute`). */
  readonly method: string | undefined;
  readonly line: number;
  readonly positional: readonly Expr[];
  readonly keywords: ReadonlyMap<string, Expr>;
  readonly hasSpread: boolean;
  /** The literal value of each keyword argument that is a constant. */
  readonly keywordLiterals: ReadonlyMap<string, string | number | boolean | null | undefined>;
  readonly fnExpr: Expr;
  readonly receiver: Expr | undefined;
  scope: Scope;
  target?: { fn: FunctionInfo; offset: number } | undefined;
  memo?: Memo;
}

export type ArgumentExpr = Expr;

type Target =
  | { readonly k: 'name'; readonly name: string; ref?: { readonly key: string; readonly holder: Scope; readonly own: boolean } }
  | { readonly k: 'self'; readonly cls: string; readonly attribute: string; readonly label: string }
  | { readonly k: 'container'; readonly name: string; readonly label: string }
  | { readonly k: 'tuple'; readonly elements: readonly Target[] }
  | { readonly k: 'ignore' };

interface Edge {
  readonly scope: Scope;
  readonly target: Target;
  readonly value: Expr;
  readonly line: number;
  /** for-loops and comprehensions: the target takes an element of the value. */
  readonly element: boolean;
  /** `x += [...]`: list elements appended after others. */
  readonly append: boolean;
}

interface ReturnEdge {
  readonly fn: FunctionInfo;
  readonly scope: Scope;
  readonly value: Expr;
}

export interface TaintAnalysis {
  readonly calls: readonly TaintCall[];
  /** LLM flows that reach an expression (an argument of `call`), not yet filtered by sink kind. */
  flowsOf(call: TaintCall, expr: Expr): TaintFlow[];
  /** The elements of a list or tuple literal, or undefined when the expression is something else. */
  elementsOf(expr: Expr): readonly Expr[] | undefined;
  /** Whether the module binds this name itself (a def, class, import or assignment anywhere). */
  bindsName(name: string): boolean;
  /** How many fixpoint passes ran (for tests of the bound). */
  readonly rounds: number;
}

const cache = new WeakMap<PythonModule, TaintAnalysis>();

/** The module's taint analysis, computed on first use and shared by every taint rule. */
const NO_TAINT: TaintAnalysis = { calls: [], flowsOf: () => [], elementsOf: () => undefined, bindsName: () => false, rounds: 0 };

/**
 * Whether any call in the module can produce LLM output (a source, an LLM object, a framework building one, or a
 * project wrapper by name). Most modules have none, and then the dataflow, a third of the analyzer's time on
 * ordinary code (bench/RESULTS.md), is skipped.
 */
function canCarryTaint(module: PythonModule): boolean {
  return module.calls.some(
    (call) => isSourceCall(call.callee, call.calleeText) || isModelConstructor(call.callee) || isFrameworkCall(call.callee) || mayBeWrapperCall(call.calleeText),
  );
}

export function taintOf(module: PythonModule): TaintAnalysis {
  let analysis = cache.get(module);
  if (!analysis) {
    analysis = canCarryTaint(module) ? analyse(module) : NO_TAINT;
    cache.set(module, analysis);
  }
  return analysis;
}

export function sinkBit(kind: SinkKind): number {
  return SINK[kind];
}

const stepOf = (label: string, line: number, prev: Step | undefined): Step => ({ label, line, prev });

/** Appends the steps of `tail` (oldest first) after `head`; long tails keep their newest steps. */
function concatPath(head: Step | undefined, tail: Step | undefined): Step | undefined {
  const steps: Step[] = [];
  for (let step = tail; step && steps.length < MAX_PATH_COPY; step = step.prev) steps.push(step);
  let path = head;
  for (let i = steps.length - 1; i >= 0; i--) path = stepOf(steps[i]!.label, steps[i]!.line, path);
  return path;
}

function shortLabel(text: string, max = 48): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function union(a: Value, b: Value): Value {
  if (b.flows.length === 0 && !b.model) return a;
  if (a.flows.length === 0 && !a.model) return b;
  const flows = [...a.flows];
  for (const flow of b.flows) {
    const at = flows.findIndex((f) => f.origin === flow.origin);
    if (at >= 0) {
      const old = flows[at]!;
      if ((old.mask | flow.mask) !== old.mask || (old.tail && !flow.tail)) flows[at] = { ...old, mask: old.mask | flow.mask, tail: old.tail && flow.tail };
    } else if (flows.length < MAX_FLOWS) {
      flows.push(flow);
    }
  }
  const model = a.model ?? b.model;
  return model === undefined ? { flows } : { flows, model };
}

function mapFlows(value: Value, map: (flow: Flow) => Flow | undefined, keepModel = false): Value {
  const flows: Flow[] = [];
  for (const flow of value.flows) {
    const mapped = map(flow);
    if (mapped) flows.push(mapped);
  }
  return keepModel && value.model !== undefined ? { flows, model: value.model } : { flows };
}

const untail = (value: Value): Value => {
  if (value.flows.some((f) => f.tail)) return mapFlows(value, (f) => (f.tail ? { ...f, tail: false } : f));
  return value.model === undefined ? value : { flows: value.flows };
};
/** The flows of a value without its LLM-object mark (an attribute of a model is not a model). */
const flowsOnly = (value: Value): Value => (value.model === undefined ? value : { flows: value.flows });
const clearBits = (value: Value, bits: number): Value => mapFlows(value, (f) => ({ ...f, mask: f.mask & ~bits }));

/**
 * Fields of a response that the provider fills in, not the model: ids, token counts, timestamps, the model
 * name, why generation stopped. Reading one of them ends the flow.
 */
const METADATA: ReadonlySet<string> = new Set([
  'id', 'usage', 'created', 'created_at', 'model', 'object', 'system_fingerprint', 'finish_reason', 'stop_reason',
  'stop_sequence', 'role', 'index', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'input_tokens', 'output_tokens',
  'usage_metadata', 'response_metadata', 'prompt_feedback', 'status', 'status_code', 'eval_count', 'prompt_eval_count',
  'total_duration', 'done', 'done_reason',
]);

/** A literal prefix naming a scheme and host (`https://api.example.com/`): what follows cannot change the host. */
const FIXED_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}]+[/?#]/i;

function analyse(module: PythonModule): TaintAnalysis {
  const calleeByKey = new Map<string, { callee: string | undefined; calleeText: string }>();
  for (const call of module.calls) calleeByKey.set(`${call.node.startIndex}:${call.node.endIndex}`, { callee: call.callee, calleeText: call.calleeText });
  const tree = liteTree(module.root);
  const staticMethods = new Set<number>();

  const scopes: Scope[] = [];
  const newScope = (kind: Scope['kind'], parent: Scope | undefined, fn?: FunctionInfo, className?: string): Scope => {
    const scope: Scope = {
      id: scopes.length,
      kind,
      parent,
      locals: new Set(),
      declaredGlobal: new Set(),
      functions: new Map(),
      classes: new Map(),
      fn,
      className,
      selfName: undefined,
    };
    scopes.push(scope);
    return scope;
  };
  const moduleScope = newScope('module', undefined);
  const functions: FunctionInfo[] = [];
  const edges: Edge[] = [];
  const returns: ReturnEdge[] = [];
  const calls: TaintCall[] = [];
  const callByKey = new Map<string, TaintCall>();
  const boundNames = new Set<string>(module.importBindings.keys());

  // ---- expressions -------------------------------------------------------------------------------------
  const named = (node: LiteNode) => node.children.filter((c) => c.named);
  const displayLine = module.displayLine ?? ((line: number) => line);
  const lineOf = (node: LiteNode) => displayLine(tree.line(node));

  /** Converts an expression; calls, comprehension loops, walrus targets and lambda bodies inside it are recorded. */
  const expr = (node: LiteNode | undefined, scope: Scope, depth = 0): Expr => {
    if (!node || depth > MAX_EXPRESSION_DEPTH) return CONST;
    const sub = (child: LiteNode | undefined) => expr(child, scope, depth + 1);
    switch (node.type) {
      case 'identifier':
        return { k: 'name', name: tree.text(node) };
      case 'attribute': {
        const attribute = fieldOf(node, 'attribute');
        return { k: 'attr', object: sub(fieldOf(node, 'object')), attribute: attribute ? tree.text(attribute) : '' };
      }
      case 'subscript': {
        let key: string | undefined;
        for (const index of node.children) {
          if (index.field !== 'subscript') continue;
          const converted = sub(index);
          if (converted.k === 'const' && index.type === 'string') key = converted.text;
        }
        const object = sub(fieldOf(node, 'value'));
        return key === undefined ? { k: 'sub', object } : { k: 'sub', object, key };
      }
      case 'call':
        return { k: 'call', call: callOf(node, scope, depth) };
      case 'string': {
        const parts: Expr[] = [];
        let prefix = '';
        let open = true;
        for (const part of node.children) {
          if (part.type === 'interpolation') {
            open = false;
            parts.push(sub(fieldOf(part, 'expression') ?? named(part)[0]));
          } else if (open && (part.type === 'string_content' || part.type === 'escape_sequence')) {
            prefix += tree.text(part);
          }
        }
        return parts.length === 0 ? { k: 'const', text: prefix } : { k: 'str', prefix, parts };
      }
      case 'concatenated_string': {
        const parts: Expr[] = [];
        let prefix = '';
        let open = true;
        for (const piece of named(node).map(sub)) {
          if (piece.k === 'const' && open) prefix += piece.text ?? '';
          else if (piece.k === 'str') {
            if (open) prefix += piece.prefix;
            open = false;
            parts.push(...piece.parts);
          }
        }
        return parts.length === 0 ? { k: 'const', text: prefix } : { k: 'str', prefix, parts };
      }
      case 'binary_operator': {
        const op = fieldOf(node, 'operator');
        return { k: 'bin', op: op ? tree.text(op) : '', left: sub(fieldOf(node, 'left')), right: sub(fieldOf(node, 'right')) };
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return { k: 'list', elements: named(node).map(sub) };
      case 'dictionary':
        return { k: 'union', parts: named(node).map((pair) => (pair.type === 'pair' ? (sub(fieldOf(pair, 'key')), sub(fieldOf(pair, 'value'))) : sub(pair))) };
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        for (const clause of node.children) {
          if (clause.type === 'for_in_clause') {
            const left = fieldOf(clause, 'left');
            edges.push({ scope, target: targetOf(left, scope), value: sub(fieldOf(clause, 'right')), line: lineOf(clause), element: true, append: false });
          } else if (clause.type === 'if_clause') {
            named(clause).forEach(sub);
          }
        }
        const body = fieldOf(node, 'body');
        return { k: 'union', parts: [body?.type === 'pair' ? (sub(fieldOf(body, 'key')), sub(fieldOf(body, 'value'))) : sub(body)] };
      }
      case 'conditional_expression': {
        const [a, condition, b] = named(node);
        sub(condition);
        return { k: 'union', parts: [sub(a), sub(b)] };
      }
      case 'named_expression': {
        const value = sub(fieldOf(node, 'value'));
        edges.push({ scope, target: targetOf(fieldOf(node, 'name'), scope), value, line: lineOf(node), element: false, append: false });
        return value;
      }
      case 'assignment':
        return assignmentEdge(node, scope, depth);
      case 'augmented_assignment': {
        const value = sub(fieldOf(node, 'right'));
        edges.push({ scope, target: targetOf(fieldOf(node, 'left'), scope), value, line: lineOf(node), element: false, append: value.k === 'list' });
        return CONST;
      }
      case 'lambda':
        sub(fieldOf(node, 'body'));
        return CONST;
      case 'yield': {
        const value: Expr = { k: 'union', parts: named(node).map(sub) };
        const fn = functionScopeOf(scope)?.fn;
        if (fn) returns.push({ fn, scope, value });
        return CONST;
      }
      case 'comparison_operator':
      case 'not_operator':
      case 'unary_operator':
        named(node).forEach(sub);
        return CONST;
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'ellipsis':
        return CONST;
      default:
        // await, parentheses, boolean operators, splats, keyword arguments and anything unforeseen: what is inside flows out.
        return { k: 'union', parts: named(node).map(sub) };
    }
  };

  const assignmentEdge = (node: LiteNode, scope: Scope, depth: number): Expr => {
    const right = fieldOf(node, 'right');
    if (!right) return CONST; // `x: int` declares, assigns nothing
    // a = b = value: the inner assignment is its own edge and evaluates to the value.
    const value = expr(right, scope, depth + 1);
    edges.push({ scope, target: targetOf(fieldOf(node, 'left'), scope), value, line: lineOf(node), element: false, append: false });
    return value;
  };

  const callOf = (node: LiteNode, scope: Scope, depth: number): TaintCall => {
    const key = `${node.start}:${node.end}`;
    const known = callByKey.get(key);
    if (known) return known;
    const fnNode = fieldOf(node, 'function');
    const resolved = calleeByKey.get(key);
    const positional: Expr[] = [];
    const keywords = new Map<string, Expr>();
    const keywordLiterals = new Map<string, string | number | boolean | null | undefined>();
    let hasSpread = false;
    const list = fieldOf(node, 'arguments');
    if (list?.type === 'argument_list') {
      for (const arg of named(list)) {
        if (arg.type === 'keyword_argument') {
          const name = fieldOf(arg, 'name');
          const value = fieldOf(arg, 'value');
          if (name && value) {
            keywords.set(tree.text(name), expr(value, scope, depth + 1));
            keywordLiterals.set(tree.text(name), liteLiteral(value, tree));
          }
        } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
          hasSpread = true;
          expr(arg, scope, depth + 1);
        } else {
          positional.push(expr(arg, scope, depth + 1));
        }
      }
    } else if (list) {
      positional.push(expr(list, scope, depth + 1));
    }
    const fnExpr = expr(fnNode, scope, depth + 1);
    const call: TaintCall = {
      key,
      start: node.start,
      end: node.end,
      text: tree.text(node),
      callee: resolved?.callee,
      calleeText: resolved?.calleeText ?? (fnNode ? tree.text(fnNode) : ''),
      method: fnExpr.k === 'attr' ? fnExpr.attribute : undefined,
      line: lineOf(node),
      positional,
      keywords,
      hasSpread,
      keywordLiterals,
      fnExpr,
      receiver: fnExpr.k === 'attr' ? fnExpr.object : undefined,
      scope,
      syntaxNode: () => module.root.descendantForIndex(node.start, node.end),
    };
    callByKey.set(key, call);
    calls.push(call);
    return call;
  };

  // ---- targets -------------------------------------------------------------------------------------------
  const targetOf = (node: LiteNode | undefined, scope: Scope, depth = 0): Target => {
    if (!node || depth > MAX_EXPRESSION_DEPTH) return { k: 'ignore' };
    switch (node.type) {
      case 'identifier': {
        const name = tree.text(node);
        scope.locals.add(name);
        boundNames.add(name);
        return { k: 'name', name };
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list':
        return { k: 'tuple', elements: named(node).map((c) => targetOf(c, scope, depth + 1)) };
      case 'list_splat_pattern':
      case 'as_pattern_target':
      case 'parenthesized_expression':
        return targetOf(named(node)[0], scope, depth + 1);
      case 'attribute': {
        const object = fieldOf(node, 'object');
        const attributeNode = fieldOf(node, 'attribute');
        const attribute = attributeNode ? tree.text(attributeNode) : '';
        const method = methodScopeOf(scope);
        if (object?.type === 'identifier' && method && tree.text(object) === method.selfName && method.fn?.className) {
          return { k: 'self', cls: method.fn.className, attribute, label: shortLabel(tree.text(node)) };
        }
        const root = rootName(node, tree);
        return root ? { k: 'container', name: root, label: shortLabel(tree.text(node)) } : { k: 'ignore' };
      }
      case 'subscript': {
        for (const index of node.children) if (index.field === 'subscript') expr(index, scope, depth + 1);
        const root = rootName(node, tree);
        return root ? { k: 'container', name: root, label: shortLabel(tree.text(node)) } : { k: 'ignore' };
      }
      default:
        return { k: 'ignore' };
    }
  };

  /** `from . import llm` binds llm -> `.llm`; `from .llm import complete as c` binds c -> `.llm.complete`. */
  const relativeImports = new Map<string, string>();
  const recordRelativeImport = (node: LiteNode) => {
    const from = fieldOf(node, 'module_name');
    if (from?.type !== 'relative_import') return;
    const base = tree.text(from).replace(/\s+/g, '');
    for (const name of node.children) {
      if (name.field !== 'name') continue;
      const target = name.type === 'aliased_import' ? fieldOf(name, 'name') : name;
      const alias = name.type === 'aliased_import' ? fieldOf(name, 'alias') : name;
      if (!target || !alias) continue;
      const targetText = tree.text(target);
      relativeImports.set(tree.text(alias), `${base}${base.endsWith('.') ? '' : '.'}${targetText}`);
    }
  };
  /** The dotted path a callee is written as, with a relatively imported head replaced by its module path. */
  const writtenPath = (call: TaintCall): string | undefined => {
    if (call.callee !== undefined) return call.callee;
    const text = call.calleeText;
    if (!/^[A-Za-z_][\w.]*$/.test(text)) return undefined;
    const head = text.split('.')[0]!;
    const relative = relativeImports.get(head);
    return relative === undefined ? text : `${relative}${text.slice(head.length)}`;
  };

  // ---- the walk over statements ----------------------------------------------------------------------------
  // Statements are walked with an explicit stack (deep nesting must not overflow); every expression found
  // in them is converted once by `expr`, which records the calls and flows inside it.
  const stack: { node: LiteNode; scope: Scope }[] = [{ node: tree.root, scope: moduleScope }];
  const pushAll = (nodes: readonly LiteNode[], scope: Scope) => {
    for (let i = nodes.length - 1; i >= 0; i--) stack.push({ node: nodes[i]!, scope });
  };

  while (stack.length > 0) {
    const { node, scope } = stack.pop()!;
    switch (node.type) {
      case 'function_definition': {
        const nameNode = fieldOf(node, 'name');
        const name = nameNode ? tree.text(nameNode) : '<anonymous>';
        const params = parameterNames(fieldOf(node, 'parameters'), tree);
        const className = scope.kind === 'class' ? scope.className : undefined;
        const info: FunctionInfo = { index: functions.length, name, line: lineOf(node), params, scope: moduleScope, className, returns: EMPTY, paramFlows: params.map(() => EMPTY) };
        const fnScope = newScope('function', scope, info);
        info.scope = fnScope;
        if (className !== undefined && params.length > 0 && !staticMethods.has(node.start)) fnScope.selfName = params[0];
        for (const param of params) fnScope.locals.add(param);
        functions.push(info);
        scope.locals.add(name);
        boundNames.add(name);
        if (scope.kind === 'class' && className !== undefined) scope.parent?.classes.get(className)?.methods.set(name, info);
        else scope.functions.set(name, info);
        const body = fieldOf(node, 'body');
        if (body) stack.push({ node: body, scope: fnScope });
        continue;
      }
      case 'class_definition': {
        const nameNode = fieldOf(node, 'name');
        const name = nameNode ? tree.text(nameNode) : '';
        scope.locals.add(name);
        boundNames.add(name);
        scope.classes.set(name, { name, methods: new Map() });
        const classScope = newScope('class', scope, undefined, name);
        const body = fieldOf(node, 'body');
        if (body) stack.push({ node: body, scope: classScope });
        continue;
      }
      case 'decorated_definition': {
        const definition = fieldOf(node, 'definition');
        if (definition && node.children.some((c) => c.type === 'decorator' && /\bstaticmethod\b/.test(tree.text(c)))) staticMethods.add(definition.start);
        for (const decorator of node.children) if (decorator.type === 'decorator') named(decorator).forEach((d) => expr(d, scope));
        if (definition) stack.push({ node: definition, scope });
        continue;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        for (const name of node.children) if (name.type === 'identifier') scope.declaredGlobal.add(tree.text(name));
        continue;
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        if (node.type === 'import_from_statement') recordRelativeImport(node);
        for (const name of node.children) {
          const alias = name.type === 'aliased_import' ? fieldOf(name, 'alias') : name.field === 'name' ? name : undefined;
          if (alias) boundNames.add(tree.text(alias).split('.')[0]!);
        }
        continue;
      case 'expression_statement':
        for (const child of named(node)) expr(child, scope);
        continue;
      case 'for_statement': {
        edges.push({ scope, target: targetOf(fieldOf(node, 'left'), scope), value: expr(fieldOf(node, 'right'), scope), line: lineOf(node), element: true, append: false });
        pushAll(node.children.filter((c) => c.type === 'block' || c.type === 'else_clause'), scope);
        continue;
      }
      case 'with_item': {
        const value = fieldOf(node, 'value');
        if (value?.type === 'as_pattern') {
          const source = named(value).find((c) => c.field !== 'alias');
          edges.push({ scope, target: targetOf(fieldOf(value, 'alias'), scope), value: expr(source, scope), line: lineOf(node), element: false, append: false });
        } else {
          expr(value, scope);
        }
        continue;
      }
      case 'return_statement': {
        const fn = functionScopeOf(scope)?.fn;
        const value = named(node)[0];
        const converted = expr(value, scope);
        if (fn && value) returns.push({ fn, scope, value: converted });
        continue;
      }
      case 'case_clause':
        for (const child of node.children) if (child.field === 'guard' || child.type === 'if_clause') expr(child, scope);
        pushAll(node.children.filter((c) => c.type === 'block'), scope);
        continue;
      default:
        if (STATEMENTS.has(node.type)) {
          pushAll(node.children, scope);
        } else {
          expr(node, scope);
        }
    }
  }

  // ---- name and call resolution ------------------------------------------------------------------------------
  /** The scope that holds a name read in `scope` (Python's LEGB, class bodies skipped from inside methods). */
  const holderOf = (scope: Scope, name: string): Scope => {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s !== scope && s.kind === 'class') continue;
      if (s.declaredGlobal.has(name)) return moduleScope;
      if (s.locals.has(name)) return s;
    }
    return moduleScope;
  };
  const functionNamed = (scope: Scope, name: string): { fn: FunctionInfo; offset: number } | undefined => {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s !== scope && s.kind === 'class') continue;
      const fn = s.functions.get(name);
      if (fn) return { fn, offset: 0 };
      const cls = s.classes.get(name);
      if (cls) {
        const init = cls.methods.get('__init__');
        return init ? { fn: init, offset: 1 } : undefined;
      }
      if (s.locals.has(name)) return undefined;
    }
    return undefined;
  };
  const classNamed = (name: string): ClassInfo | undefined => {
    for (const scope of scopes) {
      const cls = scope.classes.get(name);
      if (cls) return cls;
    }
    return undefined;
  };
  for (const call of calls) {
    if (call.fnExpr.k === 'name') call.target = functionNamed(call.scope, call.fnExpr.name);
    else if (call.fnExpr.k === 'attr' && call.fnExpr.object.k === 'name') {
      const method = methodScopeOf(call.scope);
      if (method?.selfName === call.fnExpr.object.name && method.fn?.className) {
        const fn = classNamed(method.fn.className)?.methods.get(call.fnExpr.attribute);
        if (fn) call.target = { fn, offset: 1 };
      }
    }
  }

  // ---- the fixpoint ----------------------------------------------------------------------------------------------
  const vars = new Map<string, Value>();
  const varKey = (scope: Scope, name: string) => `${scope.id}:${name}`;
  for (const fn of functions) {
    fn.params.forEach((param, i) => {
      if (fn.scope.selfName === param) return;
      vars.set(varKey(fn.scope, param), {
        flows: [{ origin: `P${fn.index}:${i}`, source: '', mask: ALL_SINKS, tail: false, path: stepOf(param, fn.line, undefined) }],
      });
    });
  }

  let stamp = 0;
  let changed = false;

  /** Replaces a function's parameter flows by the real flows its callers pass. */
  const concrete = (value: Value, fn: FunctionInfo | undefined): Value => {
    if (!value.flows.some((f) => f.origin.startsWith('P'))) return value;
    let out: Value = value.model === undefined ? EMPTY : { flows: [], model: value.model };
    for (const flow of value.flows) {
      if (!flow.origin.startsWith('P')) {
        out = union(out, { flows: [flow] });
        continue;
      }
      if (!fn) continue;
      const [fnIndex, paramIndex] = flow.origin.slice(1).split(':').map(Number);
      if (fnIndex !== fn.index || paramIndex === undefined) continue;
      const passed = fn.paramFlows[paramIndex] ?? EMPTY;
      out = union(
        out,
        mapFlows(passed, (p) => ({ origin: p.origin, source: p.source, mask: p.mask & flow.mask, tail: flow.tail, path: concatPath(p.path, flow.path) })),
      );
    }
    return out;
  };

  const store = (key: string, value: Value, label: string, line: number): void => {
    if (value.flows.length === 0 && value.model === undefined) return;
    const old = vars.get(key) ?? EMPTY;
    const stepped = mapFlows(value, (f) => (old.flows.some((o) => o.origin === f.origin) ? f : { ...f, path: stepOf(label, line, f.path) }), true);
    const merged = union(old, stepped);
    if (merged !== old && !sameValue(old, merged)) {
      vars.set(key, merged);
      changed = true;
    }
  };

  const readName = (e: Extract<Expr, { k: 'name' }>, scope: Scope): Value => {
    // Scopes are final once the walk is done, so where a name lives is worked out once per occurrence.
    let ref = e.ref;
    if (!ref) {
      const holder = holderOf(scope, e.name);
      ref = { key: varKey(holder, e.name), holder, own: holder === functionScopeOf(scope) };
      e.ref = ref;
    }
    const value = vars.get(ref.key) ?? EMPTY;
    return ref.own ? value : concrete(value, ref.holder.fn);
  };

  const argumentFor = (call: TaintCall, fn: FunctionInfo, offset: number, paramIndex: number): Expr | undefined => {
    const positional = call.positional[paramIndex - offset];
    if (paramIndex - offset >= 0 && positional) return positional;
    const name = fn.params[paramIndex];
    return name === undefined ? undefined : call.keywords.get(name);
  };

  const prefixOf = (e: Expr): string | undefined => {
    if (e.k === 'const') return e.text;
    if (e.k === 'str') return e.prefix;
    if (e.k === 'bin' && e.op === '+') return prefixOf(e.left);
    return undefined;
  };

  const evaluate = (e: Expr, scope: Scope): Value => {
    switch (e.k) {
      case 'const':
        return EMPTY;
      case 'name':
        return readName(e, scope);
      case 'attr': {
        if (METADATA.has(e.attribute)) return EMPTY;
        const object = evaluate(e.object, scope);
        let value: Value = untail(object);
        if (e.object.k === 'name') {
          const method = methodScopeOf(scope);
          if (method && e.object.name === method.selfName && method.fn?.className) {
            value = union(value, vars.get(`self:${method.fn.className}#${e.attribute}`) ?? EMPTY);
          }
        }
        return value;
      }
      case 'sub':
        if (e.key !== undefined && METADATA.has(e.key)) return EMPTY;
        return untail(evaluate(e.object, scope));
      case 'str': {
        let value = EMPTY;
        const fixedHost = FIXED_HOST.test(e.prefix);
        for (const part of e.parts) value = union(value, untail(evaluate(part, scope)));
        return fixedHost ? clearBits(value, SINK.url) : flowsOnly(value);
      }
      case 'bin': {
        const left = evaluate(e.left, scope);
        let right = evaluate(e.right, scope);
        if (e.op === '|') return union(left, right);
        if (!['+', '%', '/', '*'].includes(e.op)) return EMPTY;
        if (e.op === '+' && e.right.k === 'list' && !(e.left.k === 'const' || e.left.k === 'str')) {
          right = mapFlows(right, (f) => ({ ...f, tail: true }));
          return { flows: union({ flows: left.flows }, right).flows };
        }
        if (e.op === '+' || e.op === '%') {
          const prefix = prefixOf(e.left);
          if (prefix !== undefined && FIXED_HOST.test(prefix)) right = clearBits(right, SINK.url);
        }
        return { flows: union(untail(left), untail(right)).flows };
      }
      case 'list': {
        let value = EMPTY;
        e.elements.forEach((element, i) => {
          const v = evaluate(element, scope);
          value = union(value, i === 0 ? { flows: v.flows } : mapFlows(v, (f) => ({ ...f, tail: true })));
        });
        return value;
      }
      case 'union': {
        let value = EMPTY;
        for (const part of e.parts) value = union(value, evaluate(part, scope));
        return value;
      }
      case 'call': {
        const call = e.call;
        if (call.memo?.stamp === stamp) return call.memo.value;
        // A cycle through a recursive expression cannot happen (expressions are trees), but keep a value in place.
        call.memo = { stamp, value: EMPTY };
        const value = evaluateCall(call, scope);
        call.memo = { stamp, value };
        return value;
      }
    }
  };

  const sourceValue = (call: TaintCall): Value => {
    const label = `${shortLabel(call.calleeText, 40)}(...)`;
    return { flows: [{ origin: `S${call.key}`, source: shortLabel(call.calleeText, 60), mask: ALL_SINKS, tail: false, path: stepOf(label, call.line, undefined) }] };
  };

  const argsValue = (call: TaintCall, scope: Scope, indexes: readonly number[] | 'all'): Value => {
    let value = EMPTY;
    const parts = indexes === 'all' ? [...call.positional, ...call.keywords.values()] : indexes.map((i) => call.positional[i]);
    for (const part of parts) if (part) value = union(value, { flows: untail(evaluate(part, scope)).flows });
    return value;
  };

  const evaluateCall = (call: TaintCall, scope: Scope): Value => {
    if (isSourceCall(call.callee, call.calleeText)) return sourceValue(call);
    const receiver = call.receiver ? evaluate(call.receiver, scope) : undefined;
    const method = call.method;
    if (receiver?.model !== undefined && method !== undefined) {
      if (INVOKE_METHODS.has(method)) return sourceValue(call);
      return { flows: [], model: receiver.model };
    }
    if (!call.receiver) {
      const fnValue = evaluate(call.fnExpr, scope);
      if (fnValue.model !== undefined) return sourceValue(call);
    }
    if (isModelConstructor(call.callee)) return { flows: [], model: call.calleeText };
    if (isFrameworkCall(call.callee)) {
      for (const arg of [...call.positional, ...call.keywords.values()]) {
        if (evaluate(arg, scope).model !== undefined) return { flows: [], model: call.calleeText };
      }
    }
    if (call.target) {
      const { fn, offset } = call.target;
      const label = `${shortLabel(call.calleeText, 40)}(...)`;
      let value: Value = fn.returns.model === undefined ? EMPTY : { flows: [], model: fn.returns.model };
      for (const flow of fn.returns.flows) {
        if (!flow.origin.startsWith('P')) {
          value = union(value, { flows: [{ ...flow, path: stepOf(label, call.line, flow.path) }] });
          continue;
        }
        const [fnIndex, paramIndex] = flow.origin.slice(1).split(':').map(Number);
        if (fnIndex !== fn.index || paramIndex === undefined) continue;
        const arg = argumentFor(call, fn, offset, paramIndex);
        if (!arg) continue;
        value = union(
          value,
          mapFlows(evaluate(arg, scope), (a) => ({ ...a, mask: a.mask & flow.mask, tail: flow.tail, path: stepOf(label, call.line, a.path) })),
        );
      }
      return value;
    }
    if (isWrapperCall(writtenPath(call))) return sourceValue(call);
    const name = call.callee ?? (call.fnExpr.k === 'name' && !boundNames.has(call.fnExpr.name) ? call.fnExpr.name : undefined);
    if (name !== undefined) {
      const bits = SANITIZERS.get(name);
      if (bits !== undefined) return clearBits(argsValue(call, scope, [0]), bits);
      if (KILLERS.has(name)) return EMPTY;
      const propagated = PROPAGATORS.get(name);
      if (propagated) return argsValue(call, scope, propagated);
    }
    if (method !== undefined && call.receiver) {
      if (KILLER_METHODS.has(method)) return EMPTY;
      let value: Value = { flows: untail(receiver ?? EMPTY).flows };
      if (ARGUMENT_METHODS.has(method)) {
        value = union(value, argsValue(call, scope, 'all'));
        if (method === 'format' || method === 'format_map') {
          const prefix = prefixOf(call.receiver);
          if (prefix !== undefined && FIXED_HOST.test(prefix)) value = union({ flows: untail(receiver ?? EMPTY).flows }, clearBits(argsValue(call, scope, 'all'), SINK.url));
        }
      }
      return value;
    }
    return EMPTY;
  };

  const assign = (target: Target, value: Value, scope: Scope, line: number, pairWith?: Expr): void => {
    switch (target.k) {
      case 'name': {
        const holder = holderOf(scope, target.name);
        const own = functionScopeOf(scope);
        const stored = holder === own || holder.kind === 'class' ? value : concrete(value, own?.fn);
        store(varKey(holder, target.name), stored, target.name, line);
        return;
      }
      case 'self':
        store(`self:${target.cls}#${target.attribute}`, concrete(value, functionScopeOf(scope)?.fn), target.label, line);
        return;
      case 'container': {
        const holder = holderOf(scope, target.name);
        const own = functionScopeOf(scope);
        const stored = holder === own ? value : concrete(value, own?.fn);
        store(varKey(holder, target.name), { flows: stored.flows }, target.label, line);
        return;
      }
      case 'tuple': {
        const elements = pairWith?.k === 'list' && pairWith.elements.length === target.elements.length ? pairWith.elements : undefined;
        target.elements.forEach((element, i) => {
          const part = elements ? evaluate(elements[i]!, scope) : value;
          assign(element, untail(part), scope, line);
        });
        return;
      }
      case 'ignore':
        return;
    }
  };

  let rounds = 0;
  for (; rounds < MAX_ROUNDS; rounds++) {
    changed = false;
    stamp++;
    for (const edge of edges) {
      let value = evaluate(edge.value, edge.scope);
      if (edge.element) value = untail(value);
      if (edge.append) value = mapFlows(value, (f) => ({ ...f, tail: true }), true);
      assign(edge.target, value, edge.scope, edge.line, edge.element ? undefined : edge.value);
    }
    for (const ret of returns) {
      const value = evaluate(ret.value, ret.scope);
      const own = functionScopeOf(ret.scope);
      const merged = union(ret.fn.returns, own === ret.fn.scope ? value : concrete(value, own?.fn));
      if (!sameValue(ret.fn.returns, merged)) {
        ret.fn.returns = merged;
        changed = true;
      }
    }
    for (const call of calls) {
      if (!call.target) continue;
      const { fn, offset } = call.target;
      const caller = functionScopeOf(call.scope)?.fn;
      for (let p = 0; p < fn.params.length; p++) {
        const arg = argumentFor(call, fn, offset, p);
        if (!arg) continue;
        const value = evaluate(arg, call.scope);
        if (value.flows.length === 0 && value.model === undefined) continue;
        const real = concrete(value, caller);
        const label = `${shortLabel(call.calleeText, 40)}(...)`;
        const passed = mapFlows(real, (f) => ({ ...f, path: stepOf(label, call.line, f.path) }));
        const merged = union(fn.paramFlows[p] ?? EMPTY, { flows: passed.flows });
        if (!sameValue(fn.paramFlows[p] ?? EMPTY, merged)) {
          fn.paramFlows[p] = merged;
          changed = true;
        }
        if (value.model !== undefined) store(varKey(fn.scope, fn.params[p]!), { flows: [], model: value.model }, fn.params[p]!, fn.line);
      }
    }
    if (!changed) break;
  }
  stamp++;

  return {
    calls,
    rounds: rounds + 1,
    flowsOf(call, e) {
      const value = concrete(evaluate(e, call.scope), functionScopeOf(call.scope)?.fn);
      return value.flows.filter((f) => !f.origin.startsWith('P')).map((f) => ({ source: f.source, mask: f.mask, tail: f.tail, path: f.path }));
    },
    elementsOf(e) {
      return e.k === 'list' ? e.elements : undefined;
    },
    bindsName(name) {
      return boundNames.has(name);
    },
  };
}

function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.model !== b.model || a.flows.length !== b.flows.length) return false;
  return a.flows.every((f, i) => {
    const g = b.flows[i]!;
    return f.origin === g.origin && f.mask === g.mask && f.tail === g.tail;
  });
}

function rootName(node: LiteNode, tree: LiteTree): string | undefined {
  let current: LiteNode | undefined = node;
  for (let i = 0; current && i < 64; i++) {
    if (current.type === 'identifier') return tree.text(current);
    if (current.type === 'attribute') current = fieldOf(current, 'object');
    else if (current.type === 'subscript') current = fieldOf(current, 'value');
    else return undefined;
  }
  return undefined;
}

function parameterNames(parameters: LiteNode | undefined, tree: LiteTree): string[] {
  const names: string[] = [];
  if (!parameters) return names;
  for (const param of parameters.children) {
    let name: LiteNode | undefined;
    switch (param.type) {
      case 'identifier':
        name = param;
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        name = fieldOf(param, 'name');
        break;
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = param.children.find((c) => c.type === 'identifier') ?? param.children[0]?.children.find((c) => c.type === 'identifier');
        break;
      default:
        name = undefined;
    }
    if (name?.type === 'identifier') names.push(tree.text(name));
  }
  return names;
}

/** The constant value of a keyword argument (`shell=True`), or undefined. */
function liteLiteral(node: LiteNode, tree: LiteTree): string | number | boolean | null | undefined {
  let current: LiteNode | undefined = node;
  for (let i = 0; current?.type === 'parenthesized_expression' && i < 64; i++) current = current.children.find((c) => c.named);
  switch (current?.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'integer': {
      const value = Number(tree.text(current).replaceAll('_', ''));
      return Number.isFinite(value) ? value : undefined;
    }
    case 'string':
      return current.children.some((c) => c.type === 'interpolation') ? undefined : current.children.filter((c) => c.type === 'string_content').map((c) => tree.text(c)).join('');
    default:
      return undefined;
  }
}

/** Nodes that hold statements (walked), as opposed to expressions (converted). */
const STATEMENTS: ReadonlySet<string> = new Set([
  'module', 'block', 'if_statement', 'elif_clause', 'else_clause', 'while_statement', 'try_statement', 'except_clause',
  'except_group_clause', 'finally_clause', 'with_statement', 'with_clause', 'match_statement', 'ERROR', 'assert_statement',
  'delete_statement', 'raise_statement', 'print_statement', 'exec_statement', 'type_alias_statement', 'pass_statement',
  'break_statement', 'continue_statement', 'decorator',
]);

function functionScopeOf(scope: Scope): Scope | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.kind === 'function') return s;
  return undefined;
}

function methodScopeOf(scope: Scope): Scope | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.kind === 'function' && s.selfName !== undefined) return s;
  return undefined;
}

/** The evidence line: source -> variables -> sink, each with its line, shortened to `max` characters. */
export function pathEvidence(flow: TaintFlow, sink: string, sinkLine: number, max = 200): string {
  const steps: { label: string; line: number }[] = [];
  for (let step = flow.path; step && steps.length < 64; step = step.prev) steps.push(step);
  steps.reverse();
  const deduped = steps.filter((s, i) => i === 0 || s.label !== steps[i - 1]!.label || s.line !== steps[i - 1]!.line);
  deduped.push({ label: sink, line: sinkLine });
  const parts = deduped.map((s) => `${s.label} (line ${s.line})`);
  const fits = (list: readonly string[]) => list.join(' -> ').length <= max;
  if (fits(parts)) return parts.join(' -> ');
  // Keep the source and the sink; drop steps from the middle until it fits.
  const head = [parts[0]!];
  const tail = [parts[parts.length - 1]!];
  const middle = parts.slice(1, -1);
  while (middle.length > 0) {
    middle.splice(Math.floor(middle.length / 2), 1);
    const half = Math.ceil(middle.length / 2);
    const candidate = [...head, ...middle.slice(0, half), '…', ...middle.slice(half), ...tail];
    if (fits(candidate)) return candidate.join(' -> ');
  }
  const text = [...head, ...(parts.length > 2 ? ['…'] : []), ...tail].join(' -> ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
