/**
 * @module Token patterns: secrets that are recognisable by shape (a provider prefix and a fixed alphabet and
 * length), or by shape plus a provider keyword shortly before them on the line. Every pattern is compiled with
 * a look-behind that refuses to start inside a run of key characters and a look-ahead that refuses to end
 * inside one, so candidate runs never overlap and a scan stays linear even on a multi-megabyte line.
 */
import { isPlaceholder, shannonEntropy } from './text.js';

export interface TokenPattern {
  /** Who issued the secret, as the message names it: `OpenAI`, `GitHub`. */
  readonly provider: string;
  /** What it is: `project API key`, `personal access token`. */
  readonly kind: string;
  /** Global, compiled by {@link tokenRegex}; the whole match is the secret. */
  readonly regex: RegExp;
  /** Matches the fixed, public prefix at the start of the secret (absent: the whole secret is random). */
  readonly prefix?: RegExp;
  /** Cheap pre-filter: the line must contain one of these (lowercased when `keywords` are given). */
  readonly quick: readonly string[];
  /** Lowercase words of which one must occur within {@link KEYWORD_WINDOW} characters before the secret. */
  readonly keywords?: readonly string[];
  /** Minimum Shannon entropy of the random part; 3.0 unless given. */
  readonly minEntropy?: number;
  /** Extra veto on a match (documented example keys, say). */
  readonly reject?: (secret: string) => boolean;
}

export const KEYWORD_WINDOW = 64;

// A key starts after a non-key character, or right after a JSON escape such as `\n` (notebook outputs).
const BEFORE = String.raw`(?:(?<=\\[nrt])|(?<![A-Za-z0-9_+/\-]))`;

/** Compiles `body` with the start and end guards; `after` is the character class a key cannot be followed by. */
export function tokenRegex(body: string, after = 'A-Za-z0-9_\\-'): RegExp {
  return new RegExp(`${BEFORE}${body}(?![${after}])`, 'g');
}

export interface TokenMatch {
  readonly pattern: TokenPattern;
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  /** Characters of the secret that may be shown: its public prefix (at most 8), or 4 when it has none. */
  readonly visible: number;
}

function randomPart(pattern: TokenPattern, secret: string): { random: string; prefixLength: number } {
  const prefixLength = pattern.prefix?.exec(secret)?.[0].length ?? 0;
  return { random: secret.slice(prefixLength), prefixLength };
}

/** Every match of the patterns on one line that is not a placeholder and has enough entropy. */
export function findTokens(line: string, lower: string, patterns: readonly TokenPattern[]): TokenMatch[] {
  const found: TokenMatch[] = [];
  for (const pattern of patterns) {
    const haystack = pattern.keywords ? lower : line;
    if (!pattern.quick.some((needle) => haystack.includes(needle))) continue;
    pattern.regex.lastIndex = 0;
    for (let match = pattern.regex.exec(line); match; match = pattern.regex.exec(line)) {
      const secret = match[0];
      const start = match.index;
      if (pattern.keywords) {
        // `pkg@<sha>`, `#<sha>`: a pinned revision next to the provider's name, not its key.
        const previous = line[start - 1];
        if (previous === '@' || previous === '#') continue;
        const before = lower.slice(Math.max(0, start - KEYWORD_WINDOW), start);
        if (!pattern.keywords.some((keyword) => before.includes(keyword))) continue;
      }
      const { random, prefixLength } = randomPart(pattern, secret);
      if (isPlaceholder(random) || shannonEntropy(random) < (pattern.minEntropy ?? 3)) continue;
      if (pattern.reject?.(secret)) continue;
      found.push({ pattern, start, end: start + secret.length, secret, visible: prefixLength > 0 ? Math.min(8, prefixLength) : 4 });
    }
  }
  return found;
}
