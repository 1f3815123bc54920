import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { safetensorsAnalyzer } from './analyzer.js';

const folder = new URL('../../../test/fixtures/safetensors/', import.meta.url);
const fixtures = readdirSync(folder).map((name) => readFileSync(new URL(name, folder)));
const ownRules = new Set(safetensorsAnalyzer.rules.map((r) => r.id));

/** A real fixture, damaged: truncated, flipped, spliced, huge lengths written over fields. */
const damaged = (files: readonly Uint8Array[]) => fc.tuple(fc.constantFrom(...files), mutations).map(([file, applied]) => mutate(file, applied));

describe('safetensors analyzer on damaged files', () => {
  it('never throws, never hangs, never allocates by a declared length, and reports only its own rules', async () => {
    await fc.assert(
      fc.asyncProperty(damaged(fixtures), async (bytes) => {
        const started = Date.now();
        const run = await runAnalyzer(safetensorsAnalyzer, { path: 'file', type: 'safetensors' }, bytes);
        expect(Date.now() - started).toBeLessThan(2000);
        for (const report of run.findings) expect(ownRules.has(report.ruleId)).toBe(true);
        for (const member of run.members) expect(member.bytes.length).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 800 },
    );
  });

  it('survives arbitrary JSON headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), fc.uint8Array({ maxLength: 64 }), async (header, data) => {
        const json = Buffer.from(header);
        const length = Buffer.alloc(8);
        length.writeBigUInt64LE(BigInt(json.length));
        await runAnalyzer(safetensorsAnalyzer, { path: 'file', type: 'safetensors' }, Buffer.concat([length, json, data]));
      }),
      { numRuns: 500 },
    );
  });
});
