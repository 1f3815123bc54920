/**
 * @module The values a template's variables can hold, gathered without running it: `{% set %}` (plain, on a
 * namespace attribute, or as a block), `namespace(key=...)`, loop variables over folded iterables, macro
 * defaults and macro call arguments. Flow-insensitive: every assignment to a name counts, so a name set in
 * one branch and used in another is still known. Iterated to a fixed point (bounded), so chains of variables
 * resolve.
 */
import type { Node } from './ast.js';
import { children, is } from './ast.js';
import type { Abstract } from './fold.js';
import { Folder, UNKNOWN, union } from './fold.js';

type Source =
  | { readonly kind: 'value'; readonly node: Node }
  | { readonly kind: 'items'; readonly node: Node }
  | { readonly kind: 'block'; readonly body: readonly Node[] };

interface Binding {
  readonly name: string;
  readonly source: Source;
  /** `{% set ns.s = ns.s ~ c %}` in a loop: the value depends on the previous one. */
  readonly selfReferential: boolean;
}

const MAX_ROUNDS = 8;

/** Every node of the tree, iteratively (templates nest deeper than the call stack allows). */
export function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    const next = children(node);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out;
}

/** The variable names (`x`, `ns.key`) an expression reads. */
function reads(source: Source): Set<string> {
  const names = new Set<string>();
  const roots = source.kind === 'block' ? source.body : [source.node];
  for (const node of roots.flatMap((root) => allNodes(root))) {
    if (is.identifier(node)) names.add(node.value);
    if (is.member(node) && !node.computed && is.identifier(node.object) && is.identifier(node.property)) names.add(`${node.object.value}.${node.property.value}`);
  }
  return names;
}

function collect(nodes: readonly Node[]): Binding[] {
  const bindings: Omit<Binding, 'selfReferential'>[] = [];
  const macros = new Map<string, readonly Node[]>();
  for (const node of nodes) if (is.macro(node)) macros.set(node.name.value, node.args);
  for (const node of nodes) {
    if (is.set(node)) {
      const target = is.identifier(node.assignee)
        ? node.assignee.value
        : is.member(node.assignee) && !node.assignee.computed && is.identifier(node.assignee.object) && is.identifier(node.assignee.property)
          ? `${node.assignee.object.value}.${node.assignee.property.value}`
          : undefined;
      if (target === undefined) continue;
      if (node.value === null) bindings.push({ name: target, source: { kind: 'block', body: node.body } });
      else bindings.push({ name: target, source: { kind: 'value', node: node.value } });
      if (is.call(node.value) && is.identifier(node.value.callee) && node.value.callee.value === 'namespace') {
        for (const arg of node.value.args) if (is.keyword(arg)) bindings.push({ name: `${target}.${arg.key.value}`, source: { kind: 'value', node: arg.value } });
      }
    } else if (is.for(node) && is.identifier(node.loopvar)) {
      bindings.push({ name: node.loopvar.value, source: { kind: 'items', node: node.iterable } });
    } else if (is.macro(node)) {
      for (const arg of node.args) if (is.keyword(arg)) bindings.push({ name: arg.key.value, source: { kind: 'value', node: arg.value } });
    } else if (is.call(node) && is.identifier(node.callee) && macros.has(node.callee.value)) {
      const params = macros.get(node.callee.value)!;
      const names = params.map((p) => (is.identifier(p) ? p.value : is.keyword(p) ? p.key.value : undefined));
      node.args.forEach((arg, i) => {
        if (is.keyword(arg)) bindings.push({ name: arg.key.value, source: { kind: 'value', node: arg.value } });
        else if (names[i] !== undefined) bindings.push({ name: names[i]!, source: { kind: 'value', node: arg } });
      });
    }
  }
  return bindings.map((binding) => ({ ...binding, selfReferential: reads(binding.source).has(binding.name) }));
}

const STATEMENTS_IN_BLOCKS = new Set(['If', 'For', 'Set', 'Macro', 'CallStatement', 'FilterStatement', 'Break', 'Continue']);
const MAX_BLOCK_TEXT = 4096;

/** What a `{% set x %}...{% endset %}` block renders: its text and expressions, concatenated. */
export function foldBlock(body: readonly Node[], folder: Folder): Abstract {
  let parts: Abstract = { vals: [{ s: '' }], unknown: false, built: true };
  for (const node of body) {
    if (node.type === 'Comment') continue;
    const part = STATEMENTS_IN_BLOCKS.has(node.type) ? UNKNOWN : folder.fold(node);
    const joined: Abstract[] = [];
    let dropped = false;
    for (const a of parts.vals) {
      for (const b of part.vals) {
        if ('s' in a && 's' in b && a.s.length + b.s.length <= MAX_BLOCK_TEXT) joined.push({ vals: [{ s: a.s + b.s }], unknown: false, built: true });
        else dropped = true;
      }
    }
    parts = { ...union(joined), unknown: parts.unknown || part.unknown || dropped || joined.length === 0, built: true };
  }
  return parts;
}

function evaluate(source: Source, folder: Folder): Abstract {
  if (source.kind === 'value') return folder.fold(source.node);
  if (source.kind === 'items') {
    const iterable = folder.fold(source.node);
    const items = iterable.vals.flatMap((val): Abstract[] =>
      'list' in val ? [...val.list] : 's' in val ? [...val.s].map((c) => ({ vals: [{ s: c }], unknown: false, built: false })) : [UNKNOWN],
    );
    const value = union([...items, ...(iterable.unknown ? [UNKNOWN] : [])]);
    return { ...value, built: value.built || iterable.built };
  }
  return foldBlock(source.body, folder);
}

const signature = (env: ReadonlyMap<string, Abstract>) => JSON.stringify([...env]);

export function bindVariables(nodes: readonly Node[]): ReadonlyMap<string, Abstract> {
  const bindings = collect(nodes);
  const plain = bindings.filter((b) => !b.selfReferential);
  const accumulators = bindings.filter((b) => b.selfReferential);
  let env: ReadonlyMap<string, Abstract> = new Map();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const folder = new Folder(env);
    const byName = new Map<string, Abstract[]>();
    const add = (name: string, value: Abstract) => {
      const values = byName.get(name);
      if (values) values.push(value);
      else byName.set(name, [value]);
    };
    for (const binding of plain) add(binding.name, evaluate(binding.source, folder));
    // A value built from its own previous value (an accumulator in a loop) is folded for one step from the
    // other assignments to its name, and may be anything after more steps.
    const stepFolders = new Map<string, Folder>();
    const accumulated: [string, Abstract][] = [];
    for (const binding of accumulators) {
      let stepFolder = stepFolders.get(binding.name);
      if (!stepFolder) {
        const start = new Map(env);
        start.set(binding.name, union(byName.get(binding.name) ?? [UNKNOWN]));
        stepFolders.set(binding.name, (stepFolder = new Folder(start)));
      }
      accumulated.push([binding.name, { ...evaluate(binding.source, stepFolder), unknown: true }]);
    }
    for (const [name, value] of accumulated) add(name, value);
    const next = new Map([...byName].map(([name, values]) => [name, union(values)] as const));
    if (signature(next) === signature(env)) break;
    env = next;
  }
  return env;
}
