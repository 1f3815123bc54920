/**
 * @module Random access to bytes without holding them all: a file is read through its descriptor on demand,
 * and a slice (an archive member stored uncompressed, say) is a window onto its parent, not a copy.
 */
import { readSync } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; fewer only when the source ends first. */
  read(offset: number, length: number): Uint8Array;
  /** A window of this source; bounds are clamped to it. */
  slice(offset: number, length: number): ByteSource;
}

/**
 * The part of [offset, offset + length) inside the source. Offsets and lengths come from hostile headers, so
 * anything that is not a number (NaN from arithmetic on huge fields) reads nothing instead of throwing.
 */
function clamp(size: number, offset: number, length: number): [number, number] {
  if (Number.isNaN(offset) || Number.isNaN(length)) return [size, 0];
  const start = Math.min(Math.max(0, Math.floor(offset)), size);
  return [start, Math.min(Math.max(0, Math.floor(length)), size - start)];
}

export class BufferSource implements ByteSource {
  constructor(private readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.length;
  }

  read(offset: number, length: number): Uint8Array {
    const [start, count] = clamp(this.size, offset, length);
    return this.bytes.subarray(start, start + count);
  }

  slice(offset: number, length: number): ByteSource {
    return new BufferSource(this.read(offset, length));
  }
}

/** Reads a file through an open descriptor, which the caller owns and closes. */
export class FileSource implements ByteSource {
  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly base = 0,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const [start, count] = clamp(this.size, offset, length);
    const buffer = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const n = readSync(this.fd, buffer, filled, count - filled, this.base + start + filled);
      if (n === 0) break; // the file shrank under us: return what exists
      filled += n;
    }
    return buffer.subarray(0, filled);
  }

  slice(offset: number, length: number): ByteSource {
    const [start, count] = clamp(this.size, offset, length);
    return new FileSource(this.fd, count, this.base + start);
  }
}

/** Decodes at most `maxBytes` as UTF-8 (a leading BOM dropped); `truncated` says whether bytes were left. */
export function readText(source: ByteSource, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = source.read(0, Math.min(source.size, maxBytes));
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  return { text, truncated: source.size > maxBytes };
}
