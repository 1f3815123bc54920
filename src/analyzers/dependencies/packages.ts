/**
 * @module The packages a project depends on, for the inventory: declared in requirements files, pyproject.toml and
 * package.json (with the version when it is pinned exactly), and locked in package-lock.json, yarn.lock,
 * pnpm-lock.yaml, poetry.lock, uv.lock and Pipfile.lock (exact versions, and the dependency graph where the
 * lockfile records it). Package URLs follow the purl
 * specification. Everything is read as text; nothing is resolved or fetched.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import type { AssetReport } from '../../core/asset.js';
import { jsonDepth } from '../../lib/json-depth.js';
import type { RequirementsFile } from './requirements.js';
import { LineIndex } from '../../lib/line-index.js';
import { pipfileLockPackages, pnpmLockPackages, yarnLockPackages } from './text-locks.js';

export type Ecosystem = 'pypi' | 'npm';
export type Scope = 'runtime' | 'dev' | 'optional';

/** Lockfiles read for their packages, by file name. */
export type LockfileKind = 'npm-lock' | 'yarn-lock' | 'pnpm-lock' | 'poetry-lock' | 'uv-lock' | 'pipfile-lock';

export function lockfileKind(path: string): LockfileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') return 'npm-lock';
  if (name === 'yarn.lock') return 'yarn-lock';
  if (name === 'pnpm-lock.yaml') return 'pnpm-lock';
  if (name === 'poetry.lock') return 'poetry-lock';
  if (name === 'uv.lock') return 'uv-lock';
  if (name === 'Pipfile.lock') return 'pipfile-lock';
  return undefined;
}

/** Lockfiles of large monorepos reach tens of MiB; past this they are not read (and the file is inconclusive). */
export const MAX_LOCKFILE_BYTES = 32 * 1024 * 1024;
/** Packages recorded per file; a real lockfile has a few thousand. */
export const MAX_PACKAGES = 20_000;
/** `depends_on` lists the names of direct dependencies; a package with more than this is cut (and says so). */
const MAX_DEPENDS_ON = 4000;
const MAX_VALUE = 300;

function short(value: string, max = MAX_VALUE): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** PEP 503 normalisation: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Percent-encodes a purl segment: everything outside the unreserved set (so `@` becomes %40). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** pkg:pypi/name@version and pkg:npm/%40scope/name@version, per the purl specification. */
export function purl(ecosystem: Ecosystem, name: string, version?: string): string {
  let path: string;
  if (ecosystem === 'pypi') path = encodeSegment(normalizePypiName(name));
  else {
    const slash = name.startsWith('@') ? name.indexOf('/') : -1;
    path = slash > 0 ? `${encodeSegment(name.slice(0, slash))}/${encodeSegment(name.slice(slash + 1))}` : encodeSegment(name);
  }
  return `pkg:${ecosystem}/${path}${version === undefined || version === '' ? '' : `@${encodeSegment(version)}`}`;
}

export interface PackageInfo {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version?: string;
  readonly scope: Scope;
  readonly direct?: boolean;
  /** As written in a manifest (`>=2.0`, `^4.1.0`), when it is not an exact version. */
  readonly specifier?: string;
  readonly dependsOn?: readonly string[];
  readonly line?: number;
  readonly column?: number;
}

