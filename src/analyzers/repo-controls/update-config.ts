/**
 * @module Dependency-update automation configs, parsed from text: Dependabot's `.github/dependabot.yml` and
 * Renovate's config (JSON, JSON5, or the `renovate` key of package.json). Only what the conformance check needs
 * is kept: which ecosystems or managers are updated, and how often. Nothing here throws: a config that cannot
 * be read comes back with an `error`.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LineCounter, parseDocument } from 'yaml';
import { jsonDepth } from '../../lib/json-depth.js';

/** Deeper nesting is not a real config, and recursive parsers must not see it. */
const MAX_DEPTH = 64;
const MAX_UPDATES = 500;
const MAX_STRING = 200;

export interface DependabotUpdate {
  readonly ecosystem: string;
  readonly directories: readonly string[];
  /** `schedule.interval`; absent when the entry has none (Dependabot rejects such an entry). */
  readonly interval?: string;
  readonly line?: number;
  /** Why the entry does not keep versions up to date although it is there. */
  readonly inactive?: string;
}

export interface DependabotConfig {
  readonly updates: readonly DependabotUpdate[];
  /** Set when the file cannot be used at all. */
  readonly error?: string;
}

const short = (text: string) => (text.length > MAX_STRING ? `${text.slice(0, MAX_STRING - 1)}…` : text);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map(short) : []);

export function parseDependabot(text: string): DependabotConfig {
  if (jsonDepth(text) > MAX_DEPTH) return { updates: [], error: 'it nests too deeply to be a Dependabot config' };
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      const line = first.pos ? lineCounter.linePos(first.pos[0]).line : undefined;
      return { updates: [], error: `it is not valid YAML${line ? ` (line ${line})` : ''}: ${short(first.message.split('\n')[0] ?? '')}` };
    }
    const root: unknown = doc.toJS({ maxAliasCount: 100 });
    if (!isRecord(root)) return { updates: [], error: 'it is not a YAML mapping' };
    if (root['version'] !== 2) return { updates: [], error: `its version is ${short(JSON.stringify(root['version']) ?? 'missing')}, not 2` };
    const entries = root['updates'];
    if (!Array.isArray(entries) || entries.length === 0) return { updates: [], error: 'it has no updates list' };
    const updates: DependabotUpdate[] = [];
    for (const [index, entry] of entries.slice(0, MAX_UPDATES).entries()) {
      if (!isRecord(entry) || typeof entry['package-ecosystem'] !== 'string') continue;
      const node = doc.getIn(['updates', index], true) as { range?: [number, number, number] } | undefined;
      const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
      const directories = typeof entry['directory'] === 'string' ? [short(entry['directory'])] : strings(entry['directories']);
      const schedule = entry['schedule'];
      const interval = isRecord(schedule) && typeof schedule['interval'] === 'string' ? short(schedule['interval']) : undefined;
      updates.push({
        ecosystem: short(entry['package-ecosystem']),
        directories,
        ...(interval === undefined ? {} : { interval }),
        ...(line === undefined ? {} : { line }),
        ...inactiveReason(entry, interval, directories),
      });
    }
    return { updates };
  } catch (error) {
    return { updates: [], error: `it could not be read: ${short(error instanceof Error ? error.message : String(error))}` };
  }
}

/** Why an entry is there but keeps nothing up to date. */
function inactiveReason(entry: Record<string, unknown>, interval: string | undefined, directories: readonly string[]): { inactive?: string } {
  if (interval === undefined) return { inactive: 'no schedule.interval, which Dependabot requires' };
  if (directories.length === 0) return { inactive: 'no directory, which Dependabot requires' };
  if (entry['open-pull-requests-limit'] === 0) return { inactive: 'open-pull-requests-limit: 0 turns version updates off' };
  const ignored = Array.isArray(entry['ignore']) ? entry['ignore'] : [];
  const ignoresAll = ignored.some((rule) => isRecord(rule) && rule['dependency-name'] === '*' && rule['versions'] === undefined && rule['update-types'] === undefined);
  if (ignoresAll) return { inactive: 'it ignores every dependency (dependency-name: "*")' };
  return {};
}

