import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { fakeContext } from '../../../test/support/fake-context.js';
import { readFixture } from '../../../test/support/scan-fixtures.js';
import { BufferSource } from '../../lib/byte-source.js';
import { tarAnalyzer } from './analyzer.js';
import { pickleExtent } from './pickle-extent.js';
import { readTarArchive } from './reader/tar-archive.js';
import { splitStorages, splitTensors } from './torch-legacy.js';

const FIXTURES = ['torch-legacy-benign.tar', 'traversal.tar', 'devices.tar', 'gnu-longname.tar', 'pax-longname.tar', 'v7.tar', 'truncated.tar', 'symlink-size.tar', 'lone-zero-block.tar'].map(
  (name) => readFixture('tar', name),
);
const damagedTar = fc.tuple(fc.constantFrom(...FIXTURES), mutations).map(([bytes, list]) => mutate(bytes, list));

describe('tar reader on damaged archives', () => {
  it('never throws, and places every member inside the file', () => {
    fc.assert(
      fc.property(damagedTar, (bytes) => {
        const archive = readTarArchive(new BufferSource(bytes), 1000);
        for (const entry of archive.entries) {
          expect(entry.dataOffset).toBeLessThanOrEqual(bytes.length);
          expect(entry.headerOffset % 512).toBe(0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('lets the analyzer finish, handing on members that are windows of the input', async () => {
    await fc.assert(
      fc.asyncProperty(damagedTar, async (bytes) => {
        const recorded = fakeContext();
        await tarAnalyzer.analyzeFile!({ path: 'damaged.tar', type: 'tar', size: bytes.length, source: new BufferSource(bytes) }, recorded.context);
        for (const member of recorded.members) expect(member.size).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 800 },
    );
  });

  it('walks random and damaged legacy records without throwing', () => {
    const storages = Uint8Array.from(Buffer.from('\x80\x02K\x01.\x80\x02X\x01\x00\x00\x000q\x00X\x03\x00\x00\x00cpuq\x01ctorch\nFloatStorage\nq\x02\x87q\x03.\x04\x00\x00\x00\x00\x00\x00\x00AAAABBBBCCCCDDDD\x80\x02].', 'latin1'));
    const record = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutations.map((list) => mutate(storages, list)));
    fc.assert(
      fc.property(record, (bytes) => {
        for (const split of [splitStorages(new BufferSource(bytes)), splitTensors(new BufferSource(bytes))]) {
          expect(split.pickles.length).toBeLessThanOrEqual(bytes.length);
        }
        const extent = pickleExtent(bytes, 0);
        if (extent) expect(extent.end).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 3000 },
    );
  });
});
