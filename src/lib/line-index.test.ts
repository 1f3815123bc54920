import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';

describe('LineIndex', () => {
  it('gives 1-based lines and columns, and ranges with an exclusive end', () => {
    const index = new LineIndex('ab\ncd\n\nef');
    expect(index.at(0)).toEqual({ line: 1, column: 1 });
    expect(index.at(3)).toEqual({ line: 2, column: 1 });
    expect(index.at(7)).toEqual({ line: 4, column: 1 });
    expect(index.range(3, 5)).toEqual({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 3 });
  });

  it('agrees with counting the newlines before the offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', 'é') }), fc.nat(), (text, n) => {
        const offset = text.length === 0 ? 0 : n % (text.length + 1);
        const before = text.slice(0, offset);
        expect(new LineIndex(text).at(offset)).toEqual({ line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 });
      }),
      { numRuns: 300 },
    );
  });
});
