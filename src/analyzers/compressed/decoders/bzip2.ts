/**
 * @module bzip2 through seek-bzip (pure JavaScript), one stream at a time so that a complete file followed by
 * junk is told apart from a corrupt one (CPython's bz2 reads concatenated streams and ignores trailing junk).
 * Output goes to a buffer that refuses to grow past the limit; what was written before an error is kept.
 */
import Bunzip from 'seek-bzip';
import type { Decoded } from './decoded.js';

class OutputFull extends Error {}
class InputEnded extends Error {
  constructor() {
    super('the bzip2 data ends before the stream does');
  }
}

class BoundedOutput {
  buffer = new Uint8Array(64 * 1024);
  length = 0;

  constructor(private readonly limit: number) {}

  writeByte(byte: number): void {
    if (this.length >= this.limit) throw new OutputFull();
    if (this.length === this.buffer.length) {
      const grown = new Uint8Array(Math.min(this.limit, this.buffer.length * 2));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = byte;
  }

  get bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

export function bunzipBounded(input: Uint8Array, limit: number): Decoded {
  const output = new BoundedOutput(limit);
  const stream = {
    position: 0,
    readByte(): number {
      if (this.position >= input.length) throw new InputEnded();
      return input[this.position++]!;
    },
    read(buffer: Uint8Array, offset: number, length: number): number {
      const count = Math.min(length, input.length - this.position);
      buffer.set(input.subarray(this.position, this.position + count), offset);
      this.position += count;
      return count === 0 ? -1 : count;
    },
    eof(): boolean {
      return this.position >= input.length;
    },
  };
  for (let streams = 0; stream.position < input.length; streams++) {
    const start = stream.position;
    try {
      Bunzip.decode(stream, output, false);
    } catch (error) {
      if (error instanceof OutputFull) return { bytes: output.bytes, end: 'limit' };
      // Junk after a complete stream fails at the next "BZh" signature: loaders ignore it.
      if (streams > 0 && stream.position - start <= 4) return { bytes: output.bytes, end: 'complete', trailing: input.length - start };
      return { bytes: output.bytes, end: 'broken', error: error instanceof Error ? error.message : String(error) };
    }
  }
  return { bytes: output.bytes, end: 'complete' };
}
