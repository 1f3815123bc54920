/**
 * @module CODEOWNERS: the gitignore-like syntax GitHub (and GitLab) read, parsed from text, and the question
 * "who owns this path?" answered as GitHub does: the last matching pattern wins, and a pattern with no owners
 * takes ownership away.
 *
 * Patterns are matched by a small segment matcher rather than a regular expression: a glob compiled to a
 * backtracking regex (picomatch's, say) takes seconds on a hostile pattern such as `*a*a*a*a*a*a*a*b` against a
 * long file name, and both the pattern and the file names come from the repository being scanned. The matcher
 * is checked against picomatch on ordinary patterns in the tests. Semantics:
 * - a leading `/`, or a `/` inside the pattern, anchors it at the repository root; otherwise it matches at any
 *   depth (`apps/` owns every `apps` folder);
 * - a trailing `/` matches folders only; a pattern that names a folder owns everything below it, except that a
 *   pattern ending in `/*` owns only the folder's direct children (GitHub's documented `docs/*` case);
 * - `*` and `?` never cross `/`; `**` as a whole segment matches any number of segments (a trailing `/**`
 *   at least one: everything inside the folder);
 * - `\` escapes the next character (`\#` for a name starting with `#`, `\ ` for a space);
 * - `!` negation and `[...]` ranges are not supported by GitHub: `!` lines are skipped, brackets are literal;
 * - GitLab section headers (`[Section] @owner`) are not rules; their owners apply to the section's entries
 *   that name none.
 */

export interface CodeownersRule {
  /** The pattern as written, `\` escapes kept (see {@link unescapePattern} for showing it). */
  readonly pattern: string;
  /** Empty: the pattern takes ownership away. */
  readonly owners: readonly string[];
  readonly line: number;
}

export interface ParsedCodeowners {
  readonly rules: readonly CodeownersRule[];
  /** Lines GitHub would skip (negation, invalid owners, over-long patterns); the first {@link MAX_SKIPPED_KEPT}. */
  readonly skipped: readonly { readonly line: number; readonly reason: string }[];
  /** How many lines were skipped in all. */
  readonly skippedCount: number;
  /** More rules than {@link MAX_RULES}: the rest were not kept, so ownership cannot be decided. */
  readonly truncated: boolean;
}

export const MAX_RULES = 20_000;
/** Longer patterns are skipped: no real path pattern is this long. */
const MAX_PATTERN_LENGTH = 1024;
export const MAX_SKIPPED_KEPT = 50;

/** `@user`, `@org/team`, or an e-mail address. */
const OWNER = /^(?:@[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

/** Splits a line into whitespace-separated tokens, honouring `\` escapes and stopping at a `#` comment. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      // Keep the escape: the pattern matcher needs to know the next character is literal.
      current += ch + line[i + 1]!;
      inToken = true;
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
      continue;
    }
    // An unescaped `#` at the start of a token starts a comment (at the start of the line, the whole line).
    if (ch === '#' && !inToken) break;
    current += ch;
    inToken = true;
  }
  if (inToken) out.push(current);
  return out;
}

/** Removes `\` escapes, for showing a pattern. */
function unescape(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

export function parseCodeowners(text: string): ParsedCodeowners {
  const rules: CodeownersRule[] = [];
  const skipped: { line: number; reason: string }[] = [];
  let skippedCount = 0;
  const skip = (line: number, reason: string) => {
    skippedCount++;
    if (skipped.length < MAX_SKIPPED_KEPT) skipped.push({ line, reason });
  };
  let sectionOwners: string[] = [];
  let truncated = false;
  const lines = text.split(/\r?\n|\r/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const raw = lines[index]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // GitLab sections: `[Name]`, `^[Optional]`, `[Name][2]`, then default owners.
    const section = /^\^?\[[^\]]*\](?:\[\d+\])?(.*)$/.exec(trimmed);
    if (section) {
      sectionOwners = tokens(section[1]!).filter((owner) => OWNER.test(owner));
      continue;
    }
    const [pattern, ...owners] = tokens(raw);
    if (pattern === undefined) continue;
    if (pattern.startsWith('!')) {
      skip(lineNumber, 'negation (!) is not supported in CODEOWNERS');
      continue;
    }
    if (pattern.length > MAX_PATTERN_LENGTH) {
      skip(lineNumber, 'pattern too long');
      continue;
    }
    const bad = owners.find((owner) => !OWNER.test(owner));
    if (bad !== undefined) {
      skip(lineNumber, `invalid owner ${unescape(bad).slice(0, 60)}`);
      continue;
    }
    if (compilePattern(pattern) === undefined) {
      skip(lineNumber, 'pattern matches nothing');
      continue;
    }
    if (rules.length >= MAX_RULES) {
      truncated = true;
      break;
    }
    rules.push({ pattern, owners: owners.length > 0 ? owners : sectionOwners, line: lineNumber });
  }
  return { rules, skipped, skippedCount, truncated };
}

type Token = { readonly kind: 'char'; readonly ch: string } | { readonly kind: 'star' } | { readonly kind: 'any' };
/** A path segment pattern: `**` (any number of segments) or the tokens of one segment. */
type Segment = '**' | readonly Token[];

/** A pattern ready to match. */
export interface CompiledPattern {
  readonly segments: readonly Segment[];
  /** A trailing `/`: only folders match. */
  readonly directoryOnly: boolean;
  /** The pattern ends in `/*`: only direct children of the folder match, not deeper files. */
  readonly childrenOnly: boolean;
}

/** Splits on unescaped `/`, keeping escapes. */
function splitSegments(pattern: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      current += ch + pattern[i + 1]!;
      i++;
    } else if (ch === '/') {
      segments.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  segments.push(current);
  return segments;
}

function tokenize(segment: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '\\' && i + 1 < segment.length) {
      out.push({ kind: 'char', ch: segment[i + 1]! });
      i++;
    } else if (ch === '*') {
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
    } else if (ch === '?') {
      out.push({ kind: 'any' });
    } else {
      out.push({ kind: 'char', ch });
    }
  }
  return out;
}

