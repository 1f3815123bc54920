/**
 * @module Conformance evidence for `dependencies-locked`: is every manifest that declares dependencies locked
 * with integrity hashes? package.json needs an npm, yarn or pnpm lock, pyproject.toml a uv, Poetry or PDM lock
 * (or pylock.toml), a Pipfile its Pipfile.lock, each with a hash for every registry package; a requirements file
 * must pin every requirement with == and --hash (pip's --require-hashes mode).
 */
import type { EvidenceReport } from '../../core/evidence.js';
import type { Location } from '../../core/finding.js';
import { printable } from '../../lib/printable.js';
import { isPylock, joinPath, lockFolders, lockNames } from './locks.js';
import type { ManifestFact } from './manifests.js';
import { baseName, dirName } from './rule.js';

type Manifest = Extract<ManifestFact, { kind: 'manifest' }>;
type Requirements = Extract<ManifestFact, { kind: 'requirements' }>;
type Lockfile = Extract<ManifestFact, { kind: 'lockfile' }>;

interface Judgement {
  readonly path: string;
  readonly location: Location;
  /** Locked with integrity: what locks it, for the summary ("package.json → package-lock.json (412 packages with integrity)"). */
  readonly locked?: string;
  /** Not locked with integrity: why, for the shortfall. */
  readonly problem?: string;
}

/** Items shown in a summary or shortfall before "and N more". */
const MAX_ITEMS = 5;
/** Evidence lines stay under 300 characters. */
const MAX_LINE = 295;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Joins items with `separator`, at most MAX_ITEMS and within `budget` characters, then "and N more". */
export function listItems(items: readonly string[], budget: number, separator = ', '): string {
  let out = '';
  let shown = 0;
  for (const item of items) {
    if (shown >= MAX_ITEMS) break;
    const rest = items.length - shown - 1;
    const tail = rest > 0 ? ` and ${rest} more` : '';
    const next = shown === 0 ? item : `${out}${separator}${item}`;
    if (next.length + tail.length > budget && shown > 0) break;
    out = next.length > budget ? `${next.slice(0, Math.max(0, budget - 1))}…` : next;
    shown++;
  }
  const hidden = items.length - shown;
  return hidden > 0 ? `${out} and ${hidden} more` : out;
}

function cap(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text;
}

function judgeLock(manifestPath: string, lockPath: string, lock: Lockfile | undefined): Pick<Judgement, 'locked' | 'problem'> {
  const arrow = `${printable(manifestPath)} → ${printable(dirName(lockPath) === dirName(manifestPath) ? baseName(lockPath) : lockPath)}`;
  if (!lock) return { problem: `${arrow}: aigis does not check the hashes of ${printable(baseName(lockPath))}` };
  if (lock.problem !== undefined) return { problem: `${arrow}: not checked (${printable(lock.problem, 80)})` };
  if (lock.packages === 0) return { locked: `${arrow} (no registry packages)` };
  if (lock.withIntegrity === lock.packages) return { locked: `${arrow} (${plural(lock.packages, 'package')} with integrity)` };
  const missing = lock.packages - lock.withIntegrity;
  const names = lock.without.map((name) => printable(name, 40));
  const more = missing > names.length ? ` and ${missing - names.length} more` : '';
  return { problem: `${arrow}: ${missing} of ${lock.packages} packages without an integrity hash (${names.join(', ')}${more})` };
}

function judgeRequirements(fact: Requirements): Judgement {
  const location = { path: fact.path, ...(fact.firstUnlocked[0] ? { startLine: fact.firstUnlocked[0].line } : {}) };
  if (fact.unlocked === 0) return { path: fact.path, location, locked: `${printable(fact.path)} (${plural(fact.requirements, 'requirement')} pinned with --hash)` };
  const lines = fact.firstUnlocked.map((r) => `${printable(r.name, 40)} line ${r.line}${r.why === 'unpinned' ? ' unpinned' : ''}`);
  const more = fact.unlocked > lines.length ? ` and ${fact.unlocked - lines.length} more` : '';
  return {
    path: fact.path,
    location,
    problem: `${printable(fact.path)}: ${fact.unlocked} of ${fact.requirements} requirements without == and --hash (${lines.join(', ')}${more})`,
  };
}

