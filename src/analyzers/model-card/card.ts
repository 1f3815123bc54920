/**
 * @module Reads a Hugging Face style model or dataset card: the YAML front matter between `---` lines at the very
 * start (parsed with `yaml`, aliases and size bounded) and the Markdown sections a card is expected to have
 * (intended uses, limitations, training data, evaluation). Text only: nothing is rendered or fetched.
 */
import { LineCounter, parseDocument } from 'yaml';
import { LineIndex } from '../../lib/line-index.js';

/** Front matter is metadata: a few KiB. Beyond this it is not parsed (and the card says why). */
export const MAX_FRONT_MATTER_CHARS = 256 * 1024;
const MAX_ALIASES = 100;
const MAX_VALUE = 300;
/** Headings looked at; a card has tens. */
const MAX_HEADINGS = 2000;

export type CardKind = 'model' | 'dataset';

export interface FrontMatterProblem {
  readonly message: string;
  /** 1-based line in the card. */
  readonly line: number;
}

export interface CardSections {
  readonly intendedUse?: string;
  readonly limitations?: string;
  readonly trainingData?: string;
  readonly evaluation?: string;
  readonly license?: string;
}

export interface ParsedCard {
  readonly hasFrontMatter: boolean;
  /** What the front matter says the card describes, by its keys; undefined when it does not say. */
  readonly kind?: CardKind;
  readonly fields: Readonly<Record<string, string>>;
  readonly sections: CardSections;
  readonly problem?: FrontMatterProblem;
}

const MODEL_KEYS = new Set(['base_model', 'pipeline_tag', 'library_name', 'model-index', 'model_name', 'inference', 'widget', 'base_model_relation', 'model_type']);
const DATASET_KEYS = new Set(['task_categories', 'size_categories', 'dataset_info', 'configs', 'annotations_creators', 'source_datasets', 'language_creators', 'multilinguality', 'task_ids', 'paperswithcode_id']);

function short(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > MAX_VALUE ? `${line.slice(0, MAX_VALUE - 1)}…` : line;
}

