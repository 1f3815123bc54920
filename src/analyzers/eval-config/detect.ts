/**
 * @module Recognises security-evaluation and red-team tooling from a file's name and text: promptfoo configs,
 * garak configs, OpenAI Evals registry entries, and Python (or notebook, JavaScript) code importing PyRIT,
 * DeepEval, Giskard, Inspect AI, TextAttack, ART attacks, Ragas or garak. Text only, bounded: a YAML file is
 * read as an outline of its top-level keys and the keys nested under each (no YAML parser), JSON with
 * `JSON.parse` under a size cap, and code with import regexes over its first part (the python analyzer owns
 * real parsing).
 */

export interface Detection {
  /** The tool: `promptfoo`, `garak`, `PyRIT` ... */
  readonly tool: string;
  /** What the file is for it: `red-team config`, `eval config`, `imported in code` ... */
  readonly kind: string;
  /** 1-based line of the telling key or import. */
  readonly line: number;
  /** A short detail: the red-team plugins, the probes. */
  readonly detail?: string;
}

/** One top-level key of a YAML file with the keys written anywhere under it. */
export interface OutlineEntry {
  readonly line: number;
  /** The text after `key:` on its own line. */
  readonly inline: string;
  readonly children: ReadonlySet<string>;
}

const MAX_LINES = 20_000;
const MAX_LINE_CHARS = 2_000;
const MAX_CHILDREN = 500;

