/**
 * @module Whether a lockfile records an integrity hash for each package it fetches from a registry: npm
 * (package-lock.json, npm-shrinkwrap.json, lockfileVersion 1 to 3), yarn.lock (classic and Berry), pnpm-lock.yaml,
 * Pipfile.lock, and the TOML locks (uv.lock, poetry.lock, pdm.lock, pylock.toml). Local, workspace and VCS entries
 * are left out: they are not fetched from a registry by version (a VCS entry is pinned by its commit). Everything is
 * read as text or with a bounded parser; nothing is resolved or fetched.
 */
import { parse as parseToml } from 'smol-toml';
import { jsonDepth } from '../../lib/json-depth.js';
import { forEachPnpmPackage, forEachYarnEntry, pnpmKey, unquote, yarnHeaderName } from './text-locks.js';

/** The lockfiles whose integrity hashes are checked, by file name. */
export type IntegrityLock = 'npm' | 'yarn' | 'pnpm' | 'pipenv' | 'toml';

export function integrityLockKind(path: string): IntegrityLock | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return 'npm';
  if (name === 'yarn.lock') return 'yarn';
  if (name === 'pnpm-lock.yaml') return 'pnpm';
  if (name === 'Pipfile.lock') return 'pipenv';
  if (name === 'uv.lock' || name === 'poetry.lock' || name === 'pdm.lock' || /^pylock(?:\.[^/]+)?\.toml$/.test(name)) return 'toml';
  return undefined;
}

export interface LockIntegrity {
  /** Registry packages the lockfile records. */
  readonly packages: number;
  /** Of those, the ones with an integrity hash. */
  readonly withIntegrity: number;
  /** Names of the first few packages without one. */
  readonly without: readonly string[];
  /** Set when the lockfile could not be read: its integrity is then unknown. */
  readonly problem?: string;
}

/** Names kept of packages without a hash; the count is always exact. */
export const MAX_NAMES = 5;
/** Entries looked at per lockfile; a real one has a few thousand. */
const MAX_ENTRIES = 100_000;
/** How deep inside a TOML package entry a `hash` key is looked for (`wheels[].hash` is at depth 2). */
const MAX_HASH_DEPTH = 4;
const MAX_NAME = 100;

