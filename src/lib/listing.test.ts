import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, listSome } from './listing.js';

describe('listSome', () => {
  it('names distinct items, then counts the rest', () => {
    expect(listSome([])).toBe('');
    expect(listSome(['a', 'b', 'a'])).toBe('a, b');
    expect(listSome(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
});

describe('clip', () => {
  it('keeps short text and cuts long text to exactly the limit, ending in an ellipsis', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('0123456789abc', 10)).toBe('012345678…');
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 50 }), (text, max) => {
        const out = clip(text, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 0));
        if (text.length <= max) expect(out).toBe(text);
        else expect(out.endsWith('…')).toBe(true);
      }),
    );
  });
});