export function packageAsset(info: PackageInfo): AssetReport {
  const name = info.ecosystem === 'pypi' ? normalizePypiName(info.name) : info.name;
  let dependsOn = info.dependsOn?.join(',');
  if (dependsOn !== undefined && dependsOn.length > MAX_DEPENDS_ON) dependsOn = `${dependsOn.slice(0, dependsOn.lastIndexOf(',', MAX_DEPENDS_ON))},…`;
  return {
    kind: 'package',
    name: short(name),
    ...(info.version === undefined ? {} : { version: short(info.version) }),
    ...(info.line === undefined ? {} : { position: { startLine: info.line, ...(info.column === undefined ? {} : { startColumn: info.column }) } }),
    properties: {
      ecosystem: info.ecosystem,
      purl: short(purl(info.ecosystem, name, info.version), 600),
      scope: info.scope,
      ...(info.direct === undefined ? {} : { direct: String(info.direct) }),
      ...(info.specifier === undefined || info.specifier === '' ? {} : { specifier: short(info.specifier) }),
      ...(dependsOn === undefined || dependsOn === '' ? {} : { depends_on: dependsOn }),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Python requirement strings (PEP 508): `name[extra] (==1.0) ; marker`

const PEP508 = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*\(?([^;@()]*)\)?\s*(?:[;@].*)?$/s;
const EXACT_PY = /^\s*===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*$/;

/** Name and (exact) version of a PEP 508 requirement string; undefined for what is not one. */
export function parsePep508(text: string): { name: string; version?: string; specifier: string } | undefined {
  // `name @ https://...`: a direct reference, kept whole as the specifier (credentials are already masked).
  const direct = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*@\s*([^;]+?)\s*(?:;.*)?$/s.exec(text);
  if (direct) return { name: direct[1]!, specifier: `@ ${direct[2]!}` };
  const match = PEP508.exec(text);
  if (!match) return undefined;
  const specifier = match[2]!.trim();
  const exact = EXACT_PY.exec(specifier);
  return { name: match[1]!, ...(exact && !exact[1]!.includes('*') ? { version: exact[1]! } : {}), specifier };
}

/** The scope a requirements file's name suggests: requirements-dev.txt, requirements/test.txt. */
export function requirementsScope(path: string): Scope {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')).toLowerCase() : '';
  const dev = /(?:^|[-_.])(?:dev|devel|test|tests|testing|lint|docs?|ci|typing)(?:[-_.]|$)/;
  return dev.test(name.replace(/\.txt$/, '')) || (folder.endsWith('requirements') && dev.test(name.replace(/\.txt$/, ''))) ? 'dev' : 'runtime';
}

export function requirementsPackages(path: string, parsed: RequirementsFile): PackageInfo[] {
  const scope = requirementsScope(path);
  const out: PackageInfo[] = [];
  for (const requirement of parsed.requirements) {
    if (requirement.name === undefined) continue;
    const parsed = parsePep508(requirement.spec);
    // `git+https://...#egg=name` and `name @ url` are not PEP 508 name-and-version strings: keep them whole.
    const named = parsed?.name === requirement.name ? parsed : undefined;
    const version = requirement.unpinned === undefined ? named?.version : undefined;
    const specifier = version !== undefined ? undefined : named ? named.specifier : requirement.spec;
    out.push({
      ecosystem: 'pypi',
      name: requirement.name,
      ...(version === undefined ? {} : { version }),
      scope,
      direct: true,
      ...(specifier === undefined || specifier === '' ? {} : { specifier }),
      line: requirement.line,
      column: requirement.column,
    });
    if (out.length >= MAX_PACKAGES) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// pyproject.toml

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 1-based line of the first occurrence of `needle` at or after line `from`, for positions in TOML. */
function lineOf(lines: readonly string[], needle: string, from = 0): number | undefined {
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  return undefined;
}

/** Poetry's version constraints: a bare version or `==` is exact; `^`, `~`, `*`, ranges are not. */
function poetryExact(spec: unknown): { version?: string; specifier?: string } {
  const text = typeof spec === 'string' ? spec : isRecord(spec) && typeof spec['version'] === 'string' ? spec['version'] : undefined;
  if (text === undefined) return {};
  const exact = /^\s*(?:==?)?\s*([0-9][A-Za-z0-9.+!_-]*)\s*$/.exec(text);
  return exact ? { version: exact[1]! } : { specifier: text };
}

/** Dependencies declared in pyproject.toml ([project], [dependency-groups], Poetry); none when it is not TOML. */
export function pyprojectPackages(text: string): PackageInfo[] {
  let toml: Record<string, unknown>;
  try {
    toml = parseToml(text, { maxDepth: 64 }) as Record<string, unknown>;
  } catch {
    return [];
  }
  const lines = text.split(/\r\n|\r|\n/);
  const out: PackageInfo[] = [];
  const add = (raw: string, scope: Scope) => {
    if (out.length >= MAX_PACKAGES) return;
    const parsed = parsePep508(raw);
    if (!parsed) return;
    const line = lineOf(lines, raw.trim());
    out.push({
      ecosystem: 'pypi',
      name: parsed.name,
      ...(parsed.version === undefined ? {} : { version: parsed.version }),
      scope,
      direct: true,
      ...(parsed.version === undefined && parsed.specifier !== '' ? { specifier: parsed.specifier } : {}),
      ...(line === undefined ? {} : { line }),
    });
  };
  const project = isRecord(toml['project']) ? toml['project'] : undefined;
  if (project) {
    if (Array.isArray(project['dependencies'])) for (const dep of project['dependencies']) if (typeof dep === 'string') add(dep, 'runtime');
    const optional = project['optional-dependencies'];
    if (isRecord(optional)) for (const list of Object.values(optional)) if (Array.isArray(list)) for (const dep of list) if (typeof dep === 'string') add(dep, 'optional');
  }
  const groups = toml['dependency-groups'];
  if (isRecord(groups)) for (const list of Object.values(groups)) if (Array.isArray(list)) for (const dep of list) if (typeof dep === 'string') add(dep, 'dev');
  const tool = isRecord(toml['tool']) ? toml['tool'] : undefined;
  const poetry = tool && isRecord(tool['poetry']) ? tool['poetry'] : undefined;
  if (poetry) {
    const tables: [unknown, Scope][] = [[poetry['dependencies'], 'runtime'], [poetry['dev-dependencies'], 'dev']];
    if (isRecord(poetry['group'])) for (const group of Object.values(poetry['group'])) if (isRecord(group)) tables.push([group['dependencies'], 'dev']);
    for (const [table, scope] of tables) {
      if (!isRecord(table)) continue;
      for (const [name, spec] of Object.entries(table)) {
        if (name.toLowerCase() === 'python' || out.length >= MAX_PACKAGES) continue;
        const { version, specifier } = poetryExact(spec);
        const optional = isRecord(spec) && spec['optional'] === true;
        const line = lines.findIndex((l) => new RegExp(`^\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`).test(l));
        out.push({
          ecosystem: 'pypi',
          name,
          ...(version === undefined ? {} : { version }),
          scope: optional ? 'optional' : scope,
          direct: true,
          ...(specifier === undefined ? {} : { specifier }),
          ...(line < 0 ? {} : { line: line + 1 }),
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// package.json

const NPM_SECTIONS: readonly [string, Scope][] = [['dependencies', 'runtime'], ['devDependencies', 'dev'], ['optionalDependencies', 'optional']];
const EXACT_NPM = /^\s*=?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*$/;

/** Dependencies of a package.json already known to be shallow enough to parse (the manifest reader checked). */
export function packageJsonPackages(text: string): PackageInfo[] {
  if (jsonDepth(text) > 256) return [];
  let root: Node | undefined;
  try {
    root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return [];
  }
  if (!root || root.type !== 'object') return [];
  const lines = new LineIndex(text);
  const out: PackageInfo[] = [];
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    const scope = NPM_SECTIONS.find(([section]) => section === key?.value)?.[1];
    if (!scope || !value || value.type !== 'object') continue;
    for (const entry of value.children ?? []) {
      const [nameNode, specNode] = entry.children ?? [];
      if (!nameNode || typeof nameNode.value !== 'string' || out.length >= MAX_PACKAGES) continue;
      const spec = typeof specNode?.value === 'string' ? specNode.value : '';
      const exact = EXACT_NPM.exec(spec);
      const at = lines.at(nameNode.offset);
      out.push({
        ecosystem: 'npm',
        name: nameNode.value,
        ...(exact ? { version: exact[1]! } : {}),
        scope,
        direct: true,
        ...(exact ? {} : { specifier: spec }),
        line: at.line,
        column: at.column,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Lockfiles

export interface LockResult {
  readonly packages: PackageInfo[];
  readonly problem?: string;
}

function npmLockPackages(text: string): LockResult {
  if (jsonDepth(text) > 256) return { packages: [], problem: 'nested too deeply to be a package-lock.json' };
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch (error) {
    return { packages: [], problem: `not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'})` };
  }
  if (!isRecord(lock)) return { packages: [], problem: 'not a JSON object' };
  const packages = lock['packages'];
  if (!isRecord(packages)) {
    return { packages: [], problem: `lockfileVersion ${String(lock['lockfileVersion'] ?? 1)} without a "packages" map (npm 6 and older); packages were not read` };
  }
  const rootEntry = isRecord(packages['']) ? packages[''] : {};
  const direct = new Set<string>();
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = rootEntry[section];
    if (isRecord(deps)) for (const name of Object.keys(deps)) direct.add(name);
  }
  const out: PackageInfo[] = [];
  let problem: string | undefined;
  for (const [key, value] of Object.entries(packages)) {
    if (key === '' || !isRecord(value) || value['link'] === true) continue;
    const at = key.lastIndexOf('node_modules/');
    if (at < 0) continue; // a workspace folder, not an installed package
    const name = typeof value['name'] === 'string' ? value['name'] : key.slice(at + 'node_modules/'.length);
    if (out.length >= MAX_PACKAGES) {
      problem = `more than ${MAX_PACKAGES} packages; only the first ${MAX_PACKAGES} were recorded`;
      break;
    }
    const dependsOn = new Set<string>();
    for (const section of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      const deps = value[section];
      if (isRecord(deps)) for (const dep of Object.keys(deps)) dependsOn.add(dep);
    }
    const scope: Scope = value['dev'] === true || value['devOptional'] === true ? 'dev' : value['optional'] === true ? 'optional' : 'runtime';
    const version = typeof value['version'] === 'string' ? value['version'] : undefined;
    out.push({
      ecosystem: 'npm',
      name,
      ...(version === undefined ? {} : { version }),
      scope,
      direct: key === `node_modules/${name}` && direct.has(name),
      ...(dependsOn.size > 0 ? { dependsOn: [...dependsOn].sort() } : {}),
    });
  }
  return { packages: out, ...(problem === undefined ? {} : { problem }) };
}

function tomlLockPackages(text: string, kind: 'poetry-lock' | 'uv-lock'): LockResult {
  let lock: Record<string, unknown>;
  try {
    lock = parseToml(text, { maxDepth: 32 }) as Record<string, unknown>;
  } catch (error) {
    return { packages: [], problem: `not valid TOML (${error instanceof Error ? error.message.split('\n')[0]!.slice(0, 120) : 'parse error'})` };
  }
  const list = lock['package'];
  if (!Array.isArray(list)) return { packages: [] };
  const out: PackageInfo[] = [];
  let problem: string | undefined;
  let rootDeps: Set<string> | undefined;
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry['name'] !== 'string') continue;
    const source = isRecord(entry['source']) ? entry['source'] : {};
    const dependsOn: string[] = [];
    if (kind === 'uv-lock') {
      const deps = entry['dependencies'];
      if (Array.isArray(deps)) for (const dep of deps) if (isRecord(dep) && typeof dep['name'] === 'string') dependsOn.push(normalizePypiName(dep['name']));
      // The project itself (editable or virtual at '.'): its dependencies are the direct ones.
      if (source['editable'] === '.' || source['virtual'] === '.') {
        rootDeps ??= new Set(dependsOn);
        continue;
      }
    } else {
      const deps = entry['dependencies'];
      if (isRecord(deps)) for (const name of Object.keys(deps)) dependsOn.push(normalizePypiName(name));
    }
    if (out.length >= MAX_PACKAGES) {
      problem = `more than ${MAX_PACKAGES} packages; only the first ${MAX_PACKAGES} were recorded`;
      break;
    }
    const version = typeof entry['version'] === 'string' ? entry['version'] : undefined;
    const category = entry['category'];
    const scope: Scope = category === 'dev' ? 'dev' : entry['optional'] === true ? 'optional' : 'runtime';
    out.push({ ecosystem: 'pypi', name: entry['name'], ...(version === undefined ? {} : { version }), scope, ...(dependsOn.length > 0 ? { dependsOn: [...new Set(dependsOn)].sort() } : {}) });
  }
  if (rootDeps) {
    const direct = rootDeps;
    return { packages: out.map((p) => ({ ...p, direct: direct.has(normalizePypiName(p.name)) })), ...(problem === undefined ? {} : { problem }) };
  }
  return { packages: out, ...(problem === undefined ? {} : { problem }) };
}

export function lockfilePackages(kind: LockfileKind, text: string): LockResult {
  switch (kind) {
    case 'npm-lock':
      return npmLockPackages(text);
    case 'yarn-lock':
      return yarnLockPackages(text);
    case 'pnpm-lock':
      return pnpmLockPackages(text);
    case 'pipfile-lock':
      return pipfileLockPackages(text);
    default:
      return tomlLockPackages(text, kind);
  }
}
