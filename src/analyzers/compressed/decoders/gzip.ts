/**
 * @module gzip, member by member: CPython's gzip module reads every member of a multi-member file, skips zero
 * padding between them, and stops with an error at anything else. Node's gunzip loses the output of a member
 * when garbage follows it, so the headers are parsed here and each body inflated raw, within the limit.
 */
import { inflateBounded } from '../../../lib/bounded-inflate.js';
import type { Decoded } from './decoded.js';
import { joinParts } from './decoded.js';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const TRAILER = 8;

/** Offset of the deflate body of the member at `at`, or why there is no valid member there. */
function bodyOffset(input: Uint8Array, at: number): number | string {
  if (at + 10 > input.length) return 'the gzip header is cut off';
  if (input[at] !== 0x1f || input[at + 1] !== 0x8b) return 'not a gzip member';
  if (input[at + 2] !== 8) return `unknown gzip compression method ${input[at + 2]}`;
  const flags = input[at + 3]!;
  let cursor = at + 10;
  if (flags & FEXTRA) cursor += 2 + ((input[cursor] ?? 0) | ((input[cursor + 1] ?? 0) << 8));
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const nul = input.indexOf(0, cursor);
      if (nul < 0) return 'the gzip header is cut off';
      cursor = nul + 1;
    }
  }
  if (flags & FHCRC) cursor += 2;
  return cursor > input.length ? 'the gzip header is cut off' : cursor;
}

export function gunzipBounded(input: Uint8Array, limit: number): Decoded {
  const parts: Uint8Array[] = [];
  let total = 0;
  let at = 0;
  for (let members = 0; ; members++) {
    if (members > 0) {
      while (at < input.length && input[at] === 0) at++;
      if (at >= input.length) break;
    }
    const body = bodyOffset(input, at);
    if (typeof body === 'string') {
      if (members === 0) return { bytes: new Uint8Array(0), end: 'broken', error: body };
      return { bytes: joinParts(parts), end: 'complete', trailing: input.length - at };
    }
    const result = inflateBounded(input.subarray(body), 'raw', limit - total);
    parts.push(result.bytes);
    total += result.bytes.length;
    if (result.end === 'limit') return { bytes: joinParts(parts), end: 'limit' };
    if (result.end !== 'complete') return { bytes: joinParts(parts), end: 'broken', error: result.error ?? `the deflate stream is ${result.end}` };
    at = body + result.consumed! + TRAILER;
    if (at > input.length) return { bytes: joinParts(parts), end: 'broken', error: 'the gzip trailer is cut off' };
    if (at === input.length) break;
  }
  return { bytes: joinParts(parts), end: 'complete' };
}
