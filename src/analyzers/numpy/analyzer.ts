/**
 * @module numpy: `.npy` files and the `.npy` members of `.npz` archives. The header is parsed without
 * evaluating it; an object array's pickle, and any bytes the header does not account for, go back to the
 * engine as members so the analyzers for those formats scan them.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { expectedDataBytes, readNpy } from './npy-file.js';
import type { NumpyRule } from './rule.js';
import { dataLengthMismatch } from './rules/data-length-mismatch.js';
import { malformedHeader } from './rules/malformed-header.js';
import { objectArray } from './rules/object-array.js';

export const NUMPY_RULES: readonly NumpyRule[] = [objectArray, malformedHeader, dataLengthMismatch];

export const OBJECT_PICKLE_MEMBER = '<object array pickle>';
export const ARRAY_DATA_MEMBER = '<array data>';
export const TRAILING_DATA_MEMBER = '<trailing data>';

export const numpyAnalyzer = defineAnalyzer({
  id: 'numpy',
  version: '1',
  description: 'Parses .npy headers (also inside .npz): object arrays that unpickle on load, malformed headers, data that does not match the shape.',
  rules: NUMPY_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  fileTypes: ['numpy'],
  async analyzeFile(file, context) {
    const npy = readNpy(file.source);
    for (const rule of NUMPY_RULES) rule.check(npy, file.size, (report) => context.report(rule.meta, report));
    const { dataOffset } = npy;
    if (dataOffset === undefined || dataOffset > file.size) return;
    const rest = file.source.slice(dataOffset, file.size - dataOffset);
    if (npy.dtype?.kind === 'known' && npy.dtype.hasObject) {
      // numpy.load hands everything after the header to pickle.load.
      await context.emitMember(OBJECT_PICKLE_MEMBER, rest);
      return;
    }
    if (npy.unreadable !== undefined) {
      // Never fail open: the data may be a pickle, so it is sniffed and scanned like any member.
      context.inconclusive(`${npy.unreadable}; the data after the header was scanned as an unknown member`);
      await context.emitMember(ARRAY_DATA_MEMBER, rest);
      return;
    }
    const expected = expectedDataBytes(npy);
    if (expected !== undefined && BigInt(rest.size) > expected) {
      const end = dataOffset + Number(expected);
      await context.emitMember(TRAILING_DATA_MEMBER, file.source.slice(end, file.size - end));
    }
  },
});
