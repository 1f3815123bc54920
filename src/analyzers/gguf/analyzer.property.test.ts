import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { ggufAnalyzer } from './analyzer.js';

const folder = new URL('../../../test/fixtures/gguf/', import.meta.url);
const fixtures = readdirSync(folder).map((name) => readFileSync(new URL(name, folder)));
const ownRules = new Set(ggufAnalyzer.rules.map((r) => r.id));

/** A real fixture, damaged: truncated, flipped, spliced, huge lengths written over fields. */
const damaged = (files: readonly Uint8Array[]) => fc.tuple(fc.constantFrom(...files), mutations).map(([file, applied]) => mutate(file, applied));

describe('gguf analyzer on damaged files', () => {
  it('never throws, never hangs, never allocates by a declared length, and reports only its own rules', async () => {
    await fc.assert(
      fc.asyncProperty(damaged(fixtures), async (bytes) => {
        const started = Date.now();
        const run = await runAnalyzer(ggufAnalyzer, { path: 'file', type: 'gguf' }, bytes);
        expect(Date.now() - started).toBeLessThan(2000);
        for (const report of run.findings) expect(ownRules.has(report.ruleId)).toBe(true);
        for (const member of run.members) expect(member.bytes.length).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('survives random bytes after a valid magic and version', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1, 2, 3), fc.boolean(), fc.uint8Array({ maxLength: 512 }), async (version, little, rest) => {
        const head = Buffer.alloc(8);
        head.write('GGUF', 0, 'latin1');
        if (little) head.writeUInt32LE(version, 4);
        else head.writeUInt32BE(version, 4);
        await runAnalyzer(ggufAnalyzer, { path: 'file', type: 'gguf' }, Buffer.concat([head, rest]));
      }),
      { numRuns: 2000 },
    );
  });
});
