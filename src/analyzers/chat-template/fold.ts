/**
 * @module Works out, without rendering, which strings an expression can produce: literals, `~`/`+`/`*`/`%`,
 * the string filters and methods payloads use to hide a name (`join`, `replace`, `format`, `reverse`,
 * `lower`, slicing...), and variables set elsewhere in the template. The result is a small set of possible
 * values plus two flags: whether something unknown may also come out, and whether the value was *built* by
 * such an operation. Sets and lengths are capped; past a cap the value is unknown (and built).
 */
import type { BinaryNode, Node } from './ast.js';
import { calleeName, filterArgs, is } from './ast.js';
import { STRING_METHODS, printf, pySlice, strFormat } from './python-strings.js';

export type Val = { readonly s: string } | { readonly n: number } | { readonly list: readonly Abstract[] };

export interface Abstract {
  readonly vals: readonly Val[];
  readonly unknown: boolean;
  readonly built: boolean;
}

const MAX_VALUES = 16;
const MAX_STRING = 4096;
const MAX_DEPTH = 64;

export const UNKNOWN: Abstract = { vals: [], unknown: true, built: false };
const BUILT_UNKNOWN: Abstract = { vals: [], unknown: true, built: true };
const str = (s: string, built = false): Abstract => (s.length > MAX_STRING ? BUILT_UNKNOWN : { vals: [{ s }], unknown: false, built });

export function union(values: readonly Abstract[]): Abstract {
  const vals: Val[] = [];
  const seen = new Set<string>();
  let unknown = false;
  let built = false;
  for (const value of values) {
    unknown ||= value.unknown;
    built ||= value.built;
    for (const val of value.vals) {
      const key = 's' in val ? `s${val.s}` : 'n' in val ? `n${val.n}` : undefined;
      if (key !== undefined && seen.has(key)) continue;
      if (key !== undefined) seen.add(key);
      if (vals.length >= MAX_VALUES) return { vals, unknown: true, built };
      vals.push(val);
    }
  }
  return { vals, unknown, built };
}

/** The possible strings (numbers as Jinja prints them); unknown or lists make `complete` false. */
export function stringsOf(value: Abstract): { strings: string[]; complete: boolean } {
  const strings: string[] = [];
  let complete = !value.unknown;
  for (const val of value.vals) {
    if ('s' in val) strings.push(val.s);
    else if ('n' in val) strings.push(String(val.n));
    else complete = false;
  }
  return { strings, complete };
}

/** Applies `op` to every combination of possible values; the result is built unless told otherwise. */
function combine(values: readonly Abstract[], op: (vals: readonly Val[]) => Val | undefined, built = true): Abstract {
  let combos: Val[][] = [[]];
  let unknown = values.some((v) => v.unknown);
  for (const value of values) {
    if (value.vals.length === 1) {
      for (const combo of combos) combo.push(value.vals[0]!); // no copies: many arguments stay linear
      continue;
    }
    const next: Val[][] = [];
    for (const combo of combos) for (const val of value.vals) next.push([...combo, val]);
    if (next.length > MAX_VALUES) return BUILT_UNKNOWN;
    combos = next;
  }
  const results: Abstract[] = [];
  for (const combo of combos) {
    const result = op(combo);
    if (result === undefined) unknown = true;
    else if ('s' in result && result.s.length > MAX_STRING) return BUILT_UNKNOWN;
    else results.push({ vals: [result], unknown: false, built });
  }
  const merged = union(results);
  return { ...merged, unknown: unknown || merged.unknown, built };
}

const text = (val: Val | undefined): string | undefined => (val === undefined ? undefined : 's' in val ? val.s : 'n' in val ? String(val.n) : undefined);

export class Folder {
  private readonly cache = new Map<Node, Abstract>();

  /** @param env values of variables and `namespace` attributes (`ns.key`) set in the template */
  constructor(private readonly env: ReadonlyMap<string, Abstract>) {}

  fold(node: Node | null | undefined, depth = 0): Abstract {
    if (!node) return UNKNOWN;
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (depth > MAX_DEPTH) return BUILT_UNKNOWN; // not cached: a later visit from nearer the top folds it properly
    const value = this.compute(node, depth + 1);
    this.cache.set(node, value);
    return value;
  }