/** A scalar or a list of scalars as one comma-separated string. */
function listValue(value: unknown): string | undefined {
  const items = (Array.isArray(value) ? value : [value]).filter((item) => typeof item === 'string' || typeof item === 'number').map(String).filter((item) => item.trim() !== '');
  return items.length > 0 ? short(items.join(',')) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Metric names from `metrics:` and from `model-index[].results[].metrics[].type|name`. */
function metricNames(meta: Record<string, unknown>): string | undefined {
  const names = new Set<string>();
  const direct = meta['metrics'];
  for (const item of Array.isArray(direct) ? direct : [direct]) if (typeof item === 'string' && item.trim()) names.add(item.trim());
  const index = meta['model-index'];
  if (Array.isArray(index)) {
    for (const entry of index.slice(0, 50)) {
      const results = isRecord(entry) ? entry['results'] : undefined;
      if (!Array.isArray(results)) continue;
      for (const result of results.slice(0, 200)) {
        const metrics = isRecord(result) ? result['metrics'] : undefined;
        if (!Array.isArray(metrics)) continue;
        for (const metric of metrics.slice(0, 200)) {
          const name = isRecord(metric) ? (metric['type'] ?? metric['name']) : undefined;
          if (typeof name === 'string' && name.trim()) names.add(name.trim());
        }
      }
    }
  }
  return names.size > 0 ? short([...names].join(',')) : undefined;
}

/** Where the front matter is: the text between a first line `---` and the next `---` (or `...`) line. */
export function frontMatterBounds(text: string): { start: number; end: number; closed: boolean } | undefined {
  const first = /^---[ \t]*\r?\n/.exec(text);
  if (!first) return undefined;
  const limit = Math.min(text.length, MAX_FRONT_MATTER_CHARS + first[0].length);
  const close = /^(?:---|\.\.\.)[ \t]*$/gm;
  close.lastIndex = first[0].length;
  for (let match = close.exec(text); match; match = close.exec(text)) {
    if (match.index > limit) break;
    return { start: first[0].length, end: match.index, closed: true };
  }
  return { start: first[0].length, end: Math.min(text.length, limit), closed: false };
}

function readFrontMatter(text: string): { meta?: Record<string, unknown>; problem?: FrontMatterProblem; bodyStart: number; present: boolean } {
  const bounds = frontMatterBounds(text);
  if (!bounds) return { bodyStart: 0, present: false };
  if (!bounds.closed) {
    const tooLong = text.length - bounds.start > MAX_FRONT_MATTER_CHARS;
    return {
      present: true,
      bodyStart: 0,
      problem: {
        line: 1,
        message: tooLong ? `the front matter has no closing "---" within ${MAX_FRONT_MATTER_CHARS} characters` : 'the front matter opened by "---" on line 1 is never closed by another "---" line',
      },
    };
  }
  const source = text.slice(bounds.start, bounds.end);
  const bodyStart = text.indexOf('\n', bounds.end) + 1 || text.length;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const firstLine = new LineIndex(text).at(bounds.start).line;
  const error = doc.errors[0];
  if (error) {
    const at = lineCounter.linePos(error.pos[0]).line;
    const reason = error.message.split('\n')[0]!.slice(0, 200);
    return { present: true, bodyStart, problem: { line: firstLine + at - 1, message: `YAML error: ${reason}` } };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (caught) {
    const reason = caught instanceof Error ? caught.message.split('\n')[0]!.slice(0, 200) : 'unreadable';
    return { present: true, bodyStart, problem: { line: firstLine, message: `YAML error: ${reason}` } };
  }
  if (value === null || value === undefined) return { present: true, bodyStart, meta: {} };
  if (!isRecord(value)) return { present: true, bodyStart, problem: { line: firstLine, message: 'the front matter is not a mapping of keys to values' } };
  return { present: true, bodyStart, meta: value };
}

const PLACEHOLDER = /^\s*(?:\[?more information needed\]?|\[?needs more information\]?|todo|tbd|n\/a|-)\s*$/i;

type SectionKey = Exclude<keyof CardSections, never>;

/** The sections a heading opens: "Intended uses & limitations" (the Trainer template) opens both. */
function sectionsOf(heading: string): SectionKey[] {
  const h = heading.toLowerCase();
  const keys: SectionKey[] = [];
  if (/\bintended\b|\buses?\b|\busage\b|\bout[- ]of[- ]scope\b/.test(h) && !/\bhow to (?:get started|use)\b|\bquick ?start\b/.test(h)) keys.push('intendedUse');
  if (/\blimitations?\b|\bbias(?:es)?\b|\brisks?\b/.test(h)) keys.push('limitations');
  if (keys.length > 0) return keys;
  if (/\btraining data\b|\bdatasets?\b|\bdata sources?\b/.test(h)) return ['trainingData'];
  if (/\bevaluation\b|\bmetrics?\b|\bresults\b|\bbenchmarks?\b/.test(h)) return ['evaluation'];
  if (/^\s*licen[cs]e\b/.test(h)) return ['license'];
  return [];
}

/** Markdown sections by heading (outside code fences), each with its text up to the next heading of its level or above. */
export function readSections(body: string): CardSections {
  const lines = body.split(/\r\n|\r|\n/);
  const found: Partial<Record<SectionKey, string>> = {};
  const weak: Partial<Record<SectionKey, string>> = {};
  let fence: string | undefined;
  let current: { keys: SectionKey[]; level: number; text: string[] } | undefined;
  let headings = 0;
  const close = () => {
    if (!current || current.keys.length === 0) return;
    const text = current.text.join(' ').replace(/\s+/g, ' ').trim();
    if (text === '' || PLACEHOLDER.test(text)) return;
    // "Intended uses & limitations": intended uses for sure; limitations only until a section of their own says more.
    found[current.keys[0]!] ??= short(text);
    for (const key of current.keys.slice(1)) weak[key] ??= short(text);
  };
  for (const line of lines) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1]![0];
      else if (fenceMatch[1]![0] === fence) fence = undefined;
      current?.text.push(line);
      continue;
    }
    const heading = fence === undefined ? /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (heading && ++headings <= MAX_HEADINGS) {
      const level = heading[1]!.length;
      const keys = sectionsOf(heading[2]!);
      // A subsection (### Direct Use under ## Uses) belongs to its parent unless it names a section of its own.
      if (current && level > current.level && (keys.length === 0 || keys.every((key) => current!.keys.includes(key)))) {
        continue;
      }
      close();
      current = { keys, level, text: [] };
      continue;
    }
    if (current && current.keys.length > 0 && current.text.length < 200) current.text.push(line);
  }
  close();
  return { ...weak, ...found };
}

/** Parses a card's text. Never throws: YAML problems become `problem`, the sections are read regardless. */
export function parseCard(text: string): ParsedCard {
  const front = readFrontMatter(text);
  const sections = readSections(text.slice(front.bodyStart));
  const meta = front.meta ?? {};
  const keys = Object.keys(meta);
  const kind: CardKind | undefined = keys.some((key) => MODEL_KEYS.has(key)) ? 'model' : keys.some((key) => DATASET_KEYS.has(key)) ? 'dataset' : undefined;
  const fields: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => {
    if (value !== undefined) fields[name] = value;
  };
  put('license', listValue(meta['license']) ?? (typeof meta['license_name'] === 'string' ? short(meta['license_name']) : undefined));
  put('base_model', listValue(meta['base_model']));
  put('datasets', listValue(meta['datasets']));
  put('pipeline_tag', listValue(meta['pipeline_tag']));
  put('library_name', listValue(meta['library_name']));
  put('metrics', metricNames(meta));
  return {
    hasFrontMatter: front.present,
    ...(kind === undefined ? {} : { kind }),
    fields,
    sections,
    ...(front.problem === undefined ? {} : { problem: front.problem }),
  };
}

/** Card text from bytes: UTF-8 (BOM or not), or UTF-16 with a BOM; says when the bytes are not clean UTF-8. */
export function decodeCard(bytes: Uint8Array): { text: string; encoding?: string; binary: boolean } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const label = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(label).decode(bytes.subarray(2)), encoding: label.toUpperCase(), binary: false };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (body.includes(0)) return { text: '', binary: true };
  try {
    // stream: a character cut at the read cap is left out, not called invalid.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true }), binary: false };
  } catch {
    return { text: new TextDecoder('utf-8').decode(body), encoding: 'invalid UTF-8', binary: false };
  }
}
