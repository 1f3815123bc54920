/**
 * @module One template through the pipeline: tokenize and parse with @huggingface/jinja (never render), then
 * inspect the AST; when that cannot be done, fall back to the token scan so a template that defeats the
 * parser is still checked (and the file is marked inconclusive by the caller).
 */
import { parse, tokenize } from '@huggingface/jinja';
import type { Node } from './ast.js';
import { inspectTemplate } from './inspect.js';
import type { TemplateAnalysis } from './rule.js';
import { scanTokens } from './token-scan.js';

/**
 * The parser's preprocessing uses a regex that backtracks quadratically over long runs of whitespace
 * (160,000 spaces take 19 s). Templates whose runs would cost more than this are only token-scanned.
 */
const MAX_WHITESPACE_COST = 50_000_000;

function whitespaceCost(text: string): number {
  let cost = 0;
  for (const run of text.matchAll(/\s{64,}/g)) cost += run[0].length ** 2;
  return cost;
}

export type Analysis = TemplateAnalysis & { readonly parseError?: string };

export function analyzeTemplate(label: string, text: string, locate: TemplateAnalysis['locate']): Analysis {
  if (whitespaceCost(text) > MAX_WHITESPACE_COST) {
    return { label, text, locate, tokens: scanTokens(text), parseError: 'its runs of whitespace are too long to parse in reasonable time' };
  }
  try {
    const program = parse(tokenize(text, { lstrip_blocks: true, trim_blocks: true })) as unknown as Node;
    return { label, text, locate, expressions: inspectTemplate(program) };
  } catch (error) {
    const reason = error instanceof RangeError ? 'it nests too deeply for the parser' : `the parser stopped: ${error instanceof Error ? error.message : String(error)}`;
    return { label, text, locate, tokens: scanTokens(text), parseError: reason };
  }
}
