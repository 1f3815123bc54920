import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, comparePosixPaths, isUnder, normalizePosix, parseShardName } from './paths.js';

const segment = fc.oneof(fc.constantFrom('a', 'b', 'B', 'a-b', 'a.txt', 'a0', '.', '日本', '\u{1F600}', '\uFFFD'), fc.string({ minLength: 1, maxLength: 4, unit: 'binary' }).filter((s) => !s.includes('/')));
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

/** Python's order, spelled out: tuples of components, each a sequence of code points. */
function pythonOrder(a: string, b: string): number {
  const parts = (p: string) => p.split('/').filter((x) => x !== '' && x !== '.').map((x) => [...x].map((c) => c.codePointAt(0)!));
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    for (let j = 0; j < Math.min(p.length, q.length); j++) if (p[j] !== q[j]) return p[j]! < q[j]! ? -1 : 1;
    if (p.length !== q.length) return p.length < q.length ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

describe('path order (property)', () => {
  it('agrees with Python tuple-of-components order and is antisymmetric', () => {
    fc.assert(
      fc.property(path, path, (a, b) => {
        expect(Math.sign(comparePosixPaths(a, b))).toBe(pythonOrder(a, b));
        expect(Math.sign(comparePosixPaths(b, a)) + Math.sign(comparePosixPaths(a, b))).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('compares strings by code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const expected = pythonOrder(a.replace(/\//g, ''), b.replace(/\//g, ''));
        if (a.includes('/') || b.includes('/') || a.includes('.') || b.includes('.')) return;
        expect(Math.sign(compareCodePoints(a, b))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('shard names and ignores', () => {
  it('parses path:start:end and refuses anything else', () => {
    expect(parseShardName('w.bin:0:1000')).toEqual({ path: 'w.bin', start: 0, end: 1000 });
    expect(parseShardName('./d//w.bin:10:20')).toEqual({ path: 'd/w.bin', start: 10, end: 20 });
    for (const bad of ['w.bin', 'a:b:0:1', 'w.bin:1:0', 'w.bin:-1:3', 'w.bin:1e3:2e3', 'w.bin:0:99999999999999999999']) expect([bad, parseShardName(bad)]).toEqual([bad, undefined]);
    fc.assert(fc.property(fc.string(), (text) => { parseShardName(text); }), { numRuns: 300 });
  });

  it('ignores a path and everything under it, never a sibling with the same prefix', () => {
    expect(isUnder('ignore-me', 'ignore-me')).toBe(true);
    expect(isUnder('ignore-me/x/y', 'ignore-me/')).toBe(true);
    expect(isUnder('ignore-me2', 'ignore-me')).toBe(false);
    expect(isUnder('.github/workflows/ci.yml', '.github')).toBe(true);
    expect(normalizePosix('a//b/./c/')).toBe('a/b/c');
    expect(normalizePosix('')).toBe('.');
  });
});
