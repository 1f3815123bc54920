/**
 * @module One small tree for YAML and JSON configuration files, with the position of every scalar: maps,
 * sequences and scalars, built from the yaml and jsonc-parser ASTs without ever resolving aliases, evaluating
 * tags or recursing past a fixed depth.
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Position } from '../../core/analyzer.js';
import { jsonDepth } from '../../lib/json-depth.js';
import { LineIndex } from '../../lib/line-index.js';

export type ConfigNode =
  | { readonly kind: 'map'; readonly entries: readonly ConfigEntry[] }
  | { readonly kind: 'seq'; readonly items: readonly ConfigNode[] }
  | { readonly kind: 'scalar'; readonly value: string | number | boolean | null; readonly position: Position };

export interface ConfigEntry {
  readonly key: string;
  readonly value: ConfigNode;
}

export interface ConfigTree {
  readonly roots: readonly ConfigNode[];
  /** Set when the file could not be read fully; what was read is kept. */
  readonly problem?: string;
}

/** Configuration files are shallow; anything deeper is not walked (and never handed to a recursive parser). */
export const MAX_DEPTH = 64;
/** Nodes built per file; a training config has hundreds. */
const MAX_NODES = 200_000;

class Budget {
  nodes = 0;
  exhausted = false;

  take(): boolean {
    if (this.nodes >= MAX_NODES) this.exhausted = true;
    else this.nodes++;
    return !this.exhausted;
  }
}

/** Block-style YAML nests by indentation: the number of distinct indents bounds its depth. */
function indentDepth(text: string): number {
  const indents = new Set<number>();
  for (const match of text.matchAll(/^( *)\S/gm)) {
    indents.add(match[1]!.length);
    if (indents.size > MAX_DEPTH * 4) break;
  }
  return indents.size;
}

function scalarValue(value: unknown): string | number | boolean | null | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

export function readJsonTree(text: string): ConfigTree {
  if (jsonDepth(text) > MAX_DEPTH * 4) return { roots: [], problem: `nested deeper than ${MAX_DEPTH * 4} levels` };
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    return { roots: [], problem: `not readable as JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const lines = new LineIndex(text);
  const budget = new Budget();
  const convert = (node: JsonNode, depth: number): ConfigNode | undefined => {
    if (depth > MAX_DEPTH || !budget.take()) return undefined;
    if (node.type === 'object') {
      const entries: ConfigEntry[] = [];
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value || typeof key.value !== 'string') continue;
        const converted = convert(value, depth + 1);
        if (converted) entries.push({ key: key.value, value: converted });
      }
      return { kind: 'map', entries };
    }
    if (node.type === 'array') return { kind: 'seq', items: (node.children ?? []).flatMap((child) => convert(child, depth + 1) ?? []) };
    const value = scalarValue(node.value);
    return value === undefined ? undefined : { kind: 'scalar', value, position: lines.range(node.offset, node.offset + node.length) };
  };
  const converted = root ? convert(root, 0) : undefined;
  const problem = errors.length > 0 ? `not valid JSON (${errors.length} syntax error${errors.length === 1 ? '' : 's'})` : budget.exhausted ? `more than ${MAX_NODES} values; the rest were not read` : undefined;
  return { roots: converted ? [converted] : [], ...(problem ? { problem } : {}) };
}

export function readYamlTree(text: string): ConfigTree {
  if (jsonDepth(text) > MAX_DEPTH * 4 || indentDepth(text) > MAX_DEPTH * 4) return { roots: [], problem: `nested deeper than ${MAX_DEPTH * 4} levels` };
  const lineCounter = new LineCounter();
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
  } catch (error) {
    return { roots: [], problem: `not readable as YAML (${error instanceof Error ? error.message : String(error)})` };
  }
  const list = Array.isArray(documents) ? documents : [];
  const position = (range: readonly [number, number, number] | null | undefined): Position => {
    const [start, end] = range ?? [0, 0];
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return { startLine: from.line, startColumn: from.col, endLine: to.line, endColumn: to.col };
  };
  const budget = new Budget();
  const convert = (node: unknown, depth: number): ConfigNode | undefined => {
    if (depth > MAX_DEPTH || !budget.take() || isAlias(node)) return undefined;
    if (isMap(node)) {
      const entries: ConfigEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = scalarValue(pair.key.value);
        if (key === undefined || key === null) continue;
        const converted = convert(pair.value, depth + 1);
        if (converted) entries.push({ key: String(key), value: converted });
      }
      return { kind: 'map', entries };
    }
    if (isSeq(node)) return { kind: 'seq', items: node.items.flatMap((item) => convert(item, depth + 1) ?? []) };
    if (isScalar(node)) {
      const value = scalarValue(node.value);
      return value === undefined ? undefined : { kind: 'scalar', value, position: position(node.range) };
    }
    return undefined;
  };
  const roots: ConfigNode[] = [];
  let errors = 0;
  for (const document of list) {
    errors += document.errors.length;
    const converted = convert(document.contents, 0);
    if (converted) roots.push(converted);
  }
  const problem = errors > 0 ? `not valid YAML (${errors} error${errors === 1 ? '' : 's'})` : budget.exhausted ? `more than ${MAX_NODES} values; the rest were not read` : undefined;
  return { roots, ...(problem ? { problem } : {}) };
}

/** Every map in the tree with the key that leads to it (for context such as `datasets`), depth first. */
export function* maps(node: ConfigNode, parentKey?: string, depth = 0): Generator<{ map: Extract<ConfigNode, { kind: 'map' }>; parentKey: string | undefined }> {
  if (depth > MAX_DEPTH) return;
  if (node.kind === 'map') {
    yield { map: node, parentKey };
    for (const entry of node.entries) yield* maps(entry.value, entry.key, depth + 1);
  } else if (node.kind === 'seq') {
    for (const item of node.items) yield* maps(item, parentKey, depth + 1);
  }
}
