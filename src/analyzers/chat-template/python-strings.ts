/**
 * @module The Python string operations Jinja templates use to build names, done on plain strings: printf-style
 * `%` and the `format` filter, `str.format` with plain fields, slicing with steps, and the one-argument
 * string filters and methods. Folding needs them; nothing here touches a template.
 */

/** printf-style `%s`/`%d`/`%c`/`%%`, as Jinja's `format` filter and the `%` operator do. */
export function printf(format: string, args: readonly (string | undefined)[]): string | undefined {
  let i = 0;
  let failed = false;
  const out = format.replace(/%([%sdircx])/g, (_, kind: string) => {
    if (kind === '%') return '%';
    const arg = args[i++];
    if (kind === 'c' && arg !== undefined && /^\d+$/.test(arg)) return String.fromCodePoint(Math.min(0x10ffff, Number(arg)));
    if (arg === undefined) failed = true;
    return arg ?? '';
  });
  return failed ? undefined : out;
}

/** Python's `str.format` with `{}`, `{0}` fields and no attribute or index parts. */
export function strFormat(format: string, args: readonly (string | undefined)[]): string | undefined {
  let auto = 0;
  let failed = false;
  const out = format.replace(/\{\{|\}\}|\{(\d*)\}/g, (m: string, index: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const value = args[index ? Number(index) : auto++];
    if (value === undefined) failed = true;
    return value ?? '';
  });
  return failed ? undefined : out;
}

export const STRING_METHODS: Readonly<Record<string, (s: string) => string>> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  strip: (s) => s.trim(),
  trim: (s) => s.trim(),
  lstrip: (s) => s.trimStart(),
  rstrip: (s) => s.trimEnd(),
  title: (s) => s.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  reverse: (s) => [...s].reverse().join(''),
  string: (s) => s,
  safe: (s) => s,
  e: (s) => s,
  escape: (s) => s,
  forceescape: (s) => s,
};

/** Python slicing of a string, steps included (`'__ssalc__'[::-1]`). */
export function pySlice(s: string, start: number | null, stop: number | null, step: number | null): string {
  const chars = [...s];
  const n = chars.length;
  const k = step ?? 1;
  if (k === 0) return '';
  const clamp = (i: number | null, fallback: number, low: number, high: number) => (i === null ? fallback : Math.max(low, Math.min(high, i < 0 ? i + n : i)));
  const out: string[] = [];
  if (k > 0) for (let i = clamp(start, 0, 0, n); i < clamp(stop, n, 0, n); i += k) out.push(chars[i]!);
  else for (let i = clamp(start, n - 1, -1, n - 1); i > clamp(stop, -1, -1, n - 1); i += k) out.push(chars[i]!);
  return out.join('');
}
