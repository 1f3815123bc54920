/**
 * @module eval-config: finds the security-evaluation and red-team tooling a project has configured (promptfoo,
 * garak, PyRIT, DeepEval, Giskard, Inspect AI, TextAttack, ART, Ragas, OpenAI Evals), for the `evaluation-config`
 * conformance check. No rules: the file pass records what each file configures, the project pass records one
 * piece of evidence per tool naming the files. Nothing is run or imported.
 */
import type { FileCandidate } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { Detection } from './detect.js';
import { detectJavaScript, detectJson, detectPythonImports, detectYaml } from './detect.js';
import { clip as clipText, listSome } from '../../lib/listing.js';

export interface EvalConfigFact {
  readonly tool: string;
  readonly kind: string;
  readonly line: number;
  readonly detail?: string;
}

/** Config files are small; past this only the start of a YAML file is outlined, and JSON is not parsed. */
const MAX_CONFIG_BYTES = 512 * 1024;
/** Imports sit at the top of a module; notebooks keep outputs in between, so they get more. */
const MAX_CODE_BYTES = 64 * 1024;
const MAX_NOTEBOOK_BYTES = 256 * 1024;
const MAX_SUMMARY = 299;

/** Installed packages and build output are not the project's configuration. */
const VENDORED = /(?:^|\/)(?:node_modules|site-packages|dist-packages|\.venv|venv|\.tox|\.git)\//;

const TYPES = new Set(['yaml', 'json', 'python', 'notebook', 'javascript', 'typescript']);

function claimable(file: Pick<FileCandidate, 'path' | 'member' | 'type'>): boolean {
  return file.member === undefined && TYPES.has(file.type) && !VENDORED.test(file.path.replaceAll('\\', '/'));
}

const clip = (text: string) => clipText(text, MAX_SUMMARY);

export const evalConfigAnalyzer = defineAnalyzer<EvalConfigFact>({
  id: 'eval-config',
  version: '1',
  description: 'Finds security-evaluation and red-team tooling (promptfoo and garak configs, PyRIT, DeepEval, Giskard, Inspect AI, TextAttack, ART, Ragas, OpenAI Evals in code) for the evaluation-config conformance check.',
  rules: [],
  claims: (file) => claimable(file),
  analyzeFile(file, context) {
    const path = file.path.replaceAll('\\', '/');
    let detections: Detection[] = [];
    if (file.type === 'yaml' || file.type === 'json') {
      const { text, truncated } = readText(file.source, MAX_CONFIG_BYTES);
      if (text.includes('\u0000')) return;
      if (truncated) context.note(`eval-config: only the first ${MAX_CONFIG_BYTES} bytes were looked at for evaluation config`);
      detections = file.type === 'yaml' ? detectYaml(path, text) : truncated ? [] : detectJson(path, text);
    } else if (file.type === 'python' || file.type === 'notebook') {
      const { text } = readText(file.source, file.type === 'notebook' ? MAX_NOTEBOOK_BYTES : MAX_CODE_BYTES);
      detections = detectPythonImports(text, file.type === 'notebook');
    } else {
      const { text } = readText(file.source, MAX_CODE_BYTES);
      detections = detectJavaScript(path, text);
    }
    for (const detection of detections) context.fact({ tool: detection.tool, kind: detection.kind, line: detection.line, ...(detection.detail ? { detail: detection.detail.slice(0, 120) } : {}) });
  },
  analyzeProject(project, context) {
    const byTool = new Map<string, { path: string; fact: EvalConfigFact }[]>();
    for (const entry of project.facts) {
      if (entry.member !== undefined) continue;
      const list = byTool.get(entry.fact.tool) ?? [];
      list.push({ path: entry.path, fact: entry.fact });
      byTool.set(entry.fact.tool, list);
    }
    for (const [tool, entries] of [...byTool].sort(([a], [b]) => a.localeCompare(b))) {
      entries.sort((a, b) => a.path.localeCompare(b.path) || a.fact.line - b.fact.line);
      const first = entries[0]!;
      const kinds = listSome(entries.map((e) => e.fact.kind), 3);
      const detail = first.fact.detail ? ` (keys: ${first.fact.detail})` : '';
      context.evidence({
        check: 'evaluation-config',
        summary: clip(`${tool} ${kinds}: ${listSome(entries.map((e) => e.path), 4)}${detail}`),
        location: { path: first.path, startLine: first.fact.line },
      });
    }
  },
});
