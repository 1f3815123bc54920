import { readdirSync, readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutation } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import { tensorflowAnalyzer } from './analyzer.js';
import { readTensorflowGraph } from './graph-model.js';

const folder = new URL('../../../test/fixtures/tensorflow/', import.meta.url);
const fixtures = readdirSync(folder)
  .flatMap((dir) => (statSync(new URL(dir, folder)).isDirectory() ? readdirSync(new URL(`${dir}/`, folder)).map((name) => `${dir}/${name}`) : []))
  .map((path) => ({ name: path.slice(path.lastIndexOf('/') + 1), bytes: readFileSync(new URL(path, folder)) }));

describe('tensorflow graph reader under hostile input', () => {
  it('has fixtures of every kind to mutate', () => {
    expect(fixtures.length).toBeGreaterThan(15);
  });

  it('never throws on mutated fixtures, read as what their name says or by their shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (fixture, mutations, byName) => {
        const graph = readTensorflowGraph(new BufferSource(mutate(fixture.bytes, mutations)), byName ? fixture.name : 'graph.pb');
        if (graph.stoppedAt !== undefined) expect(graph.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('runs the whole analyzer on mutated fixtures without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (fixture, mutations) => {
        const run = await runAnalyzer(tensorflowAnalyzer, { path: `export/${fixture.name}`, type: 'protobuf' }, mutate(fixture.bytes, mutations));
        for (const finding of run.findings) expect(finding.ruleId.startsWith('tensorflow/')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('handles 0-byte and 1-byte saved_model.pb files', () => {
    expect(readTensorflowGraph(new BufferSource(new Uint8Array(0)), 'saved_model.pb').problems).toEqual([]);
    expect(readTensorflowGraph(new BufferSource(Uint8Array.from([0x12])), 'saved_model.pb').problems[0]!.message).toMatch(/cut off/);
  });

  it('follows function calls in a cycle without looping', () => {
    // Two library functions calling each other, reached from the saver's restore op.
    const field = (n: number, p: Uint8Array) => Uint8Array.from([n * 8 + 2, p.length, ...p]);
    const text = (n: number, s: string) => field(n, Buffer.from(s));
    const call = (name: string, fn: string) => field(3, Uint8Array.from([...text(1, name), ...text(2, fn)]));
    const fn = (name: string, calls: string) => field(1, Uint8Array.from([...field(1, text(1, name)), ...call('c', calls)]));
    const restore = field(1, Uint8Array.from([...text(1, 'restore'), ...text(2, 'a')]));
    const graph = Uint8Array.from([...restore, ...field(2, Uint8Array.from([...fn('a', 'b'), ...fn('b', 'a')]))]);
    const saver = text(3, 'restore');
    const model = Uint8Array.from([0x08, 0x01, ...field(2, Uint8Array.from([...field(2, graph), ...field(3, saver)]))]);
    expect(readTensorflowGraph(new BufferSource(model), 'saved_model.pb').problems).toEqual([]);
  });
});
