/**
 * @module Inflates a deflate stream (raw, as in zip and gzip, or zlib-wrapped, as joblib writes it) without
 * ever producing more than a given number of bytes, and without losing what precedes a corrupt spot: a
 * payload at the start of a stream that is broken on purpose (nullifAI) is still handed back. Node's one-shot
 * inflate throws away its output on error, so the readable prefix is found by inflating growing prefixes of
 * the input with Z_SYNC_FLUSH (which never fails on input that merely stops early); the work that search may
 * do is bounded.
 */
import type { ZlibOptions } from 'node:zlib';
import { constants, inflateRawSync, inflateSync } from 'node:zlib';

export type DeflateWrapper = 'raw' | 'zlib';

export interface InflateResult {
  /** The output; never longer than the limit. */
  readonly bytes: Uint8Array;
  /** The stream ended; or the output limit stopped it; or the input stopped early; or the data is corrupt. */
  readonly end: 'complete' | 'limit' | 'truncated' | 'corrupt';
  /** Input bytes the stream used, when it ended cleanly (what follows may be another member). */
  readonly consumed?: number;
  /** zlib's message for a truncated or corrupt stream. */
  readonly error?: string;
}

const EMPTY = new Uint8Array(0);
/** Output bytes the prefix search may inflate in all its attempts together, and its attempt count. */
const SEARCH_WORK_BYTES = 512 * 1024 * 1024;
const SEARCH_MAX_ATTEMPTS = 64;
const FIRST_PREFIX = 64 * 1024;
/** One more input byte yields at most a few kilobytes; searching with this much headroom lands past the limit. */
const SLACK = 64 * 1024;
/** Below this limit the output is cut exactly at it; above, half of it is prefix enough for a bomb. */
const EXACT_LIMIT = 16 * 1024 * 1024;

interface Inflated {
  readonly buffer: Uint8Array;
  readonly consumed: number;
}

function inflateOnce(input: Uint8Array, wrapper: DeflateWrapper, limit: number, flush: number): Inflated {
  const options: ZlibOptions = { maxOutputLength: limit, finishFlush: flush, info: true };
  // `info: true` makes Node return the engine too, whose bytesWritten is the input the stream used.
  const result = (wrapper === 'raw' ? inflateRawSync(input, options) : inflateSync(input, options)) as unknown as {
    buffer: Uint8Array;
    engine: { bytesWritten: number };
  };
  return { buffer: result.buffer, consumed: result.engine.bytesWritten };
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The output of the longest input prefix that inflates within the limit, found with bounded work; the search
 * stops early once `enough` output is in hand.
 */
function longestReadablePrefix(input: Uint8Array, wrapper: DeflateWrapper, limit: number, enough = Infinity): Uint8Array {
  const attempt = (length: number): Uint8Array | undefined => {
    try {
      return inflateOnce(input.subarray(0, length), wrapper, limit, constants.Z_SYNC_FLUSH).buffer;
    } catch {
      return undefined;
    }
  };
  let good = 0;
  let goodOutput: Uint8Array = EMPTY;
  let bad = input.length + 1;
  let work = 0;
  let attempts = 0;
  // Gallop up by doubling, then bisect between the last prefix that worked and the first that failed.
  for (let length = Math.min(input.length, FIRST_PREFIX); attempts < SEARCH_MAX_ATTEMPTS && work < SEARCH_WORK_BYTES; ) {
    attempts++;
    const output = attempt(length);
    work += output?.length ?? goodOutput.length;
    if (output) {
      good = length;
      goodOutput = output;
      if (output.length >= enough) break;
    } else {
      bad = length;
    }
    if (bad <= input.length) {
      if (bad - good <= 1) break;
      length = good + Math.floor((bad - good) / 2);
    } else {
      if (good >= input.length) break;
      length = Math.min(input.length, Math.max(1, good * 2));
    }
  }
  return goodOutput;
}

/**
 * Inflates `input`, producing at most `limit` bytes. A stream that would produce more stops at the limit with
 * the prefix that fits; a truncated or corrupt one gives the output of its readable prefix.
 */
/** The stream goes past the limit: as much of its output as fits, exactly `limit` bytes when that is small. */
function limitedPrefix(input: Uint8Array, wrapper: DeflateWrapper, limit: number): Uint8Array {
  const exact = limit <= EXACT_LIMIT;
  const output = longestReadablePrefix(input, wrapper, exact ? limit + SLACK : limit, exact ? limit : limit / 2);
  return output.length > limit ? output.subarray(0, limit) : output;
}

export function inflateBounded(input: Uint8Array, wrapper: DeflateWrapper, limit: number): InflateResult {
  if (limit < 1) return { bytes: EMPTY, end: 'limit' };
  try {
    const { buffer, consumed } = inflateOnce(input, wrapper, limit, constants.Z_FINISH);
    return { bytes: buffer, end: 'complete', consumed };
  } catch (error) {
    const code = codeOf(error);
    if (code === 'Z_BUF_ERROR') {
      // The input stops before the stream ends: everything it holds is readable.
      try {
        return { bytes: inflateOnce(input, wrapper, limit, constants.Z_SYNC_FLUSH).buffer, end: 'truncated', error: messageOf(error) };
      } catch {
        return { bytes: limitedPrefix(input, wrapper, limit), end: 'limit' };
      }
    }
    if (code === 'ERR_BUFFER_TOO_LARGE') return { bytes: limitedPrefix(input, wrapper, limit), end: 'limit' };
    return { bytes: longestReadablePrefix(input, wrapper, limit), end: 'corrupt', error: messageOf(error) };
  }
}
