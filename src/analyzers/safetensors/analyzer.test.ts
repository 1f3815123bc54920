import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { memberRecorder } from '../../../test/support/member-recorder.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { safetensorsAnalyzer, unreferencedMemberName } from './analyzer.js';
import { MAX_METADATA_BYTES } from './rules/large-metadata.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/safetensors/${name}`, import.meta.url));
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function scanFixture(name: string) {
  const recorder = memberRecorder();
  const root = makeTree({ [name]: fixture(name) });
  roots.push(root);
  const result = await scanTree(root, [safetensorsAnalyzer, recorder.analyzer]);
  const own = result.findings.filter((f) => f.ruleId.startsWith('safetensors/'));
  return { result, recorder, own, rules: [...new Set(own.map((f) => f.ruleId))].sort(), record: result.files.find((f) => f.path === name)! };
}

function safetensors(header: string, data: Uint8Array): Uint8Array {
  const json = Buffer.from(header.padEnd(Math.ceil(header.length / 8) * 8, ' '));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, data]);
}

describe('safetensors analyzer', () => {
  it.each(['two_tensors.safetensors', 'every_dtype.safetensors', 'empty.safetensors', 'zero_sized.safetensors', 'unordered_keys.safetensors', 'lora_metadata.safetensors'])(
    'is quiet on %s, a file the safetensors library loads',
    async (name) => {
      const { rules, record, recorder } = await scanFixture(name);
      expect(rules).toEqual([]);
      expect([record.type, record.status]).toEqual(['safetensors', 'scanned']);
      expect(recorder.members).toEqual([]);
    },
  );

  it.each([
    ['header_past_eof.safetensors', /claims 4096 bytes/],
    ['header_too_large.safetensors', /200000000 bytes, over the 100000000-byte limit/],
    ['not_json.safetensors', /not valid JSON/],
    ['not_object.safetensors', /JSON array, not an object/],
    ['unknown_dtype.safetensors', /dtype "F12", which is not a safetensors dtype/],
    ['metadata_not_strings.safetensors', /entry "epochs" is a JSON number/],
    ['negative_shape.safetensors', /shape that is not a list of non-negative/],
  ])('reports safetensors/invalid-header for %s, even when the header is too broken to sniff', async (name, message) => {
    const { own } = await scanFixture(name);
    expect(own.map((f) => [f.ruleId, f.severity])).toEqual([['safetensors/invalid-header', 'medium']]);
    expect(own[0]!.message).toMatch(message);
  });

  it.each([
    ['overlapping.safetensors', /"b" .* overlaps tensor "a"/],
    ['out_of_bounds.safetensors', /ends past the data area, which holds 8 bytes/],
    ['size_mismatch.safetensors', /spans 8 bytes but its shape and dtype need 12/],
    ['misaligned_bits.safetensors', /3 elements of 4 bits, which is not a whole number of bytes/],
  ])('reports safetensors/invalid-tensor-layout for %s', async (name, message) => {
    const { own } = await scanFixture(name);
    expect(own.map((f) => f.ruleId)).toContain('safetensors/invalid-tensor-layout');
    expect(own.find((f) => f.ruleId === 'safetensors/invalid-tensor-layout')!.message).toMatch(message);
  });

  it('reports bytes hidden between tensors as safetensors/unreferenced-bytes and scans them as a member', async () => {
    const { own, recorder, result } = await scanFixture('hidden_pickle_gap.safetensors');
    expect(own.map((f) => f.ruleId)).toEqual(['safetensors/unreferenced-bytes']);
    const start = own[0]!.location.offset!;
    expect(recorder.members.map((m) => [m.member, m.type])).toEqual([[unreferencedMemberName(start, start + 36), 'pickle']]); // the 36-byte pickle
    expect(result.findings.map((f) => f.ruleId)).toContain('recorder/payload-seen');
  });

  it('reports bytes after the last tensor the same way', async () => {
    const { own, recorder } = await scanFixture('trailing_bytes.safetensors');
    expect(own.map((f) => f.ruleId)).toEqual(['safetensors/unreferenced-bytes']);
    expect(recorder.members.map((m) => m.type)).toEqual(['pickle']);
  });

  it.each([
    ['duplicate_tensor.safetensors', /repeats the key "w"/],
    ['extra_field.safetensors', /extra field "note"/],
    ['leading_space.safetensors', /does not start with "\{"/],
    ['lone_surrogate.safetensors', /half a surrogate pair/],
  ])('reports safetensors/ambiguous-header for %s', async (name, message) => {
    const { own } = await scanFixture(name);
    expect(own.map((f) => f.ruleId)).toEqual(['safetensors/ambiguous-header']);
    expect(own[0]!.message).toMatch(message);
  });

  it('keeps the last entry of a repeated tensor name for the layout, as the loaders do', async () => {
    // {"w": [0,8], "w": [0,16]} over 16 bytes: the last entry covers the data exactly.
    const { own } = await scanFixture('duplicate_tensor.safetensors');
    expect(own.some((f) => f.ruleId === 'safetensors/unreferenced-bytes' || f.ruleId === 'safetensors/invalid-tensor-layout')).toBe(false);
  });

  it('reports safetensors/large-metadata past the bound, and not below it', async () => {
    const header = (size: number) => JSON.stringify({ __metadata__: { notes: 'x'.repeat(size) }, w: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } });
    const big = await runAnalyzer(safetensorsAnalyzer, { path: 'file', type: 'safetensors' }, safetensors(header(MAX_METADATA_BYTES + 1), new Uint8Array(1)));
    expect(big.findings.map((r) => [r.ruleId, r.severity])).toEqual([['safetensors/large-metadata', 'low']]);
    const fine = await runAnalyzer(safetensorsAnalyzer, { path: 'file', type: 'safetensors' }, safetensors(header(200_000), new Uint8Array(1)));
    expect(fine.findings).toEqual([]);
  });

  it('caps findings per rule on a header with thousands of bad tensors', async () => {
    const tensors = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`t${i}`, { dtype: 'F32', shape: [1], data_offsets: [0, 4] }]));
    const run = await runAnalyzer(safetensorsAnalyzer, { path: 'file', type: 'safetensors' }, safetensors(JSON.stringify(tensors), new Uint8Array(4)));
    expect(run.findings.length).toBe(21);
    expect(run.findings.at(-1)!.message).toMatch(/4979 more/);
  });

  it('claims unsniffable files only by a .safetensors name, and never Git LFS pointers', () => {
    const claims = (path: string, type: 'binary' | 'text' | 'safetensors') => safetensorsAnalyzer.claims!({ path, type, size: 10 }, {}) || safetensorsAnalyzer.fileTypes!.includes(type);
    expect(claims('model.safetensors', 'binary')).toBe(true);
    expect(claims('weights.bin', 'safetensors')).toBe(true);
    expect(claims('model.safetensors', 'text')).toBe(false);
    expect(claims('model.bin', 'binary')).toBe(false);
  });

  it('gives a clear verdict on a file too short to hold the header length', async () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array(7)]) {
      const run = await runAnalyzer(safetensorsAnalyzer, { path: 'm.safetensors', type: 'binary' }, bytes);
      expect(run.findings.map((f) => f.message)).toEqual([`The safetensors header is invalid: the file is ${bytes.length} bytes long, shorter than the 8-byte header length.`]);
    }
  });

  const corpus = new URL('../../../../shared/corpus/models/benign/model.safetensors', import.meta.url);
  it.runIf(existsSync(corpus))('is quiet on the shared corpus model.safetensors (skipped when ../shared is absent)', async () => {
    const run = await runAnalyzer(safetensorsAnalyzer, { path: 'file', type: 'safetensors' }, readFileSync(corpus));
    expect(run.findings).toEqual([]);
  });
});
