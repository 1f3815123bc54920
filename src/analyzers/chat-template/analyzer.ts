/**
 * @module chat-template: Jinja chat templates shipped with models (in GGUF metadata, tokenizer configs and
 * `.jinja` files), parsed into an AST and checked for the attribute walks of server-side template injection.
 * Templates are never rendered.
 */
import type { Position } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { ChatTemplateRule, TemplateAnalysis } from './rule.js';
import { sandboxEscape } from './rules/sandbox-escape.js';
import { suspiciousAttributeAccess } from './rules/suspicious-attribute-access.js';
import type { TemplateSource, TemplateText } from './sources.js';
import { labelOf, templateSource, templatesInJson } from './sources.js';
import { scanTokens } from './token-scan.js';
import { LineIndex } from '../../lib/line-index.js';

export const CHAT_TEMPLATE_RULES: readonly ChatTemplateRule[] = [sandboxEscape, suspiciousAttributeAccess];

/** Real templates are tens of kilobytes; tokenizer configs with large vocabularies reach megabytes. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** Positions in the file: lines for files, byte offsets inside a member (a GGUF value). */
function locator(source: TemplateSource, fileText: string, templateText: string): TemplateAnalysis['locate'] {
  let lines: LineIndex | undefined;
  const inFile = (index: number): Position => {
    const at = (lines ??= new LineIndex(fileText)).at(index);
    return { startLine: at.line, startColumn: at.column };
  };
  return (index, needle) => {
    if (source === 'jinja') return index !== undefined && index >= 0 ? inFile(index) : undefined;
    if (source === 'member') return index !== undefined && index >= 0 ? { offset: Buffer.byteLength(templateText.slice(0, index)) } : undefined;
    // A template inside JSON: find the text as written in the file, if it is not escaped there.
    const at = needle === undefined ? -1 : fileText.indexOf(needle);
    return at >= 0 ? inFile(at) : undefined;
  };
}

export const chatTemplateAnalyzer = defineAnalyzer({
  id: 'chat-template',
  version: '1',
  description: 'Parses Jinja chat templates (GGUF metadata, tokenizer_config.json, chat_template.jinja) and flags template-injection attribute walks, without rendering them.',
  rules: CHAT_TEMPLATE_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  claims: (file) => templateSource(file) !== undefined,
  async analyzeFile(file, context) {
    const source = templateSource(file);
    if (source === undefined) return;
    const limit = source === 'json' ? MAX_CONFIG_BYTES : MAX_TEMPLATE_BYTES;
    const { text, truncated } = readText(file.source, limit);
    if (truncated) context.inconclusive(`${labelOf(file)} is larger than ${limit} bytes; only the first ${limit} were checked`);
    const check = (analysis: TemplateAnalysis) => {
      for (const rule of CHAT_TEMPLATE_RULES) rule.check(analysis, (report) => context.report(rule.meta, report));
    };
    let templates: TemplateText[] = [{ label: source === 'member' ? labelOf(file) : 'chat template', text }];
    if (source === 'json') {
      const found = templatesInJson(text);
      if (found.unreadable !== undefined) {
        // Never fail open: the raw text is still searched for template-injection names.
        context.inconclusive(`${labelOf(file)}: ${found.unreadable}; its text was checked token by token only`);
        check({ label: `text of ${labelOf(file)}`, text, tokens: scanTokens(text), locate: locator('jinja', text, text) });
        return;
      }
      templates = found.templates;
    }
    // The parser brings @huggingface/jinja: loaded on first use.
    const { analyzeTemplate } = await import('./analyze-template.js');
    for (const template of templates) {
      const analysis = analyzeTemplate(template.label, template.text, locator(source, text, template.text));
      if (analysis.parseError !== undefined) {
        context.inconclusive(`the ${template.label} could not be parsed (${analysis.parseError}); it was checked token by token only`);
      }
      check(analysis);
    }
  },
});
