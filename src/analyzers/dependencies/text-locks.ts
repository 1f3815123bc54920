/**
 * @module Packages locked in yarn.lock (classic and Berry), pnpm-lock.yaml (v5 to v9) and Pipfile.lock, for the
 * inventory. The two JavaScript formats are read line by line (their layout is fixed by the tools that write them),
 * so a lockfile of tens of thousands of entries costs one pass and no YAML document in memory.
 */
import { jsonDepth } from '../../lib/json-depth.js';
import type { LockResult, PackageInfo, Scope } from './packages.js';

/** Packages recorded per file; a real lockfile has a few thousand. */
const MAX_PACKAGES = 20_000;

const unquote = (text: string) => text.trim().replace(/^["']|["']$/g, '');

function capped(out: PackageInfo[]): string | undefined {
  return out.length >= MAX_PACKAGES ? `more than ${MAX_PACKAGES} packages; only the first ${MAX_PACKAGES} were recorded` : undefined;
}

/** `"@scope/a@^1", "@scope/a@npm:^1.2":` -> `@scope/a`; undefined for workspace, link, file and patch entries. */
function yarnEntryName(header: string): string | undefined {
  const first = unquote(header.replace(/:\s*$/, '').split(',')[0]!);
  if (/@(?:workspace|link|portal|file|exec|patch):/.test(first)) return undefined;
  const at = first.indexOf('@', 1);
  return at > 0 ? first.slice(0, at) : undefined;
}

export function yarnLockPackages(text: string): LockResult {
  const out: PackageInfo[] = [];
  let name: string | undefined;
  let version: string | undefined;
  let dependsOn: string[] = [];
  let inDependencies = false;
  const flush = () => {
    if (name !== undefined && version !== undefined && out.length < MAX_PACKAGES) {
      out.push({ ecosystem: 'npm', name, version, scope: 'runtime', ...(dependsOn.length > 0 ? { dependsOn: [...new Set(dependsOn)].sort() } : {}) });
    }
    name = version = undefined;
    dependsOn = [];
    inDependencies = false;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (out.length >= MAX_PACKAGES) break;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      flush();
      if (/:\s*$/.test(line) && !line.startsWith('__metadata')) name = yarnEntryName(line);
      continue;
    }
    if (name === undefined) continue;
    const field = /^ {2}(\w+):?\s*(.*)$/.exec(line);
    if (field) {
      inDependencies = field[1] === 'dependencies' || field[1] === 'optionalDependencies';
      if (field[1] === 'version') version = unquote(field[2]!);
      continue;
    }
    const dependency = inDependencies ? /^ {4}("?[^\s":]+"?):?\s/.exec(line) : null;
    if (dependency) dependsOn.push(unquote(dependency[1]!));
  }
  flush();
  const problem = capped(out);
  return { packages: out, ...(problem === undefined ? {} : { problem }) };
}

/**
 * A pnpm `packages:` key: `/name@1.2.3(peer@1)` (v6-v8), `name@1.2.3` (v9) or `/name/1.2.3` (v5), scoped names
 * included. Local entries (`file:`, `link:`) have no registry version and are left out.
 */
function pnpmKey(key: string): { name: string; version: string } | undefined {
  const plain = unquote(key).replace(/^\//, '').replace(/\(.*$/, '');
  if (/^(?:file|link|workspace):|@(?:file|link|workspace):/.test(plain)) return undefined;
  const at = plain.indexOf('@', 1);
  if (at > 0) return { name: plain.slice(0, at), version: plain.slice(at + 1) };
  const slash = plain.lastIndexOf('/');
  return slash > 0 ? { name: plain.slice(0, slash), version: plain.slice(slash + 1) } : undefined;
}

export function pnpmLockPackages(text: string): LockResult {
  const out: PackageInfo[] = [];
  let inPackages = false;
  let current: PackageInfo | undefined;
  const flush = () => {
    if (current && out.length < MAX_PACKAGES) out.push(current);
    current = undefined;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (out.length >= MAX_PACKAGES) break;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      flush();
      inPackages = /^packages:\s*$/.test(line);
      continue;
    }
    if (!inPackages) continue;
    const entry = /^ {2}(\S.*?):\s*$/.exec(line);
    if (entry) {
      flush();
      const key = pnpmKey(entry[1]!);
      if (key && key.version !== '') current = { ecosystem: 'npm', name: key.name, version: key.version, scope: 'runtime' };
      continue;
    }
    // v5-v8 mark development-only packages in the entry; v9 moved the flags to `snapshots:`.
    if (current && /^ {4}dev:\s*true\s*$/.test(line)) current = { ...current, scope: 'dev' };
  }
  flush();
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
