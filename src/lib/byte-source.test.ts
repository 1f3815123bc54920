import { closeSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferSource, FileSource } from './byte-source.js';

const bytes = Uint8Array.from({ length: 64 }, (_, i) => i);
const path = join(tmpdir(), `aigis-byte-source-${process.pid}.bin`);
writeFileSync(path, bytes);

describe('byte sources', () => {
  it('read the same bytes from memory and from a file, whatever the offset and length, and never throw', () => {
    const fd = openSync(path, 'r');
    try {
      const sources = [new BufferSource(bytes), new FileSource(fd, bytes.length)];
      const odd = fc.oneof(fc.integer({ min: -100, max: 200 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 60, 3.5));
      fc.assert(
        fc.property(odd, odd, (offset, length) => {
          const [fromMemory, fromFile] = sources.map((source) => Array.from(source.read(offset, length))) as [number[], number[]];
          expect(fromFile).toEqual(fromMemory);
          expect(fromMemory.length).toBeLessThanOrEqual(bytes.length);
          if (Number.isNaN(offset) || Number.isNaN(length)) expect(fromMemory).toEqual([]);
        }),
        { numRuns: 500 },
      );
    } finally {
      closeSync(fd);
    }
  });
});
