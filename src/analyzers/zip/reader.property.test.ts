import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { fakeContext } from '../../../test/support/fake-context.js';
import { readFixture } from '../../../test/support/scan-fixtures.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { BufferSource } from '../../lib/byte-source.js';
import { zipAnalyzer } from './analyzer.js';
import { MAX_MEMBER_BYTES } from './members.js';
import { locateEntries, readZipDirectory } from './reader/zip-archive.js';

const readZipArchive = (source: BufferSource, max: number) => locateEntries(source, readZipDirectory(source, max), () => false);

// Small fixtures that cover every structure the reader knows (bombs are left out: inflating them fully is slow).
const FIXTURES = [
  'torch-benign.pt', 'torchscript-file-write.pt', 'duplicate-names.pt', 'traversal.zip', 'encrypted.zip', 'corrupt-deflate.zip',
  'prepended.zip', 'truncated.zip', 'overlap.zip', 'count-mismatch.zip', 'zip64.zip', 'weights.npz', 'model.keras', 'nested.zip', 'empty.zip',
].map((name) => readFixture('zip', name));

const damagedZip = fc.tuple(fc.constantFrom(...FIXTURES), mutations).map(([bytes, list]) => mutate(bytes, list));

describe('zip reader on damaged archives', () => {
  it('never throws, and lists only entries whose data it located inside the file', () => {
    fc.assert(
      fc.property(damagedZip, (bytes) => {
        const archive = readZipArchive(new BufferSource(bytes), 1000);
        expect(archive.entries.length).toBeLessThanOrEqual(1000);
        for (const entry of archive.entries) {
          if (entry.dataOffset !== undefined) expect(entry.dataOffset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('lets the analyzer finish with findings, notes or inconclusive, handing on members no larger than the bounds', async () => {
    await fc.assert(
      fc.asyncProperty(damagedZip, async (bytes) => {
        const recorded = fakeContext();
        const source = new BufferSource(bytes);
        await zipAnalyzer.analyzeFile!({ path: 'damaged.zip', type: 'zip', size: bytes.length, source }, recorded.context);
        for (const member of recorded.members) {
          // Stored members are windows of the input; deflated ones declare at most 100x the bytes they have.
          expect(member.size).toBeLessThanOrEqual(Math.max(100 * bytes.length, 64 * 1024 * 1024));
          expect(member.read).toBeLessThanOrEqual(MAX_MEMBER_BYTES);
          expect(member.read).toBeLessThanOrEqual(member.size);
        }
        expect(recorded.findings.every((f) => f.ruleId.startsWith('zip/'))).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('bounds the listing by the entry limit, whatever the end record claims', () => {
    const bytes = Uint8Array.from(readFixture('zip', 'weights.npz'));
    // Claim 65,535 entries in a 65,535-byte central directory: the walk stops at the first non-entry.
    const view = new DataView(bytes.buffer);
    const end = bytes.length - 22;
    view.setUint16(end + 8, 0xffff, true);
    view.setUint16(end + 10, 0xffff, true);
    view.setUint32(end + 12, 0xffff, true);
    const archive = readZipArchive(new BufferSource(bytes), 1);
    expect(archive.entries).toHaveLength(1);
    expect(archive.incomplete).toMatch(/more entries than aigis reads \(1 read; at most 1 entries/);
  });
});

describe('zip reader regressions found by the engine fuzz test', () => {
  it('treats a ZIP64 end record shifted by one junk byte as damage, read from disk as the engine reads it', async () => {
    const bytes = mutate(readFixture('zip', 'zip64.zip'), [{ kind: 'splice-junk', at: -43, junk: Uint8Array.from([1]) }]);
    const root = makeTree({ 'damaged.zip': bytes });
    try {
      const result = await scanTree(root, [zipAnalyzer]);
      expect(result.files.find((file) => file.path === 'damaged.zip')?.reason ?? '').not.toMatch(/analyzer failed/);
    } finally {
      removeTree(root);
    }
  });
});