  private compute(node: Node, depth: number): Abstract {
    const f = (n: Node | null | undefined) => this.fold(n, depth);
    if (is.string(node)) return str(node.value);
    if (is.number(node)) return { vals: [{ n: node.value }], unknown: false, built: false };
    if (is.list(node)) return { vals: [{ list: node.value.map(f) }], unknown: false, built: node.value.some((n) => f(n).built) };
    if (is.identifier(node)) return this.env.get(node.value) ?? UNKNOWN;
    if (is.ternary(node)) return union([f(node.trueExpr), f(node.falseExpr)]);
    if (node.type === 'SelectExpression') return f((node as unknown as { lhs: Node }).lhs);
    if (is.binary(node)) return this.binary(node, depth);
    if (is.filter(node)) return this.apply(calleeName(node.filter), f(node.operand), filterArgs(node.filter), depth);
    if (is.call(node) && is.member(node.callee) && !node.callee.computed) {
      return this.apply(calleeName(node), f(node.callee.object), node.args, depth, true);
    }
    if (is.member(node)) return this.member(node, depth);
    return UNKNOWN;
  }

  private binary(node: BinaryNode, depth: number): Abstract {
    const op = node.operator.value;
    if (op !== '~' && op !== '+') {
      if (op !== '*' && op !== '%') return UNKNOWN;
      return this.pair(op, this.fold(node.left, depth), this.fold(node.right, depth));
    }
    // `'a' ~ 'b' ~ ...` parses left-deep: fold the chain bottom-up without recursing down it, caching every
    // link so that visiting the inner links later costs nothing.
    const chain: BinaryNode[] = [];
    let left: Node = node;
    while (is.binary(left) && left.operator.value === op && !this.cache.has(left)) {
      chain.push(left);
      left = left.left;
    }
    let value = this.fold(left, depth);
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i]!;
      value = this.pair(op, value, this.fold(link.right, depth));
      this.cache.set(link, value);
    }
    return value;
  }

  private pair(op: string, a: Abstract, b: Abstract): Abstract {
    const has = (kind: 's' | 'n') => [a, b].some((v) => v.vals.some((val) => kind in val));
    switch (op) {
      case '~':
        return combine([a, b], ([x, y]) => {
          const [p, q] = [text(x), text(y)];
          return p === undefined || q === undefined ? undefined : { s: p + q };
        });
      case '+':
        return combine([a, b], ([x, y]) => {
          if (x && y && 's' in x && 's' in y) return { s: x.s + y.s };
          if (x && y && 'n' in x && 'n' in y) return { n: x.n + y.n };
          if (x && y && 'list' in x && 'list' in y) return { list: [...x.list, ...y.list] };
          return undefined;
        }, !has('n')); // `loop.index0 + 1` is arithmetic, not a name being built
      case '*':
        return combine([a, b], ([x, y]) => {
          const [s, n] = x && 's' in x && y && 'n' in y ? [x.s, y.n] : y && 's' in y && x && 'n' in x ? [y.s, x.n] : [undefined, undefined];
          if (s === undefined || n === undefined) return undefined;
          return n * s.length > MAX_STRING ? undefined : { s: s.repeat(Math.max(0, Math.floor(n))) };
        }, has('s'));
      default:
        return combine([a, b], ([format, args]) => {
          if (!format || !('s' in format) || !args) return undefined;
          const list = 'list' in args ? args.list : undefined;
          if (list && list.some((item) => item.unknown || item.vals.length !== 1)) return undefined;
          const result = printf(format.s, (list ? list.map((item) => item.vals[0]!) : [args]).map(text));
          return result === undefined ? undefined : { s: result };
        }, a.vals.some((val) => 's' in val)); // `loop.index0 % 2` is arithmetic
    }
  }

  /** A filter (`x|join(', ')`) or a method (`', '.join(x)`) applied to a folded subject. */
  private apply(name: string | undefined, subject: Abstract, argNodes: readonly Node[], depth: number, method = false): Abstract {
    if (name === undefined) return { ...UNKNOWN, built: subject.built };
    const positional = argNodes.filter((n) => !is.keyword(n)).map((n) => this.fold(n, depth));
    const keyword = (key: string): Abstract | undefined => {
      const found = argNodes.find((n) => is.keyword(n) && n.key.value === key);
      return is.keyword(found) ? this.fold(found.value, depth) : undefined;
    };
    if (Object.hasOwn(STRING_METHODS, name)) {
      const transform = STRING_METHODS[name]!;
      return combine([subject], ([s]) => (s && 's' in s ? { s: transform(s.s) } : undefined));
    }
    switch (name) {
      case 'join': {
        // `sep.join(list)` as a method, `list|join(sep)` as a filter.
        const [listValue, sepValue] = method ? [positional[0] ?? UNKNOWN, subject] : [subject, positional[0] ?? keyword('d') ?? str('')];
        return combine([listValue, sepValue], ([list, sep]) => {
          const separator = text(sep);
          const items = list && 'list' in list ? list.list : list && 's' in list ? [...list.s].map((c) => str(c)) : undefined;
          if (separator === undefined || !items || items.some((item) => item.unknown || item.vals.length !== 1)) return undefined;
          const parts = items.map((item) => text(item.vals[0]));
          return parts.every((p) => p !== undefined) ? { s: parts.join(separator) } : undefined;
        });
      }
      case 'replace':
        return combine([subject, positional[0] ?? UNKNOWN, positional[1] ?? UNKNOWN], ([s, from, to]) => {
          const [a, b, c] = [text(s), text(from), text(to)];
          return a === undefined || b === undefined || c === undefined ? undefined : { s: b === '' ? a : a.split(b).join(c) };
        });
      case 'format':
        return combine([subject, ...positional], ([format, ...args]) => {
          if (!format || !('s' in format)) return undefined;
          const result = method ? strFormat(format.s, args.map(text)) : printf(format.s, args.map(text));
          return result === undefined ? undefined : { s: result };
        });
      case 'first':
      case 'last':
        return combine([subject], ([v]) => {
          const items = v && 'list' in v ? v.list : v && 's' in v ? [...v.s].map((c) => str(c)) : undefined;
          const item = items?.[name === 'first' ? 0 : items.length - 1];
          return item && !item.unknown && item.vals.length === 1 ? item.vals[0] : undefined;
        });
      case 'list':
        return combine([subject], ([v]) => (v && 's' in v ? { list: [...v.s].map((c) => str(c)) } : v && 'list' in v ? v : undefined));
      case 'default':
      case 'd':
        return union([subject, positional[0] ?? UNKNOWN]);
      default:
        return { ...UNKNOWN, built: subject.built };
    }
  }

  private member(node: Node & { object: Node; property: Node; computed: boolean }, depth: number): Abstract {
    if (!node.computed) {
      const path = is.identifier(node.object) && is.identifier(node.property) ? `${node.object.value}.${node.property.value}` : undefined;
      return (path === undefined ? undefined : this.env.get(path)) ?? UNKNOWN;
    }
    const subject = this.fold(node.object, depth);
    const property = node.property;
    if (is.slice(property)) {
      const bound = (n: Node | undefined) => (n ? this.fold(n, depth) : undefined);
      const [start, stop, step] = [bound(property.start), bound(property.stop), bound(property.step)];
      const single = (v: Abstract | undefined) => (v === undefined ? null : !v.unknown && v.vals.length === 1 && 'n' in v.vals[0]! ? v.vals[0].n : undefined);
      const [a, b, c] = [single(start), single(stop), single(step)];
      if (a === undefined || b === undefined || c === undefined) return { ...UNKNOWN, built: true };
      return combine([subject], ([v]) => (v && 's' in v ? { s: pySlice(v.s, a, b, c) } : undefined));
    }
    return combine([subject, this.fold(property, depth)], ([v, index]) => {
      if (!v || !index || !('n' in index)) return undefined;
      const items = 'list' in v ? v.list : 's' in v ? [...v.s].map((c) => str(c)) : undefined;
      const item = items?.[index.n < 0 ? items.length + index.n : index.n];
      return item && !item.unknown && item.vals.length === 1 ? item.vals[0] : undefined;
    });
  }
}
