import { describe, expect, it } from 'vitest';
import { interpretDescr } from './dtype.js';
import { parsePyLiteral } from './python-literal.js';

const verdict = (descr: string) => interpretDescr(parsePyLiteral(descr, { allowLongSuffix: false }));

describe('interpretDescr', () => {
  it('matches numpy.dtype itemsize and hasobject for the spellings numpy accepts', () => {
    // Expected values from numpy 2.4: numpy.dtype(s).itemsize, numpy.dtype(s).hasobject
    const cases: [string, number, boolean][] = [
      ["'<f4'", 4, false], ["'|O'", 8, true], ["'O'", 8, true], ["'O8'", 8, true], ["'object'", 8, true],
      ["'|b1'", 1, false], ["'f'", 4, false], ["'float32'", 4, false], ["'<U5'", 20, false], ["'|S3'", 3, false],
      ["'|V8'", 8, false], ["'<M8[ns]'", 8, false], ["'m8'", 8, false], ["'f4,i4'", 8, false], ["'f4,O'", 12, true],
      ["'T'", 16, true], ["'l'", 8, false], ["'g'", 16, false], ["'G'", 32, false], ["'c32'", 32, false], ["'a5'", 5, false],
      ["'>i2'", 2, false], ["'=i4'", 4, false], ["'e'", 2, false], ["'<f16'", 16, false], ["'|u1'", 1, false],
      ["b'<f8'", 8, false],
    ];
    for (const [descr, itemsize, hasObject] of cases) expect([descr, verdict(descr)]).toEqual([descr, { kind: 'known', itemsize: BigInt(itemsize), hasObject }]);
  });

  it('sizes structured dtypes with subarrays, padding and titles, and finds an object field anywhere', () => {
    expect(verdict("[('a', '<f4'), ('', '|V4'), ('b', '|O', (2,))]")).toEqual({ kind: 'known', itemsize: 24n, hasObject: true });
    expect(verdict("[(('Title', 'x'), '<i8'), ('nested', [('y', '<f2', (3, 2))])]")).toEqual({ kind: 'known', itemsize: 20n, hasObject: false });
    expect(verdict("('<f4', (2, 3))")).toEqual({ kind: 'known', itemsize: 24n, hasObject: false });
    expect(verdict("[('deep', [('deeper', [('o', 'O')])])]")).toEqual({ kind: 'known', itemsize: 8n, hasObject: true });
  });

  it('calls descriptors numpy refuses invalid', () => {
    for (const descr of ['None', '3', "{'names': ['a']}", "[('a',)]", "[(1, '<f4')]", "('<f4', (-1,))", "('<f4', 2, 3)"]) {
      expect([descr, verdict(descr).kind]).toEqual([descr, 'invalid']);
    }
  });

  it('calls spellings it does not know unrecognised, never known', () => {
    for (const descr of ["'zz9'", "'<i16'", "'constructor'", "'toString'", "'f4[ns]'", "'<x4'"]) {
      expect([descr, verdict(descr).kind]).toEqual([descr, 'unrecognised']);
    }
  });
});
