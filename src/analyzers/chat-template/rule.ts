/** @module The shape of a chat-template rule: metadata plus a check over the analysis of one template. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ExpressionReport } from './inspect.js';
import type { TokenScan } from './token-scan.js';

export interface TemplateAnalysis {
  /** Which template, for messages: `chat_template`, `chat_template 'tool_use'`, `tokenizer.chat_template`. */
  readonly label: string;
  readonly text: string;
  /** Findings of the AST pass, grouped by top-level expression; absent when the template did not parse. */
  readonly expressions?: readonly ExpressionReport[];
  /** The token-level fallback, run when the template did not parse. */
  readonly tokens?: TokenScan;
  /** Where a piece of template text appears in the file, when it can be found. */
  locate(index: number | undefined, needle?: string): Position | undefined;
}

export type TemplateReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface ChatTemplateRule {
  readonly meta: RuleMeta;
  check(template: TemplateAnalysis, report: TemplateReport): void;
}

/** A short piece of the template around `index`, for evidence. */
export function snippet(text: string, index: number): string {
  return text.slice(Math.max(0, index - 80), index + 120);
}

/** The smallest index among the values (a loop: there may be more than a call takes arguments). */
export function firstIndex(indexes: ReadonlyMap<string, number>): number {
  let first = Infinity;
  for (const index of indexes.values()) first = Math.min(first, index);
  return first;
}
