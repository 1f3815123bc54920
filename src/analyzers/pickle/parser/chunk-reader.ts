/**
 * @module Sequential reads over a ByteSource in 1 MiB chunks, so the machine's hot loop indexes a
 * Uint8Array instead of calling `read` per opcode. Payloads are skipped by length without being read.
 */
import type { ByteSource } from '../../../lib/byte-source.js';

export const CHUNK_BYTES = 1024 * 1024;
const EMPTY = new Uint8Array(0);
const NEWLINE = 0x0a;

export class ChunkReader {
  /** The bytes at hand; `buf[0]` is at absolute offset `base`. */
  buf: Uint8Array = EMPTY;
  base: number;
  /** Index of the next unread byte in `buf`. */
  pos = 0;

  constructor(
    readonly source: ByteSource,
    start: number,
    /** One past the last byte this reader may read. */
    readonly end: number = source.size,
  ) {
    this.base = start;
  }

  /** Absolute offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  get remaining(): number {
    return this.end - this.base - this.pos;
  }

  /** Makes `n` bytes (at most a chunk or two) available at `pos`; false when the input ends first. */
  ensure(n: number): boolean {
    return this.pos + n <= this.buf.length || this.refill(n);
  }

  private refill(n: number): boolean {
    const offset = this.base + this.pos;
    if (offset + n > this.end) return false;
    const bytes = this.source.read(offset, Math.min(Math.max(n, CHUNK_BYTES), this.end - offset));
    this.buf = bytes;
    this.base = offset;
    this.pos = 0;
    return bytes.length >= n;
  }

  /** Moves to an absolute offset (within the input), keeping the chunk when it holds that offset. */
  seek(offset: number): void {
    if (offset >= this.base && offset <= this.base + this.buf.length) {
      this.pos = offset - this.base;
    } else {
      this.buf = EMPTY;
      this.base = offset;
      this.pos = 0;
    }
  }

  /** Skips `n` bytes without reading them; false (and no move) when fewer remain. */
  skip(n: number): boolean {
    if (n > this.remaining) return false;
    this.seek(this.offset + n);
    return true;
  }

  /** Absolute offset of the next newline at or after the current offset, or -1 when the input has none. */
  findNewline(): number {
    const inChunk = this.buf.indexOf(NEWLINE, this.pos);
    if (inChunk >= 0) return this.base + inChunk;
    let at = this.base + this.buf.length;
    while (at < this.end) {
      const bytes = this.source.read(at, Math.min(CHUNK_BYTES, this.end - at));
      if (bytes.length === 0) return -1;
      const index = bytes.indexOf(NEWLINE);
      if (index >= 0) return at + index;
      at += bytes.length;
    }
    return -1;
  }

  /** Bytes at an absolute offset, from the chunk when it holds them (no copy), else read anew. */
  bytesAt(offset: number, length: number): Uint8Array {
    const start = offset - this.base;
    if (start >= 0 && start + length <= this.buf.length) return this.buf.subarray(start, start + length);
    return this.source.read(offset, length);
  }
}
