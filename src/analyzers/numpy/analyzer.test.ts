import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyAnalyzer } from '../../core/analyzer.js';
import { memberRecorder } from '../../../test/support/member-recorder.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { ARRAY_DATA_MEMBER, OBJECT_PICKLE_MEMBER, TRAILING_DATA_MEMBER, numpyAnalyzer } from './analyzer.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/numpy/${name}`, import.meta.url));
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function scan(files: Record<string, Uint8Array>, analyzers: readonly AnyAnalyzer[] = [numpyAnalyzer]) {
  const root = makeTree(files);
  roots.push(root);
  return scanTree(root, analyzers);
}

async function scanFixture(name: string) {
  const recorder = memberRecorder();
  const result = await scan({ [name]: fixture(name) }, [numpyAnalyzer, recorder.analyzer]);
  const own = result.findings.filter((f) => f.ruleId.startsWith('numpy/'));
  return { result, recorder, rules: [...new Set(own.map((f) => f.ruleId))].sort(), own, record: result.files.find((f) => f.path === name)! };
}

describe('numpy analyzer', () => {
  it.each([
    'float32_matrix.npy', 'structured_v2.npy', 'unicode_fields_v3.npy', 'fortran_bool.npy', 'datetime.npy', 'scalar.npy',
    'unicode_strings.npy', 'empty_array.npy', 'python2_long_shape.npy',
  ])('is quiet on %s, an ordinary numpy.save output (versions 1.0 to 3.0)', async (name) => {
    const { rules, record, recorder } = await scanFixture(name);
    expect(rules).toEqual([]);
    expect(record.status).toBe('scanned');
    expect(recorder.members).toEqual([]);
  });

  it('reports numpy/object-array as high and hands the pickle after the header to the engine', async () => {
    const { own, recorder, result } = await scanFixture('object_array.npy');
    expect(own.map((f) => [f.ruleId, f.severity, f.principle])).toEqual([['numpy/object-array', 'high', '1.3']]);
    expect(own[0]!.evidence).toBe("descr '|O', shape (2,)");
    expect(own[0]!.location.offset).toBe(128);
    expect(recorder.members.map((m) => [m.member, m.type])).toEqual([[OBJECT_PICKLE_MEMBER, 'pickle']]);
    expect(recorder.members[0]!.head).toContain('posix\nsystem');
    expect(result.findings.some((f) => f.ruleId === 'recorder/payload-seen' && f.location.member === OBJECT_PICKLE_MEMBER)).toBe(true);
  });

  it.each(['structured_object_field.npy', 'object_named_dtype.npy'])('finds the object dtype however it is spelled (%s)', async (name) => {
    const { rules, recorder } = await scanFixture(name);
    expect(rules).toEqual(['numpy/object-array']);
    expect(recorder.members.map((m) => m.type)).toEqual(['pickle']);
  });

  it('follows numpy on a repeated descr (the last one wins) and reports the repetition', async () => {
    const { rules, own } = await scanFixture('duplicate_descr.npy');
    expect(rules).toEqual(['numpy/malformed-header', 'numpy/object-array']);
    expect(own.find((f) => f.ruleId === 'numpy/malformed-header')!.message).toContain("repeats the key 'descr'");
  });

  it('reports extra bytes after the array as numpy/data-length-mismatch and scans them', async () => {
    const { rules, recorder, own } = await scanFixture('trailing_pickle.npy');
    expect(rules).toEqual(['numpy/data-length-mismatch']);
    expect(own[0]!.message).toMatch(/needs 8 bytes of data but \d+ more bytes follow/);
    expect(recorder.members.map((m) => [m.member, m.type])).toEqual([[TRAILING_DATA_MEMBER, 'pickle']]);
  });

  it('reports a data area shorter than shape x itemsize', async () => {
    const { own } = await scanFixture('truncated_data.npy');
    expect(own.map((f) => [f.ruleId, f.severity])).toEqual([['numpy/data-length-mismatch', 'medium']]);
    expect(own[0]!.evidence).toBe('expected 400 bytes, found 40');
  });

  it.each([
    ['header_past_eof.npy', /claims 5000 bytes/],
    ['bad_version.npy', /version 9\.0/],
    ['not_a_dict.npy', /is a list, not a dict/],
    ['missing_key.npy', /keys are 'descr', 'shape'/],
    ['negative_shape.npy', /negative dimension/],
  ])('reports numpy/malformed-header for %s', async (name, message) => {
    const { own, record } = await scanFixture(name);
    expect(own.map((f) => f.ruleId)).toEqual(['numpy/malformed-header']);
    expect(own[0]!.message).toMatch(message);
    expect(record.status).toBe('scanned');
  });

  it.each(['unknown_dtype.npy', 'unparsable_header.npy'])('never fails open when the dtype cannot be known (%s): malformed, inconclusive, data scanned', async (name) => {
    const { rules, record, recorder } = await scanFixture(name);
    expect(rules).toEqual(['numpy/malformed-header']);
    expect(record.status).toBe('inconclusive');
    expect(recorder.members.map((m) => [m.member, m.type])).toEqual([[ARRAY_DATA_MEMBER, 'pickle']]);
  });

  it('reads a .npy member of an archive (an .npz entry) the same way', async () => {
    const run = await runAnalyzer(numpyAnalyzer, { path: 'weights.npz', member: 'arr_0.npy', type: 'numpy' }, fixture('object_array.npy'));
    expect(run.findings.map((r) => r.ruleId)).toEqual(['numpy/object-array']);
    expect(run.members.map((m) => m.name)).toEqual([OBJECT_PICKLE_MEMBER]);
    expect(Buffer.from(run.members[0]!.bytes).subarray(0, 2)).toEqual(Buffer.from([0x80, 0x03]));
  });

  it('gives a clear verdict on a 0-byte member or a bare magic', async () => {
    for (const bytes of [new Uint8Array(0), Buffer.from('\x93NUMPY\x01\x00', 'latin1')]) {
      const run = await runAnalyzer(numpyAnalyzer, { path: 'a.npz', member: 'x.npy', type: 'numpy' }, bytes);
      expect(run.findings.map((f) => f.ruleId)).toEqual(['numpy/malformed-header']);
    }
  });

  const corpus = new URL('../../../../shared/corpus/models/', import.meta.url);
  it.runIf(existsSync(corpus))('on the shared corpus: numpy_float.npy is quiet, numpy_object_array.npy is high (skipped when ../shared is absent)', async () => {
    const result = await scan({
      'benign.npy': readFileSync(new URL('benign/numpy_float.npy', corpus)),
      'malicious.npy': readFileSync(new URL('malicious/numpy_object_array.npy', corpus)),
    });
    expect(result.findings.map((f) => [f.location.path, f.ruleId, f.severity])).toEqual([['malicious.npy', 'numpy/object-array', 'high']]);
  });
});
