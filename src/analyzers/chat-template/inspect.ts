/**
 * @module Finds, in a parsed template, every way it can reach a Python attribute by name: `.name`, `[key]`,
 * `|attr(name)`, the attribute arguments of `map`/`selectattr`/`groupby`/`sort`/`sum`..., `str.format`
 * fields, and names assembled at render time. Each finding is grouped under the top-level expression it sits
 * in, which becomes the evidence.
 */
import type { Node } from './ast.js';
import { STATEMENT_TYPES, calleeName, children, filterArgs, is, print } from './ast.js';
import { allNodes, bindVariables, foldBlock } from './bindings.js';
import type { Abstract } from './fold.js';
import { Folder, stringsOf } from './fold.js';
import { GADGET_ROOTS, dangerousNamesIn, isDangerousName, isPrivateName } from './names.js';

export interface ExpressionReport {
  /** The top-level expression (or statement) the accesses sit in, printed. */
  readonly evidence: string;
  /** Dangerous names reached, and how (`.name`, `|attr`, ...). Empty when nothing reaches internals. */
  readonly escapes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Accesses that hide or compute a name without provably reaching internals. */
  readonly suspicious: ReadonlySet<string>;
  /** A Jinja global the chain starts from (`lipsum`, `cycler`...), when there is one. */
  readonly gadget?: string;
}

/** Filters that take an attribute path as an argument (looked up with getattr/getitem, dots included). */
const ATTRIBUTE_FILTERS: Readonly<Record<string, { readonly positional?: number }>> = {
  selectattr: { positional: 0 }, rejectattr: { positional: 0 }, groupby: { positional: 0 }, map: {}, sort: {},
  sum: {}, unique: {}, min: {}, max: {}, dictsort: {},
};
const CONSTRUCTING_OPERATORS = new Set(['~', '+', '*', '%']);

interface Group {
  root: Node;
  escapes: Map<string, Set<string>>;
  suspicious: Set<string>;
  gadget?: string;
}

/** The innermost object a member/call/filter chain starts from. */
function chainBase(node: Node): Node {
  let current = node;
  for (let i = 0; i < 10_000; i++) {
    if (is.member(current)) current = current.object;
    else if (is.call(current)) current = current.callee;
    else if (is.filter(current)) current = current.operand;
    else break;
  }
  return current;
}

/** The `{...}` replacement fields of a str.format string. */
function formatFields(format: string): string[] {
  return [...format.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!.split(/[!:]/)[0]!);
}