const TOP_KEY = /^(["']?)([A-Za-z_$][\w$.-]*)\1[ \t]*:(?:[ \t]|$)(.*)$/;
const CHILD_KEY = /^[ \t]+(?:-[ \t]+)?(["']?)([A-Za-z_$][\w$.-]*)\1[ \t]*:(?:[ \t]|$)/;
const FLOW_KEY = /(["']?)([A-Za-z_$][\w$.-]*)\1[ \t]*:(?=[ \t]|$)/g;

/**
 * The top-level keys of a block-style YAML text and the keys nested under each (any depth, list items too,
 * flow maps on the key's own line included). The first document only; comments and blank lines skipped.
 */
export function yamlOutline(text: string): Map<string, OutlineEntry> {
  const outline = new Map<string, { line: number; inline: string; children: Set<string> }>();
  let current: { children: Set<string> } | undefined;
  const lines = text.split('\n', MAX_LINES);
  let seenContent = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.slice(0, MAX_LINE_CHARS).replace(/\r$/, '');
    if (/^[ \t]*(?:#|$)/.test(line)) continue;
    if (/^(?:---|\.\.\.)(?:[ \t]|$)/.test(line) || /^%/.test(line)) {
      if (seenContent && line.startsWith('---')) break; // a second document
      continue;
    }
    seenContent = true;
    const top = TOP_KEY.exec(line);
    if (top) {
      const inline = top[3]!.replace(/[ \t]+#.*$/, '').trim();
      const entry = outline.get(top[2]!) ?? { line: index + 1, inline, children: new Set<string>() };
      outline.set(top[2]!, entry);
      current = entry;
      if (inline.startsWith('{')) for (const match of inline.slice(0, 300).matchAll(FLOW_KEY)) if (entry.children.size < MAX_CHILDREN) entry.children.add(match[2]!);
      continue;
    }
    if (/^[^ \t]/.test(line)) {
      current = undefined; // a top-level scalar or list: not a key we track
      continue;
    }
    const child = CHILD_KEY.exec(line);
    if (child && current && current.children.size < MAX_CHILDREN) current.children.add(child[2]!);
  }
  return outline;
}

const PROMPTFOO_NAME = /(?:^|\/)promptfooconfig\.(?:ya?ml|json|js|cjs|mjs|ts)$/i;
const PROMPTFOO_SCHEMA = /promptfoo\.dev\/config-schema\.json/;
const REDTEAM_KEYS = ['plugins', 'strategies', 'purpose', 'numTests', 'injectVar', 'entities', 'language', 'frameworks'];
const GARAK_PLUGIN_KEYS = ['probe_spec', 'model_type', 'model_name', 'target_type', 'target_name', 'probes', 'generators', 'detectors', 'detector_spec', 'buff_spec', 'extended_detectors', 'harnesses'];
const GARAK_RUN_KEYS = ['generations', 'eval_threshold', 'probe_tags', 'deprefix'];
const GARAK_SYSTEM_KEYS = ['parallel_attempts', 'parallel_requests', 'lite', 'show_z', 'enable_experimental'];
const GARAK_REPORTING_KEYS = ['report_prefix', 'taxonomy', 'report_dir', 'show_100_pass_modules'];
const OPENAI_EVALS_REGISTRY = /(?:^|\/)evals\/registry\/(?:evals|completion_fns|modelgraded|solvers|eval_sets)\/[^/]+\.ya?ml$/i;

const lineOf = (text: string, offset: number) => {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

const some = (children: ReadonlySet<string> | undefined, keys: readonly string[]) => (children ? keys.filter((key) => children.has(key)) : []);

/** promptfoo and garak (and OpenAI Evals registry entries) in a YAML file. */
export function detectYaml(path: string, text: string): Detection[] {
  const found: Detection[] = [];
  const outline = yamlOutline(text);
  const redteam = outline.get('redteam');
  const redteamKeys = some(redteam?.children, REDTEAM_KEYS);
  const byName = PROMPTFOO_NAME.test(path);
  const bySchema = PROMPTFOO_SCHEMA.test(text.slice(0, 4096));
  const evalShape = outline.has('prompts') && (outline.has('providers') || outline.has('targets')) && (outline.has('tests') || outline.has('defaultTest') || outline.has('scenarios'));
  if (redteam && (redteamKeys.length > 0 || byName || bySchema)) {
    found.push({ tool: 'promptfoo', kind: 'red-team config', line: redteam.line, ...(redteamKeys.length > 0 ? { detail: redteamKeys.join(', ') } : {}) });
  } else if (byName || bySchema || evalShape) {
    const at = outline.get('prompts') ?? outline.get('providers') ?? outline.get('tests');
    found.push({ tool: 'promptfoo', kind: 'eval config', line: at?.line ?? 1 });
  }
  const plugins = outline.get('plugins');
  const pluginKeys = some(plugins?.children, GARAK_PLUGIN_KEYS);
  const run = some(outline.get('run')?.children, GARAK_RUN_KEYS);
  const system = some(outline.get('system')?.children, GARAK_SYSTEM_KEYS);
  const reporting = some(outline.get('reporting')?.children, GARAK_REPORTING_KEYS);
  // `plugins:` alone is everywhere (serverless, eslint); garak's holds probe and generator settings.
  if (plugins && pluginKeys.length > 0 && !redteam) {
    found.push({ tool: 'garak', kind: 'config', line: plugins.line, detail: pluginKeys.slice(0, 4).join(', ') });
  } else if (run.length > 0 && (system.length > 0 || reporting.length > 0)) {
    found.push({ tool: 'garak', kind: 'config', line: outline.get('run')!.line, detail: [...run, ...system, ...reporting].slice(0, 4).join(', ') });
  }
  if (OPENAI_EVALS_REGISTRY.test(path)) found.push({ tool: 'OpenAI Evals', kind: 'registry entry', line: 1 });
  return found;
}

/** promptfoo and garak in a JSON file. */
export function detectJson(path: string, text: string): Detection[] {
  const found: Detection[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const object = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const top = object(value);
  const keyLine = (key: string) => {
    const at = text.indexOf(`"${key}"`);
    return at >= 0 ? lineOf(text, at) : 1;
  };
  const byName = PROMPTFOO_NAME.test(path);
  if (top) {
    const redteam = object(top['redteam']);
    const redteamKeys = redteam ? REDTEAM_KEYS.filter((key) => key in redteam) : [];
    const bySchema = typeof top['$schema'] === 'string' && PROMPTFOO_SCHEMA.test(top['$schema']);
    const evalShape = 'prompts' in top && ('providers' in top || 'targets' in top) && ('tests' in top || 'defaultTest' in top || 'scenarios' in top);
    if (redteam && (redteamKeys.length > 0 || byName || bySchema)) {
      found.push({ tool: 'promptfoo', kind: 'red-team config', line: keyLine('redteam'), ...(redteamKeys.length > 0 ? { detail: redteamKeys.join(', ') } : {}) });
    } else if (byName || bySchema || evalShape) {
      found.push({ tool: 'promptfoo', kind: 'eval config', line: 1 });
    }
    const plugins = object(top['plugins']);
    const pluginKeys = plugins ? GARAK_PLUGIN_KEYS.filter((key) => key in plugins) : [];
    if (plugins && pluginKeys.length > 0 && !redteam) found.push({ tool: 'garak', kind: 'config', line: keyLine('plugins'), detail: pluginKeys.slice(0, 4).join(', ') });
    // A garak generator options file: {"rest": {"RestGenerator": {...}}}.
    else if (Object.values(top).some((v) => object(v) !== undefined && 'RestGenerator' in object(v)!)) found.push({ tool: 'garak', kind: 'generator options', line: keyLine('RestGenerator') });
  } else if (byName) {
    found.push({ tool: 'promptfoo', kind: 'eval config', line: 1 });
  }
  return found;
}

/** Imports in Python code (or notebook JSON, where each line is a quoted string). */
const PYTHON_IMPORTS: readonly { tool: string; module: string }[] = [
  { tool: 'PyRIT', module: String.raw`pyrit\b` },
  { tool: 'DeepEval', module: String.raw`deepeval\b` },
  { tool: 'Giskard', module: String.raw`giskard\b` },
  { tool: 'Inspect AI', module: String.raw`inspect_ai\b` },
  { tool: 'TextAttack', module: String.raw`textattack\b` },
  { tool: 'ART', module: String.raw`art\.attacks\b` },
  { tool: 'Ragas', module: String.raw`ragas\b` },
  { tool: 'garak', module: String.raw`garak\b` },
  { tool: 'OpenAI Evals', module: String.raw`evals\.(?:api|eval|elsuite|record|registry|solvers)\b` },
];

/** `from art import attacks` names the attacks package without a dotted module. */
const ART_FROM = String.raw`art[ \t]+import[ \t]+(?:\(?[ \t]*)?attacks\b`;

export function detectPythonImports(text: string, notebook: boolean): Detection[] {
  const found: Detection[] = [];
  const lead = notebook ? String.raw`^[ \t]*"` : String.raw`^[ \t]*`;
  for (const { tool, module } of PYTHON_IMPORTS) {
    const alternatives = [String.raw`(?:from|import)[ \t]+${module}`];
    if (tool === 'ART') alternatives.push(String.raw`from[ \t]+${ART_FROM}`);
    const match = new RegExp(`${lead}(?:${alternatives.join('|')})`, 'm').exec(text);
    if (match) found.push({ tool, kind: notebook ? 'imported in a notebook' : 'imported in code', line: lineOf(text, match.index) });
  }
  return found;
}

/** promptfoo's JavaScript API (`import promptfoo from 'promptfoo'`), or a promptfooconfig.js/ts. */
export function detectJavaScript(path: string, text: string): Detection[] {
  if (PROMPTFOO_NAME.test(path)) return [{ tool: 'promptfoo', kind: 'eval config', line: 1 }];
  const match = /^[ \t]*(?:import\b[^'"\n]{0,200}\bfrom[ \t]*|(?:const|let|var)\b[^=\n]{0,200}=[ \t]*require\([ \t]*|import\([ \t]*)['"]promptfoo['"]/m.exec(text);
  return match ? [{ tool: 'promptfoo', kind: 'used from code', line: lineOf(text, match.index) }] : [];
}
