import { describe, expect, it } from 'vitest';
import { BufferSource } from './byte-source.js';
import { ChunkedReader, u16, u32, u64 } from './chunked-reader.js';

describe('ChunkedReader', () => {
  it('serves reads from one window and refills outside it', () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
    let reads = 0;
    const source = new BufferSource(bytes);
    const counting = { size: source.size, read: (o: number, l: number) => (reads++, source.read(o, l)), slice: source.slice.bind(source) };
    const reader = new ChunkedReader(counting, 16);
    expect([...reader.bytes(0, 4)]).toEqual([0, 1, 2, 3]);
    expect([...reader.bytes(10, 4)]).toEqual([10, 11, 12, 13]);
    expect(reads).toBe(1);
    expect([...reader.bytes(14, 4)]).toEqual([14, 15, 16, 17]);
    expect(reads).toBe(2);
    expect(reader.bytes(98, 10).length).toBe(2);
    expect(reader.bytes(500, 10).length).toBe(0);
  });
});

describe('little-endian fields', () => {
  it('reads 16, 32 and 64 bits, and saturates 64-bit values past 2^53', () => {
    const bytes = Uint8Array.from([0x34, 0x12, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x80]);
    expect(u16(bytes, 0)).toBe(0x1234);
    expect(u32(bytes, 2)).toBe(0xffffffff);
    expect(u64(bytes, 2)).toBe(0xffffffff);
    expect(u64(bytes, 6)).toBe(2 ** 32);
    expect(u64(bytes, 8)).toBe(Infinity);
    expect(u32(bytes, 14)).toBe(0x8000); // past the end reads as zero
  });
});
