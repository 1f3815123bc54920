import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateBounded } from './bounded-inflate.js';

const text = Buffer.from('the quick brown fox jumps over the lazy dog\n'.repeat(2000));

describe('inflateBounded', () => {
  it('inflates a complete stream and says how much input it used', () => {
    const raw = deflateRawSync(text);
    const result = inflateBounded(Buffer.concat([raw, Buffer.from('next member')]), 'raw', 1e9);
    expect(result).toMatchObject({ end: 'complete', consumed: raw.length });
    expect(Buffer.from(result.bytes).equals(text)).toBe(true);
    expect(Buffer.from(inflateBounded(deflateSync(text), 'zlib', 1e9).bytes).equals(text)).toBe(true);
  });

  it('stops at the output limit: exactly at it for small limits, at least half of it for large ones', () => {
    const result = inflateBounded(deflateRawSync(Buffer.alloc(10_000_000)), 'raw', 1_000_000);
    expect([result.end, result.bytes.length]).toEqual(['limit', 1_000_000]);
    const exact = inflateBounded(deflateRawSync(text), 'raw', 1234);
    expect(Buffer.from(exact.bytes).equals(text.subarray(0, 1234))).toBe(true);
    const large = inflateBounded(deflateRawSync(Buffer.alloc(40_000_000)), 'raw', 20_000_000);
    expect(large.bytes.length).toBeLessThanOrEqual(20_000_000);
    expect(large.bytes.length).toBeGreaterThanOrEqual(10_000_000);
    expect(inflateBounded(deflateRawSync(text), 'raw', 0)).toEqual({ end: 'limit', bytes: new Uint8Array(0) });
  });

  it('returns everything a truncated stream holds', () => {
    const raw = deflateRawSync(text);
    const result = inflateBounded(raw.subarray(0, raw.length >> 1), 'raw', 1e9);
    expect(result.end).toBe('truncated');
    expect(result.bytes.length).toBeGreaterThan(1000);
    expect(Buffer.from(text.subarray(0, result.bytes.length)).equals(Buffer.from(result.bytes))).toBe(true);
  });

  it('returns exactly the output before a corrupt block', () => {
    const deflater = Buffer.concat([deflateRawSync(text.subarray(0, 5000), { finishFlush: constants.Z_FULL_FLUSH }), Buffer.alloc(16, 0xff)]);
    const result = inflateBounded(deflater, 'raw', 1e9);
    expect(result).toMatchObject({ end: 'corrupt', error: 'invalid block type' });
    expect(result.bytes.length).toBe(5000);
  });

  it('calls garbage corrupt without output, and an empty input truncated', () => {
    const garbage = inflateBounded(Buffer.from('definitely not deflate'), 'zlib', 100);
    expect([garbage.end, garbage.error, garbage.bytes.length]).toEqual(['corrupt', 'incorrect header check', 0]);
    expect(inflateBounded(new Uint8Array(0), 'raw', 100)).toMatchObject({ end: 'truncated' });
  });
});
