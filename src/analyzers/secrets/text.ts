/**
 * @module Helpers on candidate secret values: Shannon entropy, placeholder and reference filters, and masking.
 * Everything here is linear in the value's length and never looks outside it.
 */
import { maskSecret } from '../../lib/secret-mask.js';

/** Bits per character of a string's character distribution. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  const length = [...text].length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const PLACEHOLDER_WORDS = ['your', 'xxxx', 'example', 'placeholder', 'changeme', 'change_me', 'change-me', 'replace', 'dummy', 'redacted', 'insert', 'sample', '****', '...', '…', '<', '>', 'abcdefg', '1234567'];
const PLACEHOLDER_VALUES = new Set(['test', 'testing', 'dummy', 'example', 'changeme', 'replace_me', 'replaceme', 'placeholder', 'secret', 'password', 'token', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'todo', 'tbd', 'xxx', 'redacted', 'empty', 'default']);

/** Example credentials printed in specifications and vendor documentation (AWS's contain EXAMPLE already). */
const DOCUMENTED_EXAMPLES = [
  '2YotnFZFEjr1zCsicMWpAA', // RFC 6749 access token
  'tGzv3JOkF0XG5Qx2TlKWIA', // RFC 6749 refresh token
  'SplxlOBeZQQYbYS6WxSbIA', // RFC 6749 authorization code
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', // jwt.io example signature
  'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', // RFC 7515 example signature
];

/** A value written to be replaced: `your_api_key_here`, `sk-xxxx`, `<YOUR_API_KEY>`, `changeme`, `****`, `aaaaaaaa`. */
export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) return true;
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word))) return true;
  if (DOCUMENTED_EXAMPLES.some((example) => value.includes(example))) return true;
  if (/^\[.*\]$/.test(value)) return true;
  // A run of one character (`XXXXXXXX`, `00000000`) never happens in a random key of realistic length.
  if (/(.)\1{7}/.test(value)) return true;
  return new Set(value).size < 6;
}

/** A value that points at a secret instead of being one: environment lookups, templates, secret stores. */
export function isReference(value: string): boolean {
  if (/\$\{|\{\{|\$\(|%\(|%\{|#\{/.test(value)) return true;
  if (/^\$[A-Za-z_]/.test(value)) return true;
  if (/process\.env|os\.environ|getenv|ENV\[|import\.meta\.env/.test(value)) return true;
  return /^(?:env|secret|secrets|vault|ref\+[a-z]+|arn|op|sm|ssm|gcp|azurekeyvault|file):/i.test(value);
}

/** Shown in place of a secret: its public prefix, then the length only. */
export const mask = maskSecret;

export interface MaskSpan {
  readonly start: number;
  readonly end: number;
  readonly visible: number;
}

const MAX_EVIDENCE = 200;
const LEAD = 60;

const REACH = 300;
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The line with every span masked, cut to at most 200 characters around `focus` (one of the spans). Spans are
 * given in priority order: one that overlaps an earlier span is dropped (the earlier one already hides the
 * overlap). Cuts fall only on text that is already masked or was never secret. Only the part of the line
 * near the focus is read, so a long line with many spans costs no more than a short one.
 */
export function maskedEvidence(line: string, spans: readonly MaskSpan[], focus: MaskSpan): string {
  let lo = Math.max(0, focus.start - REACH);
  let hi = Math.min(line.length, focus.end + REACH);
  const near = spans.filter((span) => span.start < hi && span.end > lo);
  const kept: MaskSpan[] = [];
  for (const span of [focus, ...near]) {
    if (!kept.some((other) => span.start < other.end && other.start < span.end)) kept.push(span);
  }
  kept.sort((a, b) => a.start - b.start);
  for (const span of kept) {
    lo = Math.min(lo, span.start);
    hi = Math.max(hi, span.end);
  }
  let out = '';
  let at = lo;
  let focusAt = 0;
  for (const span of kept) {
    out += line.slice(at, span.start);
    if (span === focus) focusAt = out.length;
    out += mask(line.slice(span.start, span.end), span.visible);
    at = span.end;
  }
  out += line.slice(at, hi);
  // Controls and bidi overrides become spaces here, one for one, so the report's escaping cannot lengthen it.
  out = out.replace(UNSAFE, ' ');
  const trimmedStart = out.length - out.trimStart().length;
  out = out.trim();
  focusAt = Math.max(0, focusAt - trimmedStart);
  const cutBefore = lo > 0 && line.slice(0, lo).trim().length > 0;
  const cutAfter = hi < line.length && line.slice(hi).trim().length > 0;
  if (out.length <= MAX_EVIDENCE && !cutBefore && !cutAfter) return out;
  const from = Math.max(0, Math.min(focusAt - LEAD, out.length - (MAX_EVIDENCE - 2)));
  const to = Math.min(out.length, from + MAX_EVIDENCE - 2);
  return `${from > 0 || cutBefore ? '…' : ''}${out.slice(from, to)}${to < out.length || cutAfter ? '…' : ''}`;
}
