/**
 * @module Inline suppressions: `aigis: ignore[RULE-ID, ...] reason` in a comment, on the finding's line or on
 * the line above it. A directive without a reason suppresses nothing.
 */

export interface InlineDirective {
  /** 1-based line of the directive. */
  readonly line: number;
  readonly rules: readonly string[];
  readonly reason: string;
}

const DIRECTIVE = /aigis:\s*ignore\[([^\]\n]*)\]([^\n]*)/g;
// Comment closers and decorations that are not part of the reason.
const TRAILING_NOISE = /\s*(\*\/|-->|#\}|%\}|\*\)|"""|''')\s*$/;

/** Finds every directive in a text; cheap enough to run on any file that has line-based findings. */
export function parseInlineDirectives(text: string): InlineDirective[] {
  if (!text.includes('aigis:')) return [];
  const directives: InlineDirective[] = [];
  let line = 1;
  let lastIndex = 0;
  for (const match of text.matchAll(DIRECTIVE)) {
    for (let i = lastIndex; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    lastIndex = match.index;
    const rules = match[1]!
      .split(',')
      .map((rule) => rule.trim())
      .filter(Boolean);
    const reason = match[2]!.replace(TRAILING_NOISE, '').replace(/^[\s:,-]+/, '').trim();
    directives.push({ line, rules, reason });
  }
  return directives;
}

export function directiveCovers(directive: InlineDirective, ruleId: string): boolean {
  return directive.rules.some((rule) => rule === ruleId || (rule.endsWith('/*') && ruleId.startsWith(rule.slice(0, -1))));
}

/** A directive covers findings on its own line and on the next line. */
export function directiveApplies(directive: InlineDirective, ruleId: string, line: number): boolean {
  return (line === directive.line || line === directive.line + 1) && directiveCovers(directive, ruleId);
}
