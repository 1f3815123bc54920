/**
 * @module javascript: JavaScript and TypeScript sources (.js .mjs .cjs .jsx .ts .mts .cts .tsx), parsed with
 * tree-sitter and checked by pattern rules (LLM API keys shipped to browsers, unpinned Transformers.js
 * downloads, MCP tool input reaching shells) and taint rules (LLM output reaching eval, shells, SQL, HTML, file paths and URLs). Nothing is
 * imported or run. The project pass records conformance evidence on how model calls are traced, logged and
 * screened (monitoring.ts).
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { Grammar } from '../../parsers/tree-sitter.js';
import { nodeRange, syntaxErrors, withSyntaxTree } from '../../parsers/tree-sitter.js';
import { collectAssets } from './assets.js';
import { buildJsModule } from './module.js';
import { monitoringEvidence, type MonitoringFact } from '../../core/conformance/monitoring.js';
import { MONITORING_NAMES, MonitoringCollector } from './monitoring.js';
import { PATTERN_RULES } from './pattern-rules.js';
import type { JsRule } from './rule.js';
import { snippet } from './rule.js';
import { TAINT_RULES } from './taint-rules.js';

export const JAVASCRIPT_RULES: readonly JsRule[] = [...PATTERN_RULES, ...TAINT_RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/** Hand-written modules are far below this; bigger files are bundles or generated code. */
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
/**
 * Minified bundles above this size are not parsed: tree-sitter needs about a second per 1.5 MB of dense code,
 * and walking the tree as long again, for code nobody reviews in that form.
 */
const DEFAULT_MAX_MINIFIED_BYTES = 1024 * 1024;

/**
 * Every rule needs one of these names in the file: the module of an LLM SDK (a source), Transformers.js, or
 * the browser flag. A file without any of them cannot produce a finding, so it is not parsed (unless it names
 * a tracing or screening library: MONITORING_NAMES, for the conformance evidence).
 */
const RELEVANT =
  /openai|anthropic|langchain|ollama|generative-ai|google\/genai|cohere|mistral|groq|together-ai|cerebras|transformers|modelcontextprotocol|fastmcp|mastra|dangerouslyAllowBrowser|['"`]ai['"`]/;

/** Long lines and few of them: a minified or generated bundle. */
export function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    longest = Math.max(longest, at - start);
    start = at + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  return longest > 5000 || text.length / lines > 500;
}

export function grammarFor(path: string, type: string): Grammar {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return 'tsx';
  if (type === 'typescript' || /\.(?:ts|mts|cts)$/.test(lower)) return 'typescript';
  return 'javascript';
}

export const javascriptAnalyzer = defineAnalyzer<MonitoringFact>({
  id: 'javascript',
  version: '3',
  description:
    'Parses JavaScript and TypeScript with tree-sitter; flags LLM API keys shipped to browsers, unpinned Transformers.js downloads, MCP tool input reaching shells, and LLM output reaching eval, shells, SQL, HTML, file paths or URLs.',
  rules: JAVASCRIPT_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  fileTypes: ['javascript', 'typescript'],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxFileBytes: {
        type: 'integer',
        minimum: 1024,
        description: 'Files larger than this are not analysed and are marked inconclusive (default 4 MiB).',
      },
      maxMinifiedBytes: {
        type: 'integer',
        minimum: 1024,
        description: 'Minified or generated files (very long lines) larger than this are not parsed and are marked inconclusive (default 1 MiB).',
      },
    },
  },
  async analyzeFile(file, context) {
    const maxBytes = typeof context.settings.maxFileBytes === 'number' ? context.settings.maxFileBytes : DEFAULT_MAX_FILE_BYTES;
    const maxMinified = typeof context.settings.maxMinifiedBytes === 'number' ? context.settings.maxMinifiedBytes : DEFAULT_MAX_MINIFIED_BYTES;
    if (file.source.size > maxBytes) {
      context.inconclusive(`the file is ${file.source.size} bytes, over the ${maxBytes}-byte limit (analyzers.javascript.maxFileBytes); it was not analysed`);
      return;
    }
    const { text } = readText(file.source, maxBytes);
    if (text.includes('\u0000')) {
      context.inconclusive('the file contains NUL bytes: it is not JavaScript or TypeScript source');
      return;
    }
    const relevant = RELEVANT.test(text);
    if (!relevant && !MONITORING_NAMES.test(text)) return;
    if (text.length > maxMinified && looksMinified(text)) {
      context.inconclusive(
        `the file looks minified or generated (very long lines) and is ${text.length} characters, over the ${maxMinified} limit (analyzers.javascript.maxMinifiedBytes): parsing it would be too slow, so it was not analysed`,
      );
      return;
    }
    await withSyntaxTree(grammarFor(file.path, file.type), text, (root) => {
      const errors = syntaxErrors(root, 1);
      if (errors[0]) context.note(`syntax error near line ${nodeRange(errors[0]).startLine}; the rest of the file was analysed`);
      const module = buildJsModule(root);
      // A file that only names a tracing library is parsed for the monitoring evidence: no rule can fire in it.
      for (const rule of relevant ? JAVASCRIPT_RULES : []) {
        rule.check(module, (report) =>
          context.report(rule.meta, {
            message: report.message,
            evidence: report.evidence ?? snippet(report.node),
            position: nodeRange(report.node),
          }),
        );
      }
      const monitor = new MonitoringCollector(module, text);
      collectAssets(module, file.member === undefined ? file.path : `${file.path}!${file.member}`, (asset, node) => context.asset({ ...asset, position: nodeRange(node) }), monitor);
      const fact = monitor.finish();
      if (fact) context.fact(fact);
    });
  },
  analyzeProject(project, context) {
    for (const evidence of monitoringEvidence(project.facts, 'JavaScript/TypeScript')) context.evidence(evidence);
  },
});
