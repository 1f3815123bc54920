/**
 * @module Model-relative paths as the reference (`model_signing`, Python) names, orders and ignores them.
 * Names are POSIX paths relative to the model root; a single-file model's only resource is `.`.
 */

/** Compares two strings by Unicode code point, as Python compares `str` (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++; // both are the same astral character: skip its low surrogate
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** The components of a POSIX path as `PurePosixPath` keeps them: empty parts and `.` dropped. */
export function pathParts(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

/**
 * Orders paths as Python sorts `PurePosixPath`s: component by component, each by code point. So `a/b` comes
 * before `a-b` and `a.txt` (`'a' < 'a-b'`), where a plain string sort puts it after them.
 */
export function comparePosixPaths(a: string, b: string): number {
  const x = pathParts(a);
  const y = pathParts(b);
  const length = Math.min(x.length, y.length);
  for (let i = 0; i < length; i++) {
    const order = compareCodePoints(x[i]!, y[i]!);
    if (order !== 0) return order;
  }
  return x.length - y.length;
}

/** A shard resource `path:start:end` (end exclusive). */
export interface ShardName {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** Parses `path:start:end` as the reference does (exactly three `:`-separated parts), or undefined. */
export function parseShardName(name: string): ShardName | undefined {
  const parts = name.split(':');
  if (parts.length !== 3) return undefined;
  const [path, start, end] = parts as [string, string, string];
  if (!/^[0-9]{1,16}$/.test(start) || !/^[0-9]{1,16}$/.test(end)) return undefined;
  const shard = { path: normalizePosix(path), start: Number(start), end: Number(end) };
  return Number.isSafeInteger(shard.start) && Number.isSafeInteger(shard.end) && shard.end >= shard.start ? shard : undefined;
}

/** Orders shards by (path, start, end), numerically for the offsets, as the reference's dataclass order does. */
export function compareShards(a: ShardName, b: ShardName): number {
  return comparePosixPaths(a.path, b.path) || a.start - b.start || a.end - b.end;
}

/** `PurePosixPath(path)` as a string: `a//b/./c/` becomes `a/b/c`, the empty path `.`. */
export function normalizePosix(path: string): string {
  const absolute = path.startsWith('/');
  const parts = pathParts(path);
  const body = parts.join('/');
  if (absolute) return `/${body}`;
  return body === '' ? '.' : body;
}

/**
 * Whether `path` lies at or under `ignored` (`PurePath.is_relative_to`): `ignore-me` covers `ignore-me` and
 * `ignore-me/x`, never `ignore-me2`. Both are model-relative POSIX paths.
 */
export function isUnder(path: string, ignored: string): boolean {
  const p = pathParts(path);
  const i = pathParts(ignored);
  if (i.length > p.length) return false;
  return i.every((part, index) => p[index] === part);
}

/** A path the signature may name: relative, without `..`, so it can never point outside the model. */
export function isSafeRelativePath(path: string): boolean {
  return !path.startsWith('/') && !pathParts(path).includes('..') && !path.includes('\0');
}
