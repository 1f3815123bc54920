/**
 * @module Reads many small records (archive headers, directory entries) from a ByteSource through one cached
 * window, so walking 100,000 headers costs a few large reads instead of 100,000 small ones.
 */
import type { ByteSource } from './byte-source.js';

const DEFAULT_WINDOW = 1024 * 1024;

export class ChunkedReader {
  private windowStart = 0;
  private window: Uint8Array = new Uint8Array(0);

  constructor(
    readonly source: ByteSource,
    private readonly windowSize = DEFAULT_WINDOW,
  ) {}

  /** Up to `length` bytes at `offset`; fewer only where the source ends. A view: valid until the next call. */
  bytes(offset: number, length: number): Uint8Array {
    const start = offset - this.windowStart;
    if (start >= 0 && start + length <= this.window.length) return this.window.subarray(start, start + length);
    this.windowStart = offset;
    this.window = this.source.read(offset, Math.max(length, this.windowSize));
    return this.window.subarray(0, Math.min(length, this.window.length));
  }
}

/** Little-endian field readers over a byte view; reading past the end gives 0, callers check lengths first. */
export function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

export function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) + u16(bytes, at + 2) * 0x10000) >>> 0;
}

/** A 64-bit little-endian value; above 2^53 it is returned as Infinity (no file is that large). */
export function u64(bytes: Uint8Array, at: number): number {
  const high = u32(bytes, at + 4);
  return high >= 0x200000 ? Infinity : high * 0x100000000 + u32(bytes, at);
}