export function compilePattern(pattern: string): CompiledPattern | undefined {
  let text = pattern;
  let directoryOnly = false;
  while (text.endsWith('/') && !text.endsWith('\\/')) {
    text = text.slice(0, -1);
    directoryOnly = true;
  }
  if (text === '') return undefined;
  const raw = splitSegments(text);
  // A leading `/` or a separator inside anchors the pattern; otherwise it may match at any depth.
  const anchored = raw.length > 1;
  const kept = raw.filter((segment) => segment !== '').filter((segment, i, all) => !(segment === '**' && all[i - 1] === '**'));
  if (kept.length === 0) return undefined;
  const names = anchored || kept[0] === '**' ? kept : ['**', ...kept];
  const childrenOnly = !directoryOnly && names.length >= 2 && names.at(-1) === '*';
  // A trailing `/**` matches everything inside the folder, not the folder itself: at least one segment.
  const expanded = names.length >= 2 && names.at(-1) === '**' ? [...names.slice(0, -1), '*', '**'] : names;
  return { segments: expanded.map((name) => (name === '**' ? '**' : tokenize(name))), directoryOnly, childrenOnly };
}

/**
 * Whether one path segment matches one segment's tokens (`*`, `?`, literals). The classic greedy algorithm
 * with one backtrack point: O(pattern x text) at worst, never exponential.
 */
function matchTokens(tokens: readonly Token[], text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const token = tokens[p];
    if (token && (token.kind === 'any' || (token.kind === 'char' && token.ch === text[t]))) {
      p++;
      t++;
    } else if (token?.kind === 'star') {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (tokens[p]?.kind === 'star') p++;
  return p === tokens.length;
}

/** Whether a single-segment pattern (`*.py`, `model?.bin`) matches a name. */
export function matchSegment(pattern: string, name: string): boolean {
  return matchTokens(tokenize(pattern), name);
}

/**
 * Which prefixes of the path the pattern matches exactly: `result[j]` says whether it matches the first `j`
 * segments. One forward pass over the path (the pattern as a small automaton, `**` looping on any segment), so
 * the file and every folder above it are decided in O(pattern x path) segment comparisons.
 */
function matchPrefixes(pattern: readonly Segment[], path: readonly string[]): boolean[] {
  const P = pattern.length;
  const close = (states: boolean[]) => {
    // A `**` may match no segment at all.
    for (let i = 0; i < P; i++) if (states[i] && pattern[i] === '**') states[i + 1] = true;
    return states;
  };
  const start = new Array<boolean>(P + 1).fill(false);
  start[0] = true;
  let current = close(start);
  const accepted = [current[P]!];
  for (const segment of path) {
    const next = new Array<boolean>(P + 1).fill(false);
    for (let i = 0; i < P; i++) {
      if (!current[i]) continue;
      const part = pattern[i]!;
      if (part === '**') next[i] = true;
      else if (matchTokens(part, segment)) next[i + 1] = true;
    }
    current = close(next);
    accepted.push(current[P]!);
  }
  return accepted;
}

/** Whether the compiled pattern covers the file at `path` (relative to the repository root, no leading `/`). */
export function patternCovers(compiled: CompiledPattern, path: string): boolean {
  const parts = path.split('/').filter((part) => part !== '');
  if (parts.length === 0) return false;
  const accepted = matchPrefixes(compiled.segments, parts);
  // The file itself.
  if (!compiled.directoryOnly && accepted[parts.length]) return true;
  // `docs/*` matches the folder `docs/x`, but GitHub does not give it `docs/x/y.md`.
  if (compiled.childrenOnly) return false;
  // A folder above the file: whoever owns the folder owns everything below it.
  for (let depth = 1; depth < parts.length; depth++) if (accepted[depth]) return true;
  return false;
}

/** Thrown when matching would take more than the budget given to {@link ownerRule}. */
export class MatchBudgetExceeded extends Error {
  constructor() {
    super('too many pattern and path pairs to match');
  }
}

/** The rule that decides who owns `path`: the last one that matches. */
export function ownerRule(
  rules: readonly CodeownersRule[],
  path: string,
  cache = new Map<string, CompiledPattern | undefined>(),
  budget: { steps: number } = { steps: Number.POSITIVE_INFINITY },
): CodeownersRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i]!;
    if (--budget.steps < 0) throw new MatchBudgetExceeded();
    let compiled = cache.get(rule.pattern);
    if (compiled === undefined && !cache.has(rule.pattern)) {
      compiled = compilePattern(rule.pattern);
      cache.set(rule.pattern, compiled);
    }
    if (compiled && patternCovers(compiled, path)) return rule;
  }
  return undefined;
}

/** The owners of `path`; empty when no rule matches or the last match names nobody. */
export function ownersOf(rules: readonly CodeownersRule[], path: string, cache?: Map<string, CompiledPattern | undefined>): readonly string[] {
  return ownerRule(rules, path, cache)?.owners ?? [];
}

export { unescape as unescapePattern };
