/**
 * @module Which dependency files a path is, and what a manifest declares: pyproject.toml ([project] and Poetry),
 * package.json and Pipfile are read as text (TOML with smol-toml, JSON with jsonc-parser), never evaluated.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import type { Position } from '../../core/analyzer.js';
import { baseName } from './rule.js';
import { jsonDepth } from '../../lib/json-depth.js';
import { LineIndex } from '../../lib/line-index.js';

export type DependencyFileKind = 'requirements' | 'constraints' | 'pyproject' | 'package-json' | 'pipfile';

export type ManifestKind = 'pyproject' | 'package-json' | 'pipfile';

export type ManifestFact =
  | {
      readonly kind: 'requirements';
      readonly path: string;
      readonly fullyPinned: boolean;
      /** Requirements fetched from an index or a URL (local paths and includes left out). */
      readonly requirements: number;
      /** Of those, the ones not pinned with == and a --hash (pip's --require-hashes mode), counted... */
      readonly unlocked: number;
      /** ...and the first few named, with their line. */
      readonly firstUnlocked: readonly { readonly name: string; readonly line: number; readonly why: 'unpinned' | 'no-hash' }[];
    }
  | {
      readonly kind: 'lockfile';
      readonly path: string;
      /** Registry packages the lockfile records, and how many of them carry an integrity hash. */
      readonly packages: number;
      readonly withIntegrity: number;
      /** The first few packages without a hash. */
      readonly without: readonly string[];
      /** Why the lockfile could not be fully checked. */
      readonly problem?: string;
    }
  | {
      readonly kind: 'manifest';
      readonly manifest: ManifestKind;
      readonly path: string;
      readonly dependencies: number;
      /** Where the dependencies are declared, for messages: `[project].dependencies`. */
      readonly section: string;
      /** The tool the manifest is written for, when it says: poetry, uv, pdm, hatch. */
      readonly tool?: string;
      readonly position: Position;
    };

/** Classifies a path by name; the content decides nothing here. */
export function dependencyFileKind(path: string): DependencyFileKind | undefined {
  const name = baseName(path);
  const lower = name.toLowerCase();
  if (lower.endsWith('.txt')) {
    if (/^constraints?(?:[-_.].*)?\.txt$/.test(lower)) return 'constraints';
    if (/requirements?/.test(lower) || /(?:^|\/)requirements\/[^/]+\.txt$/i.test(path)) return 'requirements';
    return undefined;
  }
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'package.json') return 'package-json';
  if (name === 'Pipfile') return 'pipfile';
  return undefined;
}

/** Where a `key = ` line or a `[table]` header is, scanning TOML text line by line. */
function tomlPosition(text: string, table: string, key?: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^\s*\[\s*([^\]\s]+)\s*\]/.exec(line);
    if (header) {
      current = header[1]!.replace(/["']/g, '');
      if (key === undefined && current === table) return { startLine: i + 1, startColumn: line.indexOf('[') + 1, endLine: i + 1, endColumn: line.trimEnd().length + 1 };
      continue;
    }
    const assignment = key === undefined ? null : new RegExp(`^\\s*["']?${key}["']?\\s*=`).exec(line);
    if (assignment && current === table) {
      const start = line.length - line.trimStart().length;
      return { startLine: i + 1, startColumn: start + 1, endLine: i + 1, endColumn: start + 1 + key!.length };
    }
  }
  return { startLine: 1, startColumn: 1 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type ManifestResult = { readonly fact?: ManifestFact; readonly problem?: string };

const TOML_OPTIONS = { maxDepth: 64 };

function readToml(text: string): { value?: Record<string, unknown>; problem?: string } {
  try {
    return { value: parseToml(text, TOML_OPTIONS) as Record<string, unknown> };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { problem: `not valid TOML (${message.slice(0, 160)})` };
  }
}

function pyprojectTool(toml: Record<string, unknown>): string | undefined {
  const tool = isRecord(toml['tool']) ? toml['tool'] : {};
  for (const name of ['poetry', 'uv', 'pdm', 'hatch', 'rye', 'pixi']) if (name in tool) return name;
  return undefined;
}

export function readPyproject(path: string, text: string): ManifestResult {
  const { value: toml, problem } = readToml(text);
  if (!toml) return { ...(problem === undefined ? {} : { problem }) };
  const project = isRecord(toml['project']) ? toml['project'] : undefined;
  const tool = pyprojectTool(toml);
  const declared = project && Array.isArray(project['dependencies']) ? project['dependencies'].length : 0;
  if (declared > 0) {
    return { fact: { kind: 'manifest', manifest: 'pyproject', path, dependencies: declared, section: '[project].dependencies', ...(tool ? { tool } : {}), position: tomlPosition(text, 'project', 'dependencies') } };
  }
  const toolTable = isRecord(toml['tool']) ? toml['tool'] : undefined;
  const poetry = toolTable && isRecord(toolTable['poetry']) ? toolTable['poetry'] : undefined;
  const poetryDeps = poetry && isRecord(poetry['dependencies']) ? Object.keys(poetry['dependencies']).filter((name) => name.toLowerCase() !== 'python') : [];
  if (poetryDeps.length > 0) {
    return { fact: { kind: 'manifest', manifest: 'pyproject', path, dependencies: poetryDeps.length, section: '[tool.poetry.dependencies]', tool: 'poetry', position: tomlPosition(text, 'tool.poetry.dependencies') } };
  }
  return {};
}

export function readPipfile(path: string, text: string): ManifestResult {
  const { value: toml, problem } = readToml(text);
  if (!toml) return { ...(problem === undefined ? {} : { problem }) };
  for (const table of ['packages', 'dev-packages']) {
    const packages = toml[table];
    const count = isRecord(packages) ? Object.keys(packages).length : 0;
    if (count > 0) return { fact: { kind: 'manifest', manifest: 'pipfile', path, dependencies: count, section: `[${table}]`, tool: 'pipenv', position: tomlPosition(text, table) } };
  }
  return {};
}

/** Deeper JSON than this is not a package.json anyone wrote; jsonc-parser recurses, so it is never parsed. */
const MAX_JSON_DEPTH = 256;

const NPM_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'];

export function readPackageJson(path: string, text: string): ManifestResult {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { problem: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    return { problem: `not readable JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!root || root.type !== 'object') return errors.length > 0 ? { problem: 'not valid JSON' } : {};
  let total = 0;
  let first: { section: string; offset: number; length: number } | undefined;
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value || typeof key.value !== 'string' || !NPM_SECTIONS.includes(key.value) || value.type !== 'object') continue;
    const count = value.children?.length ?? 0;
    if (count === 0) continue;
    total += count;
    first ??= { section: key.value, offset: key.offset, length: key.length };
  }
  if (!first) return errors.length > 0 ? { problem: 'not valid JSON' } : {};
  const start = new LineIndex(text).at(first.offset);
  return {
    fact: {
      kind: 'manifest',
      manifest: 'package-json',
      path,
      dependencies: total,
      section: `"${first.section}"`,
      position: { startLine: start.line, startColumn: start.column, endLine: start.line, endColumn: start.column + first.length },
    },
  };
}
