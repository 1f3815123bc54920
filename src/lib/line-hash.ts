/**
 * @module GitHub code scanning's `primaryLocationLineHash`: a rolling hash (base 37, modulo 2^64) of the 100
 * characters from the start of each line, ignoring spaces and tabs, with CR and CRLF read as LF and an EOF
 * marker then zero padding at the end; each value is suffixed with its occurrence count in the file. The
 * upload action computes it when a SARIF file lacks it, the REST API does not, and without it alerts are
 * duplicated. This implements the published algorithm (github/codeql-action, fingerprints).
 */

const WINDOW = 100;
const BASE = 37n;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const EOF = 0xffff;
const MASK = (1n << 64n) - 1n;
const FIRST_MOD = BASE ** BigInt(WINDOW) & MASK;

/**
 * The line hash of each wanted 1-based line (all lines when `wanted` is omitted). Every line must be hashed
 * to count repeats, so the cost is linear in the text whatever is wanted.
 */
export function lineHashes(text: string, wanted?: ReadonlySet<number>): Map<number, string> {
  const result = new Map<number, string>();
  const window = new Array<number>(WINDOW).fill(0);
  const lineAt = new Array<number>(WINDOW).fill(-1);
  const counts = new Map<string, number>();
  let hash = 0n;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = () => {
    const value = hash.toString(16);
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    const at = lineAt[index]!;
    if (wanted === undefined || wanted.has(at)) result.set(at, `${value}:${count}`);
    lineAt[index] = -1;
  };
  const push = (code: number) => {
    const leaving = window[index]!;
    window[index] = code;
    hash = (hash * BASE + BigInt(code) - FIRST_MOD * BigInt(leaving)) & MASK;
    index = (index + 1) % WINDOW;
  };
  const take = (code: number) => {
    if (code === SPACE || code === TAB || (afterCR && code === LF)) {
      afterCR = false;
      return;
    }
    afterCR = code === CR;
    if (code === CR) code = LF;
    if (lineAt[index] !== -1) emit();
    if (atLineStart) {
      atLineStart = false;
      line++;
      lineAt[index] = line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) take(text.charCodeAt(i));
  take(EOF);
  for (let i = 0; i < WINDOW; i++) {
    if (lineAt[index] !== -1) emit();
    push(0);
  }
  return result;
}