export function inspectTemplate(program: Node): ExpressionReport[] {
  const nodes = allNodes(program);
  const folder = new Folder(bindVariables(nodes));
  const groups = new Map<Node, Group>();
  const properties = new Set<Node>();

  const group = (root: Node): Group => {
    let found = groups.get(root);
    if (!found) groups.set(root, (found = { root, escapes: new Map(), suspicious: new Set() }));
    return found;
  };
  const escape = (root: Node, name: string, how: string, from?: Node) => {
    const g = group(root);
    const hows = g.escapes.get(name) ?? new Set<string>();
    hows.add(how);
    g.escapes.set(name, hows);
    const base = from ? chainBase(from) : undefined;
    if (is.identifier(base) && GADGET_ROOTS.has(base.value)) g.gadget ??= base.value;
  };
  /** An attribute reached by a name that was folded: every possible value is judged. */
  const byName = (root: Node, value: Abstract, how: string, node: Node, privateCounts: boolean, unknownCounts: boolean) => {
    for (const name of stringsOf(value).strings) {
      if (isDangerousName(name)) escape(root, name, how, node);
      else if (privateCounts && isPrivateName(name)) group(root).suspicious.add(`private attribute '${name}' through ${how}`);
    }
    if (value.unknown && (unknownCounts || value.built)) group(root).suspicious.add(`${how} with a name computed at render time`);
  };

  const stack: { node: Node; root: Node | undefined }[] = [{ node: program, root: undefined }];
  while (stack.length > 0) {
    const { node, root: parentRoot } = stack.pop()!;
    const isStatement = STATEMENT_TYPES.has(node.type);
    const root = parentRoot ?? node;
    if (is.member(node)) {
      if (!node.computed && is.identifier(node.property)) {
        properties.add(node.property);
        const name = node.property.value;
        if (isDangerousName(name)) escape(root, name, `.${name}`, node);
        else if (isPrivateName(name)) group(root).suspicious.add(`private attribute '.${name}'`);
      } else if (node.computed && !is.slice(node.property)) {
        byName(root, folder.fold(node.property), 'item access [...]', node, false, false);
      }
    } else if (is.filter(node)) {
      const name = calleeName(node.filter);
      const args = filterArgs(node.filter);
      const keyword = args.find((a) => is.keyword(a) && a.key.value === 'attribute');
      if (name === 'attr') byName(root, folder.fold(args[0]), '|attr(...)', node, true, true);
      if (name === 'map' && stringsOf(folder.fold(args[0])).strings.includes('attr')) byName(root, folder.fold(args[1]), "|map('attr', ...)", node, true, true);
      if (name !== undefined && Object.hasOwn(ATTRIBUTE_FILTERS, name)) {
        const position = ATTRIBUTE_FILTERS[name]!.positional;
        const argument = is.keyword(keyword) ? keyword.value : position === undefined ? undefined : args.filter((a) => !is.keyword(a))[position];
        if (argument) {
          const value = folder.fold(argument);
          const parts = { ...value, vals: stringsOf(value).strings.flatMap((path) => path.split('.')).map((s) => ({ s })) };
          byName(root, parts, `the attribute argument of |${name}`, node, false, false);
        }
      }
    } else if (is.call(node) && is.member(node.callee) && !node.callee.computed && ['format', 'format_map'].includes(calleeName(node) ?? '')) {
      const format = folder.fold(node.callee.object);
      for (const s of stringsOf(format).strings) {
        for (const field of formatFields(s)) for (const name of dangerousNamesIn(field)) escape(root, name, 'a str.format field', node);
      }
      if (format.unknown && format.built) group(root).suspicious.add('str.format with a format string built at render time');
    } else if (is.identifier(node) && !properties.has(node) && /^__|^_[A-Za-z]+__/.test(node.value) && isDangerousName(node.value)) {
      group(root).suspicious.add(`the name '${node.value}' used as a variable`);
    } else if (is.set(node) && node.value === null) {
      for (const s of stringsOf(foldBlock(node.body, folder)).strings) for (const name of dangerousNamesIn(s)) escape(root, name, 'a name assembled in a {% set %} block');
    }
    if (is.list(node) && node.value.length > 1 && node.value.every(is.string)) {
      // `['__', 'glo', 'bals', '__']`, later joined or accumulated in a loop.
      for (const name of dangerousNamesIn(node.value.map((n) => n.value).join(''))) escape(root, name, 'a name split into list items');
    }
    const constructing = (is.binary(node) && CONSTRUCTING_OPERATORS.has(node.operator.value)) || is.filter(node) || (is.call(node) && is.member(node.callee));
    if (constructing) {
      const value = folder.fold(node);
      if (value.built) for (const s of stringsOf(value).strings) for (const name of dangerousNamesIn(s)) escape(root, name, 'a name assembled at render time');
    }
    const next = children(node);
    for (let i = next.length - 1; i >= 0; i--) {
      const child = next[i]!;
      stack.push({ node: child, root: isStatement ? (STATEMENT_TYPES.has(child.type) ? undefined : child) : root });
    }
  }
  return [...groups.values()].map((g) => ({ evidence: print(g.root), escapes: g.escapes, suspicious: g.suspicious, ...(g.gadget ? { gadget: g.gadget } : {}) }));
}
