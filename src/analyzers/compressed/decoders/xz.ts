/**
 * @module xz through xz-decompress (xz-embedded compiled to WebAssembly, no native code). It decodes
 * concatenated streams; junk after the last one is an error, after the output before it was delivered. The
 * library serialises decoders behind one lock, so a reader is always run to its end or cancelled.
 */
import xz from 'xz-decompress';
import type { Decoded } from './decoded.js';
import { joinParts } from './decoded.js';

const INPUT_CHUNK = 1024 * 1024;
/** xz-embedded's return codes, which the library reports only as numbers. */
const XZ_ERRORS: Readonly<Record<string, string>> = {
  '2': 'unsupported integrity check',
  '3': 'out of memory',
  '4': 'dictionary larger than the memory limit',
  '5': 'not xz data',
  '6': 'unsupported xz options',
  '7': 'corrupt xz data',
  '8': 'the xz data ends before the stream does',
};

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = /error code (\d+)/.exec(message)?.[1];
  return (code && XZ_ERRORS[code]) ?? message;
}
/** A decoder that keeps returning nothing is stuck: give up rather than spin. */
const MAX_EMPTY_READS = 10_000;

export async function unxzBounded(input: Uint8Array, limit: number): Promise<Decoded> {
  const compressed = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < input.length; at += INPUT_CHUNK) controller.enqueue(input.subarray(at, at + INPUT_CHUNK));
      controller.close();
    },
  });
  const reader = new xz.XzReadableStream(compressed).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  try {
    for (let empty = 0; empty < MAX_EMPTY_READS; ) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return { bytes: joinParts(parts), end: 'complete' };
      }
      empty = value.length === 0 ? empty + 1 : 0;
      if (total + value.length > limit) {
        parts.push(value.subarray(0, limit - total));
        return { bytes: joinParts(parts), end: 'limit' };
      }
      parts.push(value);
      total += value.length;
    }
    return { bytes: joinParts(parts), end: 'broken', error: 'the xz decoder made no progress' };
  } catch (error) {
    finished = true; // a failed read has released the decoder already
    return { bytes: joinParts(parts), end: 'broken', error: describe(error) };
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}
