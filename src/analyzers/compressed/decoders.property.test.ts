import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { fakeContext } from '../../../test/support/fake-context.js';
import { readFixture } from '../../../test/support/scan-fixtures.js';
import { BufferSource } from '../../lib/byte-source.js';
import { compressedAnalyzer } from './analyzer.js';
import { bunzipBounded } from './decoders/bzip2.js';
import { gunzipBounded } from './decoders/gzip.js';
import { unxzBounded } from './decoders/xz.js';

const LIMIT = 4 * 1024 * 1024;
const damaged = (names: string[]) =>
  fc.tuple(fc.constantFrom(...names.map((name) => readFixture('compressed', name))), mutations).map(([bytes, list]) => mutate(bytes, list));

describe('decoders on damaged input', () => {
  it('gzip: never throws, never passes the limit', () => {
    fc.assert(
      fc.property(fc.oneof(damaged(['model.pkl.gz', 'multi-member.pkl.gz', 'truncated.pkl.gz', 'corrupt.pkl.gz']), fc.uint8Array({ maxLength: 200 })), (bytes) => {
        const decoded = gunzipBounded(bytes, LIMIT);
        expect(decoded.bytes.length).toBeLessThanOrEqual(LIMIT);
        if (decoded.end === 'broken') expect(decoded.error).toBeTruthy();
      }),
      { numRuns: 1500 },
    );
  });

  it('bzip2: never throws, never passes the limit', () => {
    fc.assert(
      fc.property(fc.oneof(damaged(['model.pkl.bz2', 'multi-stream.pkl.bz2', 'truncated.pkl.bz2']), fc.uint8Array({ maxLength: 200 })), (bytes) => {
        expect(bunzipBounded(bytes, LIMIT).bytes.length).toBeLessThanOrEqual(LIMIT);
      }),
      { numRuns: 600 },
    );
  });

  it('xz: always settles (no hang, no stuck decoder lock), never passes the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged(['model.pkl.xz', 'truncated.pkl.xz']), fc.uint8Array({ maxLength: 200 })), async (bytes) => {
        expect((await unxzBounded(bytes, LIMIT)).bytes.length).toBeLessThanOrEqual(LIMIT);
      }),
      { numRuns: 400 },
    );
    // The library serialises decoders behind one lock: a leaked one would hang this.
    expect((await unxzBounded(readFixture('compressed', 'model.pkl.xz'), LIMIT)).end).toBe('complete');
  });

  it('stops a bomb at the limit it is given', () => {
    const decoded = gunzipBounded(readFixture('compressed', 'bomb.pkl.gz'), 1_000_000);
    expect(decoded.end).toBe('limit');
    expect(decoded.bytes.length).toBeLessThanOrEqual(1_000_000);
  });

  it('lets the analyzer finish on any damaged compressed file', async () => {
    const files = damaged(['model.pkl.gz', 'model.pkl.bz2', 'model.pkl.xz', 'model.joblib', 'truncated.pkl.gz']);
    await fc.assert(
      fc.asyncProperty(files, fc.constantFrom('gzip', 'bzip2', 'xz', 'zlib') as fc.Arbitrary<'gzip' | 'bzip2' | 'xz' | 'zlib'>, async (bytes, type) => {
        const recorded = fakeContext();
        await compressedAnalyzer.analyzeFile!({ path: 'damaged', type, size: bytes.length, source: new BufferSource(bytes) }, recorded.context);
        expect(recorded.members.length).toBeLessThanOrEqual(1);
        for (const member of recorded.members) expect(member.size).toBeLessThanOrEqual(Math.max(100 * bytes.length, 64 * 1024 * 1024));
      }),
      { numRuns: 500 },
    );
  });
});
