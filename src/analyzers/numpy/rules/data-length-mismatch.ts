import { expectedDataBytes } from '../npy-file.js';
import type { NumpyRule } from '../rule.js';

export const dataLengthMismatch: NumpyRule = {
  meta: {
    id: 'numpy/data-length-mismatch',
    title: 'NumPy array data does not match its shape and dtype',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-130'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The bytes after the header do not match shape x itemsize. Too few bytes mean a truncated or lying file ' +
      '(numpy fails to load it). Extra bytes are ignored by `numpy.load` but can carry a second payload, such ' +
      'as an appended pickle or archive that another reader picks up; aigis scans those bytes as well.',
    fix:
      'Re-download or regenerate the array from a trusted source with `numpy.save`, and check its hash against ' +
      'the publisher. Prefer safetensors for weights.',
  },
  check(npy, size, report) {
    const expected = expectedDataBytes(npy);
    if (expected === undefined || npy.dataOffset === undefined) return;
    const actual = BigInt(size - npy.dataOffset);
    if (actual === expected) return;
    const shape = `shape (${npy.shape!.join(', ')}) of ${npy.descr}`;
    report({
      message: actual < expected
        ? `The ${shape} needs ${expected} bytes of data but the file holds only ${actual}: it is truncated or its header lies.`
        : `The ${shape} needs ${expected} bytes of data but ${actual - expected} more bytes follow it: numpy ignores them, another reader may not.`,
      evidence: `expected ${expected} bytes, found ${actual}`,
      position: { offset: actual < expected ? npy.dataOffset : npy.dataOffset + Number(expected) },
    });
  },
};
