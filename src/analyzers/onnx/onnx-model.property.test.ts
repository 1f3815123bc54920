import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutation } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import { onnxAnalyzer } from './analyzer.js';
import { MAX_MESSAGE_DEPTH, readOnnxModel } from './onnx-model.js';
import { varint } from '../../../test/support/varint.js';

const folder = new URL('../../../test/fixtures/onnx/', import.meta.url);
const fixtures = readdirSync(folder).filter((name) => name.endsWith('.onnx')).map((name) => readFileSync(new URL(name, folder)));


const field = (number: number, payload: Uint8Array) => Uint8Array.from([number * 8 + 2, ...varint(payload.length), ...payload]);

/** A model whose graph holds a node with an If attribute whose graph holds a node... `levels` times. */
function nestedModel(levels: number): Uint8Array {
  let graph = field(1, Uint8Array.from([0x22, 0x04, ...Buffer.from('Relu')]));
  for (let i = 0; i < levels; i++) {
    const attribute = Uint8Array.from([...field(1, Buffer.from('then_branch')), ...field(6, graph)]);
    graph = field(1, Uint8Array.from([...field(4, Buffer.from('If')), ...field(5, attribute)]));
  }
  return Uint8Array.from([0x08, 0x08, ...field(7, graph)]);
}

describe('onnx model reader under hostile input', () => {
  it('never throws on mutated fixtures: problems are reported, the walk ends', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 6 }), (original, mutations) => {
        const bytes = mutate(original, mutations);
        const model = readOnnxModel(new BufferSource(bytes));
        if (model.stoppedAt !== undefined) expect(model.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('runs the whole analyzer on mutated fixtures without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (original, mutations) => {
        const run = await runAnalyzer(onnxAnalyzer, { path: 'm.onnx', type: 'onnx' }, mutate(original, mutations));
        for (const finding of run.findings) expect(finding.ruleId.startsWith('onnx/')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('walks subgraphs nested up to protobuf\'s limit, and calls deeper nesting malformed', () => {
    const shallow = readOnnxModel(new BufferSource(nestedModel(30)));
    expect(shallow.problems).toEqual([]);
    expect(shallow.operators.get(':If')?.count).toBe(30);
    const deep = readOnnxModel(new BufferSource(nestedModel(200)));
    expect(deep.problems[0]!.message).toBe(`broken protobuf: messages nest deeper than protobuf's limit of ${MAX_MESSAGE_DEPTH}`);
  });

  it('handles 0-byte and 1-byte files', () => {
    expect(readOnnxModel(new BufferSource(new Uint8Array(0))).problems).toEqual([]);
    expect(readOnnxModel(new BufferSource(Uint8Array.from([0x08]))).problems[0]!.message).toMatch(/cut off/);
  });
});
