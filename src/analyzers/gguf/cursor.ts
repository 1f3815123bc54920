/**
 * @module A forward cursor over a ByteSource that reads through a window (a GGUF vocabulary is hundreds of
 * thousands of small strings; one read per string would be far too slow) and never trusts a length: every
 * read or skip is checked against the bytes that really remain.
 */
import type { ByteSource } from '../../lib/byte-source.js';

const WINDOW_BYTES = 1024 * 1024;
const TWO_32 = 2 ** 32;

/** The file ended before a field that its header promised. */
export class TruncatedError extends Error {
  constructor(readonly what: string, readonly offset: number, readonly needed: number, readonly available: number) {
    super(`${what} at byte ${offset} needs ${needed} bytes but only ${available} remain`);
  }
}

export class Cursor {
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;
  private view = new DataView(this.window.buffer);
  position = 0;

  constructor(
    private readonly source: ByteSource,
    readonly littleEndian: boolean,
  ) {}

  get remaining(): number {
    return this.source.size - this.position;
  }

  /** Makes `length` bytes at the position readable from the window (length is small: at most a field). */
  private ensure(length: number, what: string): number {
    if (length > this.remaining) throw new TruncatedError(what, this.position, length, this.remaining);
    const at = this.position - this.windowStart;
    if (at < 0 || at + length > this.window.length) {
      this.window = this.source.read(this.position, Math.max(WINDOW_BYTES, length));
      this.windowStart = this.position;
      this.view = new DataView(this.window.buffer, this.window.byteOffset, this.window.byteLength);
      return 0;
    }
    return at;
  }

  u8(what: string): number {
    const at = this.ensure(1, what);
    this.position += 1;
    return this.window[at]!;
  }

  u32(what: string): number {
    const at = this.ensure(4, what);
    this.position += 4;
    return this.view.getUint32(at, this.littleEndian);
  }

  /** A 64-bit unsigned integer as a number: exact below 2^53, and above that larger than any real file. */
  u64(what: string): number {
    const at = this.ensure(8, what);
    this.position += 8;
    const [high, low] = this.littleEndian
      ? [this.view.getUint32(at + 4, true), this.view.getUint32(at, true)]
      : [this.view.getUint32(at, false), this.view.getUint32(at + 4, false)];
    return high * TWO_32 + low;
  }

  /** The bytes themselves; callers bound `length` by what they are prepared to hold. */
  bytes(length: number, what: string): Uint8Array {
    if (length <= WINDOW_BYTES) {
      const at = this.ensure(length, what);
      this.position += length;
      return this.window.slice(at, at + length);
    }
    if (length > this.remaining) throw new TruncatedError(what, this.position, length, this.remaining);
    const bytes = this.source.read(this.position, length);
    this.position += length;
    return bytes;
  }

  skip(length: number, what: string): void {
    if (length > this.remaining) throw new TruncatedError(what, this.position, length, this.remaining);
    this.position += length;
  }
}
