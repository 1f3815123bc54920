import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import { numpyAnalyzer } from './analyzer.js';
import { readNpy } from './npy-file.js';
import { parsePyLiteral, PyLiteralError } from './python-literal.js';

const folder = new URL('../../../test/fixtures/numpy/', import.meta.url);
const fixtures = readdirSync(folder).map((name) => readFileSync(new URL(name, folder)));
const ownRules = new Set(numpyAnalyzer.rules.map((r) => r.id));

/** A real fixture, damaged: truncated, flipped, spliced, huge lengths written over fields. */
const damaged = (files: readonly Uint8Array[]) => fc.tuple(fc.constantFrom(...files), mutations).map(([file, applied]) => mutate(file, applied));

describe('numpy analyzer on damaged files', () => {
  it('never throws, never hangs, and reports only its own rules', async () => {
    await fc.assert(
      fc.asyncProperty(damaged(fixtures), async (bytes) => {
        const started = Date.now();
        const run = await runAnalyzer(numpyAnalyzer, { path: 'file', type: 'numpy' }, bytes);
        expect(Date.now() - started).toBeLessThan(2000);
        for (const report of run.findings) expect(ownRules.has(report.ruleId)).toBe(true);
        for (const member of run.members) expect(member.bytes.length).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 600 },
    );
  });

  it('reads any bytes after the magic without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(1, 2, 3), (rest, major) => {
        const bytes = Uint8Array.from([0x93, ...Buffer.from('NUMPY'), major, 0, ...rest]);
        readNpy(new BufferSource(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('parses or refuses any text as a Python literal, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[{}()[\],:'" 0-9a-zA-Z_\\#\n-]{0,80}$/)), (text) => {
        try {
          parsePyLiteral(text, { allowLongSuffix: true });
        } catch (error) {
          expect(error).toBeInstanceOf(PyLiteralError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