function expectedLocks(manifest: Manifest): string {
  if (manifest.manifest === 'pipfile') return 'Pipfile.lock';
  if (manifest.manifest === 'package-json') return 'package-lock.json, yarn.lock or pnpm-lock.yaml';
  return 'uv.lock, poetry.lock or pdm.lock';
}

function judgeManifest(
  root: string,
  manifest: Manifest,
  paths: ReadonlySet<string>,
  locks: ReadonlyMap<string, Lockfile>,
  requirements: readonly Requirements[],
): Judgement {
  const location = { path: manifest.path, ...manifest.position };
  const folders = lockFolders(root, manifest.manifest, manifest.path);
  for (const dir of folders) {
    for (const name of lockNames(manifest.manifest)) {
      const path = joinPath(dir, name);
      if (paths.has(path)) return { path: manifest.path, location, ...judgeLock(manifest.path, path, locks.get(path)) };
    }
    if (manifest.manifest === 'pyproject') {
      const pylock = [...paths].find((path) => isPylock(path) && dirName(path) === dir);
      if (pylock !== undefined) return { path: manifest.path, location, ...judgeLock(manifest.path, pylock, locks.get(pylock)) };
    }
  }
  if (manifest.manifest === 'pyproject') {
    // As for the missing-lockfile rule: a requirements file beside it (or one folder down) may be the lock.
    const folder = dirName(manifest.path);
    const beside = requirements.filter((r) => dirName(r.path) === folder || dirName(dirName(r.path)) === folder);
    const hashed = beside.find((r) => r.unlocked === 0);
    if (hashed) return { path: manifest.path, location, locked: `${printable(manifest.path)} → ${printable(hashed.path)} (hashed)` };
    if (beside.length > 0) {
      return { path: manifest.path, location, problem: `${printable(manifest.path)}: no ${expectedLocks(manifest)}, and ${printable(beside[0]!.path)} lacks hashes` };
    }
  }
  return { path: manifest.path, location, problem: `${printable(manifest.path)} has no lockfile (${expectedLocks(manifest)})` };
}

/** The `dependencies-locked` evidence of one project, or nothing when it has no manifest with dependencies. */
export function lockedEvidence(root: string, paths: ReadonlySet<string>, facts: readonly ManifestFact[]): EvidenceReport | undefined {
  const locks = new Map<string, Lockfile>();
  const requirements: Requirements[] = [];
  const manifests: Manifest[] = [];
  for (const fact of facts) {
    if (fact.kind === 'lockfile') locks.set(fact.path, fact);
    else if (fact.kind === 'requirements') {
      if (fact.requirements > 0) requirements.push(fact);
    } else manifests.push(fact);
  }
  const judged = [
    ...manifests.map((manifest) => judgeManifest(root, manifest, paths, locks, requirements)),
    ...requirements.map(judgeRequirements),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (judged.length === 0) return undefined;
  const locked = judged.filter((j) => j.locked !== undefined).map((j) => j.locked!);
  const failing = judged.filter((j) => j.problem !== undefined);
  const count = plural(judged.length, 'dependency manifest');
  if (failing.length === 0) {
    return {
      check: 'dependencies-locked',
      summary: cap(`${count}, all locked with integrity: ${listItems(locked, MAX_LINE - count.length - 30)}`),
      location: judged[0]!.location,
    };
  }
  const head = locked.length === 0 ? `${count}, none locked with integrity` : `${count}, ${locked.length} locked with integrity: `;
  return {
    check: 'dependencies-locked',
    summary: cap(locked.length === 0 ? head : `${head}${listItems(locked, MAX_LINE - head.length - 12)}`),
    location: failing[0]!.location,
    shortfall: cap(listItems(failing.map((j) => j.problem!), MAX_LINE - 12, '; ')),
  };
}