export interface RenovateConfig {
  /** `enabled: false` at the top level turns Renovate off for the repository. */
  readonly enabled: boolean;
  /** `enabledManagers`: when set, only these managers run. */
  readonly enabledManagers?: readonly string[];
  /** Managers turned off by `<manager>: {enabled: false}` or a package rule that matches only managers. */
  readonly disabledManagers: readonly string[];
  /** Presets it extends (they may restrict managers too; aigis cannot read them). */
  readonly extends: readonly string[];
  readonly error?: string;
}

/**
 * Turns JSON5 into JSON that jsonc-parser reads (it already takes comments and trailing commas): single-quoted
 * strings become double-quoted, and bare keys are quoted. Other JSON5 extras (hex numbers, `+1`, `.5`) are left
 * as they are, and the parser then reports them.
 */
export function json5ToJson(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop);
      i = stop;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let body = '';
      while (j < n && text[j] !== ch) {
        if (text[j] === '\\' && j + 1 < n) {
          const next = text[j + 1]!;
          // A line continuation drops out; `\'` needs no escape in a double-quoted string.
          if (next === '\n') body += '';
          else if (next === "'" && ch === "'") body += "'";
          else body += `\\${next}`;
          j += 2;
          continue;
        }
        const c = text[j]!;
        body += c === '"' && ch === "'" ? '\\"' : c;
        j++;
      }
      out += `"${body}"`;
      i = j + 1;
    } else if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      let k = j;
      while (k < n && /\s/.test(text[k]!)) k++;
      out += text[k] === ':' ? `"${word}"` : word;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The parsed object of a Renovate config text, or why it cannot be read. */
export function parseRenovateText(text: string, json5: boolean): { value?: unknown; error?: string } {
  if (jsonDepth(text) > MAX_DEPTH) return { error: 'it nests too deeply to be a Renovate config' };
  try {
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(json5 ? json5ToJson(text) : text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length > 0) return { error: `it is not valid ${json5 ? 'JSON5' : 'JSON'} (${printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset})` };
    return { value };
  } catch (error) {
    return { error: `it could not be read: ${short(error instanceof Error ? error.message : String(error))}` };
  }
}

/** What a Renovate config object says about which managers run. */
export function readRenovate(value: unknown): RenovateConfig {
  if (!isRecord(value)) return { enabled: false, disabledManagers: [], extends: [], error: 'it is not a JSON object' };
  const disabled = new Set<string>();
  for (const [key, setting] of Object.entries(value)) {
    if (isRecord(setting) && setting['enabled'] === false && key !== 'vulnerabilityAlerts' && key !== 'lockFileMaintenance') disabled.add(short(key));
  }
  const rules = Array.isArray(value['packageRules']) ? value['packageRules'] : [];
  for (const rule of rules.slice(0, 1000)) {
    if (!isRecord(rule) || rule['enabled'] !== false) continue;
    const matchers = Object.keys(rule).filter((key) => key.startsWith('match') || key === 'excludePackageNames' || key === 'paths');
    // Only a rule that selects by manager alone turns a whole manager off.
    if (matchers.length === 1 && matchers[0] === 'matchManagers') for (const manager of strings(rule['matchManagers'])) disabled.add(manager);
  }
  const enabledManagers = Array.isArray(value['enabledManagers']) ? strings(value['enabledManagers']).slice(0, 200) : undefined;
  const presets = typeof value['extends'] === 'string' ? [short(value['extends'])] : strings(value['extends']).slice(0, 50);
  return {
    enabled: value['enabled'] !== false,
    ...(enabledManagers === undefined ? {} : { enabledManagers }),
    disabledManagers: [...disabled].sort(),
    extends: presets,
  };
}

/** Whether a Renovate config runs a manager. */
export function renovateRuns(config: RenovateConfig, manager: string): boolean {
  if (!config.enabled || config.disabledManagers.includes(manager)) return false;
  return config.enabledManagers === undefined || config.enabledManagers.includes(manager);
}