class Tally {
  packages = 0;
  withIntegrity = 0;
  readonly without: string[] = [];
  add(name: string, hashed: boolean): void {
    this.packages++;
    if (hashed) this.withIntegrity++;
    else if (this.without.length < MAX_NAMES) this.without.push(name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name);
  }
  get full(): boolean {
    return this.packages >= MAX_ENTRIES;
  }
  result(problem?: string): LockIntegrity {
    const cut = this.full ? `more than ${MAX_ENTRIES} packages; only the first ${MAX_ENTRIES} were checked` : undefined;
    const reason = problem ?? cut;
    return { packages: this.packages, withIntegrity: this.withIntegrity, without: this.without, ...(reason === undefined ? {} : { problem: reason }) };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** npm: a `resolved` or `version` that is a git, file or link reference is not a registry package. */
const NPM_NOT_REGISTRY = /^(?:git\+|git:|github:|gitlab:|bitbucket:|file:|link:|[^/@:]+\/[^/]+#)/;

function readJson(text: string, what: string): { value?: unknown; problem?: string } {
  if (jsonDepth(text) > 256) return { problem: `nested too deeply to be a ${what}` };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'})` };
  }
}

function npmIntegrity(text: string): LockIntegrity {
  const tally = new Tally();
  const { value: lock, problem } = readJson(text, 'package-lock.json');
  if (problem !== undefined) return tally.result(problem);
  if (!isRecord(lock)) return tally.result('not a JSON object');
  const counts = (entry: Record<string, unknown>) => {
    if (entry['link'] === true || entry['inBundle'] === true || entry['bundled'] === true) return false;
    const resolved = entry['resolved'];
    const version = entry['version'];
    if (typeof resolved === 'string' && NPM_NOT_REGISTRY.test(resolved)) return false;
    if (typeof version === 'string' && NPM_NOT_REGISTRY.test(version)) return false;
    return true;
  };
  const packages = lock['packages'];
  if (isRecord(packages)) {
    for (const [key, entry] of Object.entries(packages)) {
      if (tally.full) break;
      const at = key.lastIndexOf('node_modules/');
      if (key === '' || at < 0 || !isRecord(entry) || !counts(entry)) continue;
      tally.add(typeof entry['name'] === 'string' ? entry['name'] : key.slice(at + 'node_modules/'.length), nonEmptyString(entry['integrity']));
    }
    return tally.result();
  }
  // lockfileVersion 1: a nested `dependencies` tree (the JSON depth is bounded above, so the stack is too).
  const visit = (deps: unknown) => {
    if (!isRecord(deps)) return;
    for (const [name, entry] of Object.entries(deps)) {
      if (tally.full) return;
      if (!isRecord(entry)) continue;
      if (counts(entry)) tally.add(name, nonEmptyString(entry['integrity']));
      visit(entry['dependencies']);
    }
  };
  visit(lock['dependencies']);
  return tally.result();
}

/** Yarn Berry protocols and classic `resolved` URLs that are not registry tarballs. */
const YARN_LOCAL = /@(?:workspace|link|portal|file|exec):|^\s+(?:resolved|resolution)[: ]\s*"?(?:[^"\s]*@)?(?:git\+|git:|github:|file:|link:|workspace:|portal:|[^"\s]*\.git#)/;

function yarnIntegrity(text: string): LockIntegrity {
  const tally = new Tally();
  forEachYarnEntry(text, (header, body) => {
    if (YARN_LOCAL.test(header) || body.some((line) => YARN_LOCAL.test(line))) return true;
    const { specifier, name } = yarnHeaderName(header);
    tally.add(name ?? specifier, body.some((line) => /^\s+(?:integrity\s+\S|checksum:\s*\S)/.test(line)));
    return !tally.full;
  });
  return tally.result();
}

/** pnpm: the `packages:` section lists each package with its `resolution`. */
function pnpmIntegrity(text: string): LockIntegrity {
  const tally = new Tally();
  forEachPnpmPackage(text, (key, body) => {
    const local = /@(?:file|link|workspace):/.test(key) || body.some((line) => /\b(?:directory|commit|repo):\s*\S|\btype:\s*(?:git|directory)\b/.test(line));
    if (local) return true;
    const name = pnpmKey(key)?.name ?? unquote(key).replace(/^\//, '').replace(/\(.*$/, '');
    tally.add(name, body.some((line) => /\bintegrity:\s*\S/.test(line)));
    return !tally.full;
  });
  return tally.result();
}

function pipenvIntegrity(text: string): LockIntegrity {
  const tally = new Tally();
  const { value: lock, problem } = readJson(text, 'Pipfile.lock');
  if (problem !== undefined) return tally.result(problem);
  if (!isRecord(lock)) return tally.result('not a JSON object');
  for (const section of ['default', 'develop']) {
    const packages = lock[section];
    if (!isRecord(packages)) continue;
    for (const [name, entry] of Object.entries(packages)) {
      if (tally.full) break;
      if (!isRecord(entry) || 'git' in entry || 'path' in entry || 'file' in entry || 'editable' in entry) continue;
      const hashes = entry['hashes'];
      tally.add(name, Array.isArray(hashes) && hashes.some(nonEmptyString));
    }
  }
  return tally.result();
}

/** A `hash`/`hashes` key with a value anywhere inside a TOML package entry, a few levels deep. */
function hasHash(value: unknown, depth = 0): boolean {
  if (depth > MAX_HASH_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => hasHash(item, depth + 1));
  if (!isRecord(value)) return false;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'hash' && nonEmptyString(inner)) return true;
    if (key === 'hashes' && ((isRecord(inner) && Object.values(inner).some(nonEmptyString)) || (Array.isArray(inner) && inner.some(nonEmptyString)))) return true;
    if (typeof inner === 'object' && hasHash(inner, depth + 1)) return true;
  }
  return false;
}

/** Not fetched from an index: the project itself, paths, directories, editables and VCS checkouts. */
function isLocalTomlEntry(entry: Record<string, unknown>): boolean {
  const source = entry['source'];
  if (isRecord(source)) {
    if (['editable', 'virtual', 'directory', 'path', 'git'].some((key) => key in source)) return true;
    if (typeof source['type'] === 'string' && ['directory', 'file', 'git', 'hg', 'svn', 'bzr'].includes(source['type'])) return true;
  }
  return ['path', 'git', 'editable', 'vcs', 'directory'].some((key) => key in entry && entry[key] !== false);
}

function tomlIntegrity(text: string): LockIntegrity {
  const tally = new Tally();
  let lock: Record<string, unknown>;
  try {
    lock = parseToml(text, { maxDepth: 32 }) as Record<string, unknown>;
  } catch (error) {
    return tally.result(`not valid TOML (${error instanceof Error ? error.message.split('\n')[0]!.slice(0, 120) : 'parse error'})`);
  }
  // Poetry before lock format 2.0 kept the hashes apart, in [metadata.files].
  const metadata = isRecord(lock['metadata']) ? lock['metadata'] : {};
  const oldFiles = isRecord(metadata['files']) ? metadata['files'] : {};
  const list = Array.isArray(lock['package']) ? lock['package'] : Array.isArray(lock['packages']) ? lock['packages'] : [];
  for (const entry of list) {
    if (tally.full) break;
    if (!isRecord(entry) || typeof entry['name'] !== 'string' || isLocalTomlEntry(entry)) continue;
    tally.add(entry['name'], hasHash(entry) || hasHash(oldFiles[entry['name']]));
  }
  return tally.result();
}

export function lockIntegrity(kind: IntegrityLock, text: string): LockIntegrity {
  switch (kind) {
    case 'npm':
      return npmIntegrity(text);
    case 'yarn':
      return yarnIntegrity(text);
    case 'pnpm':
      return pnpmIntegrity(text);
    case 'pipenv':
      return pipenvIntegrity(text);
    case 'toml':
      return tomlIntegrity(text);
  }
}
