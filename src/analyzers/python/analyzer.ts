/**
 * @module python: Python source files and the code cells of Jupyter notebooks, parsed with tree-sitter and
 * checked by pattern rules (unsafe loading, remote code, unpinned downloads, agent tools, exposed services) and
 * taint rules (LLM output reaching code execution, shells, SQL, HTML, paths and URLs). Nothing is imported or run.
 * The project pass records conformance evidence on how model calls are traced, logged and screened (monitoring.ts).
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import type { Position } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import { nodeRange, syntaxErrors, withSyntaxTree } from '../../parsers/tree-sitter.js';
import { collectAssets } from './assets.js';
import { buildPythonModule } from './module.js';
import { monitoringEvidence, type MonitoringFact } from '../../core/conformance/monitoring.js';
import { MonitoringCollector } from './monitoring.js';
import type { NotebookCode } from './notebook.js';
import { notebookCode } from './notebook.js';
import type { PythonRule } from './rule.js';
import { snippet } from './rule.js';
import { PATTERN_RULES } from './pattern-rules.js';
import { TAINT_RULES } from './taint-rules.js';

export const PYTHON_RULES: readonly PythonRule[] = [...PATTERN_RULES, ...TAINT_RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/** Hand-written Python is far below this; larger files are generated and are read only up to the cap. */
const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

type LineMap = (range: ReturnType<typeof nodeRange>) => Position;

function notebookLineMap(notebook: NotebookCode): LineMap {
  return (range) => {
    const start = notebook.lines[range.startLine - 1];
    const end = notebook.lines[range.endLine - 1];
    if (!start) return {};
    return {
      startLine: start.line,
      ...(start.columnOffset > 0 ? { startColumn: range.startColumn + start.columnOffset } : {}),
      ...(end && end.line !== start.line ? { endLine: end.line } : {}),
    };
  };
}

export const pythonAnalyzer = defineAnalyzer<MonitoringFact>({
  id: 'python',
  version: '3',
  description: 'Parses Python files and notebook code cells with tree-sitter; flags unsafe model loading, remote code, unpinned hub downloads, dangerous agent tools, exposed services, and LLM output reaching code, shell, SQL, HTML, paths or URLs.',
  rules: PYTHON_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  fileTypes: ['python', 'notebook'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxFileBytes: { type: 'integer', minimum: 1024, description: 'Files larger than this are read only up to this many bytes, and marked inconclusive.' },
    },
  },
  async analyzeFile(file, context) {
    const maxBytes = typeof context.settings.maxFileBytes === 'number' ? context.settings.maxFileBytes : DEFAULT_MAX_FILE_BYTES;
    const { text, truncated } = readText(file.source, maxBytes);
    if (truncated) context.inconclusive(`the file is larger than ${maxBytes} bytes; only the first ${maxBytes} were analysed`);
    if (text.includes('\u0000')) {
      context.inconclusive('the file contains NUL bytes: it is not Python source');
      return;
    }
    let code = text;
    let mapLines: LineMap = (range) => range;
    if (file.type === 'notebook') {
      const parsed = notebookCode(text);
      if (!parsed.ok) {
        context.inconclusive(parsed.reason);
        return;
      }
      code = parsed.notebook.code;
      mapLines = notebookLineMap(parsed.notebook);
    }
    await withSyntaxTree('python', code, (root) => {
      const errors = syntaxErrors(root, 1);
      if (errors[0]) {
        const at = mapLines(nodeRange(errors[0])).startLine;
        context.note(`syntax error${at === undefined ? '' : ` near line ${at}`}; the rest of the file was analysed`);
      }
      const built = buildPythonModule(root);
      // Evidence quotes lines too: in a notebook they must be lines of the .ipynb file, like the finding's.
      const module =
        file.type === 'notebook' ? { ...built, displayLine: (line: number) => mapLines({ startLine: line, startColumn: 1, endLine: line, endColumn: 1 }).startLine ?? line } : built;
      for (const rule of PYTHON_RULES) {
        rule.check(module, (report) =>
          context.report(rule.meta, {
            message: report.message,
            evidence: report.evidence ?? snippet(report.node),
            position: mapLines(nodeRange(report.node)),
          }),
        );
      }
      const monitor = new MonitoringCollector(module, code);
      collectAssets(module, file.member === undefined ? file.path : `${file.path}!${file.member}`, (asset, node) => context.asset({ ...asset, position: mapLines(nodeRange(node)) }), monitor);
      const fact = monitor.finish();
      if (fact) context.fact(fact);
    });
  },
  analyzeProject(project, context) {
    for (const evidence of monitoringEvidence(project.facts, 'Python')) context.evidence(evidence);
  },
});
