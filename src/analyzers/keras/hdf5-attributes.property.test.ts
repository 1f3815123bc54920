import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutation } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import { kerasAnalyzer } from './analyzer.js';
import { readRootAttributes } from './hdf5-attributes.js';

const folder = new URL('../../../test/fixtures/keras/', import.meta.url);
const fixtures = readdirSync(folder)
  .filter((name) => name.endsWith('.h5'))
  .map((name) => readFileSync(new URL(name, folder)));
const lambda = readFileSync(new URL('keras2-lambda.h5', folder));
const NAMES = ['model_config', 'training_config', 'keras_version', 'backend'];

describe('HDF5 reading under hostile input', () => {
  it('stops a file that sends HDF5 into an endless loop at the deadline, then reads the next file afresh', async () => {
    const endless = readFileSync(new URL('hdf5-endless-loop.h5', folder));
    const started = Date.now();
    expect(await readRootAttributes(new BufferSource(endless), NAMES, 1000, 500)).toEqual({ kind: 'unreadable', reason: 'the HDF5 library did not finish within 0.5 s' });
    expect(Date.now() - started).toBeLessThan(5000);
    const next = await readRootAttributes(new BufferSource(lambda), NAMES, 1_000_000);
    expect(next.kind === 'read' && [...next.values.keys()].sort()).toEqual(['backend', 'keras_version', 'model_config', 'training_config']);
  });

  it('turns every mutated file into attributes or an unreadable file, and keeps working after', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (original, mutations) => {
        // About one mutation in twenty loops forever inside HDF5: a short deadline keeps the test quick.
        const result = await readRootAttributes(new BufferSource(mutate(original, mutations)), NAMES, 1_000_000, 500);
        expect(['read', 'unreadable']).toContain(result.kind);
      }),
      { numRuns: 150 },
    );
    const after = await runAnalyzer(kerasAnalyzer, { path: 'm.h5', type: 'hdf5' }, lambda);
    expect(after.findings.map((f) => f.ruleId)).toEqual(['keras/lambda-layer']);
  }, 120_000);

  it('treats a source whose reads fail as unreadable, without throwing', async () => {
    const failing = { size: lambda.length, read: () => { throw new Error('EIO'); }, slice: () => { throw new Error('EIO'); } };
    expect(await readRootAttributes(failing, NAMES, 1000)).toEqual({ kind: 'unreadable', reason: 'the HDF5 library cannot open it' });
  });

  it('treats 0-byte, magic-only and truncated files as unreadable', async () => {
    for (const bytes of [new Uint8Array(0), Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), lambda.subarray(0, 600)]) {
      const run = await runAnalyzer(kerasAnalyzer, { path: 'm.h5', type: 'hdf5' }, bytes);
      expect(run.findings).toEqual([]);
      expect(run.inconclusive).toHaveLength(1);
    }
  });
});
