import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from './json-depth.js';

const parsedDepth = (value: unknown): number =>
  value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(parsedDepth)) : 0;

describe('jsonDepth', () => {
  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth('{"a": "[[[{{", "b": "\\"[["}')).toBe(1);
    expect(jsonDepth('[[[]]]')).toBe(3);
    expect(jsonDepth('no json ]]] here')).toBe(0);
  });

  it('equals the nesting of any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
          expect(jsonDepth(JSON.stringify(value))).toBe(parsedDepth(value));
        }), { numRuns: 300 });
  });
});
