/**
 * @module yarn.lock (classic and Berry), pnpm-lock.yaml (v5 to v9) and Pipfile.lock: their entries, walked once for
 * the inventory's packages and for the integrity check (integrity.ts). The two JavaScript formats are read line by
 * line (their layout is fixed by the tools that write them), so a lockfile of tens of thousands of entries costs
 * one pass and no YAML document in memory.
 */
import { jsonDepth } from '../../lib/json-depth.js';
import type { LockResult, PackageInfo, Scope } from './packages.js';

/** Packages recorded per file; a real lockfile has a few thousand. */
const MAX_PACKAGES = 20_000;

export const unquote = (text: string) => text.trim().replace(/^["']|["']$/g, '');

function capped(out: PackageInfo[]): string | undefined {
  return out.length >= MAX_PACKAGES ? `more than ${MAX_PACKAGES} packages; only the first ${MAX_PACKAGES} were recorded` : undefined;
}

/** Lines that are neither blank nor comments, the only ones either format gives meaning to. */
function meaningfulLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
}

/**
 * Each yarn.lock entry (classic or Berry): its header (an unindented line ending in `:`) with the indented lines
 * under it. `__metadata` is not an entry. Stops when `visit` returns false.
 */
export function forEachYarnEntry(text: string, visit: (header: string, body: readonly string[]) => boolean): void {
  let header: string | undefined;
  let body: string[] = [];
  for (const line of meaningfulLines(text)) {
    if (/^\s/.test(line)) {
      if (header !== undefined) body.push(line);
      continue;
    }
    if (header !== undefined && !visit(header, body)) return;
    header = /:\s*$/.test(line) && !line.startsWith('__metadata') ? line : undefined;
    body = [];
  }
  if (header !== undefined) visit(header, body);
}

/** The package a yarn.lock header is for: the name in its first specifier (`"@scope/a@^1", "@scope/a@^1.2":`). */
export function yarnHeaderName(header: string): { readonly specifier: string; readonly name?: string } {
  const specifier = unquote(header.replace(/:\s*$/, '').split(',')[0]!);
  const at = specifier.indexOf('@', 1);
  return at > 0 ? { specifier, name: specifier.slice(0, at) } : { specifier };
}

/** Each entry of pnpm-lock.yaml's `packages:` section: its key with the lines under it. Stops when `visit` returns false. */
export function forEachPnpmPackage(text: string, visit: (key: string, body: readonly string[]) => boolean): void {
  let inPackages = false;
  let key: string | undefined;
  let body: string[] = [];
  const flush = () => {
    const done = key !== undefined && !visit(key, body);
    key = undefined;
    body = [];
    return done;
  };
  for (const line of meaningfulLines(text)) {
    if (!/^\s/.test(line)) {
      if (flush()) return;
      inPackages = /^packages:\s*$/.test(line);
      continue;
    }
    if (!inPackages) continue;
    const entry = /^ {2}(\S.*?):\s*$/.exec(line);
    if (entry) {
      if (flush()) return;
      key = entry[1]!;
    } else if (key !== undefined) {
      body.push(line);
    }
  }
  flush();
}

/**
 * A pnpm `packages:` key: `/name@1.2.3(peer@1)` (v6-v8), `name@1.2.3` (v9) or `/name/1.2.3` (v5), scoped names
 * included. Local entries (`file:`, `link:`) have no registry version: undefined.
 */
export function pnpmKey(key: string): { name: string; version: string } | undefined {
  const plain = unquote(key).replace(/^\//, '').replace(/\(.*$/, '');
  if (/^(?:file|link|workspace):|@(?:file|link|workspace):/.test(plain)) return undefined;
  const at = plain.indexOf('@', 1);
  if (at > 0) return { name: plain.slice(0, at), version: plain.slice(at + 1) };
  const slash = plain.lastIndexOf('/');
  return slash > 0 ? { name: plain.slice(0, slash), version: plain.slice(slash + 1) } : undefined;
}

const YARN_LOCAL_SPECIFIER = /@(?:workspace|link|portal|file|exec|patch):/;

export function yarnLockPackages(text: string): LockResult {
  const out: PackageInfo[] = [];
  forEachYarnEntry(text, (header, body) => {
    const { specifier, name } = yarnHeaderName(header);
    if (name === undefined || YARN_LOCAL_SPECIFIER.test(specifier)) return true;
    let version: string | undefined;
    const dependsOn: string[] = [];
    let inDependencies = false;
    for (const line of body) {
      const field = /^ {2}(\w+):?\s*(.*)$/.exec(line);
      if (field) {
        inDependencies = field[1] === 'dependencies' || field[1] === 'optionalDependencies';
        if (field[1] === 'version') version = unquote(field[2]!);
        continue;
      }
      const dependency = inDependencies ? /^ {4}("?[^\s":]+"?):?\s/.exec(line) : null;
      if (dependency) dependsOn.push(unquote(dependency[1]!));
    }
    if (version !== undefined) {
      out.push({ ecosystem: 'npm', name, version, scope: 'runtime', ...(dependsOn.length > 0 ? { dependsOn: [...new Set(dependsOn)].sort() } : {}) });
    }
    return out.length < MAX_PACKAGES;
  });
  const problem = capped(out);
  return { packages: out, ...(problem === undefined ? {} : { problem }) };
}

export function pnpmLockPackages(text: string): LockResult {
  const out: PackageInfo[] = [];
  forEachPnpmPackage(text, (raw, body) => {
    const key = pnpmKey(raw);
    if (key && key.version !== '') {
      // v5-v8 mark development-only packages in the entry; v9 moved the flags to `snapshots:`.
      const dev = body.some((line) => /^ {4}dev:\s*true\s*$/.test(line));
      out.push({ ecosystem: 'npm', name: key.name, version: key.version, scope: dev ? 'dev' : 'runtime' });
    }
    return out.length < MAX_PACKAGES;
  });
  const problem = capped(out);
  return { packages: out, ...(problem === undefined ? {} : { problem }) };
}

export function pipfileLockPackages(text: string): LockResult {
  if (jsonDepth(text) > 64) return { packages: [], problem: 'nested too deeply to be a Pipfile.lock' };
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch (error) {
    return { packages: [], problem: `not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'})` };
  }
  if (typeof lock !== 'object' || lock === null || Array.isArray(lock)) return { packages: [], problem: 'not a JSON object' };
  const out: PackageInfo[] = [];
  for (const [section, scope] of [['default', 'runtime'], ['develop', 'dev']] as [string, Scope][]) {
    const packages = (lock as Record<string, unknown>)[section];
    if (typeof packages !== 'object' || packages === null) continue;
    for (const [name, entry] of Object.entries(packages)) {
      if (out.length >= MAX_PACKAGES) break;
      const version = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['version'] : undefined;
      const exact = typeof version === 'string' ? /^===?\s*(\S+)$/.exec(version)?.[1] : undefined;
      out.push({ ecosystem: 'pypi', name, ...(exact === undefined ? {} : { version: exact }), scope });
    }
  }
  const problem = capped(out);
  return { packages: out, ...(problem === undefined ? {} : { problem }) };
}
