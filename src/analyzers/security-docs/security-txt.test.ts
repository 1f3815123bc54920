import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiryTime, parseSecurityTxt } from './security-txt.js';

describe('parseSecurityTxt', () => {
  it('reads Contact and Expires, case-insensitively, with lines', () => {
    const facts = parseSecurityTxt('# comment\ncontact: mailto:a@b.test\nCONTACT: https://b.test/report\nExpires: 2030-01-01T00:00:00Z\n');
    expect(facts).toEqual({ contacts: ['mailto:a@b.test', 'https://b.test/report'], expiresCount: 1, problems: [], expires: { value: '2030-01-01T00:00:00Z', line: 4 } });
  });

  it('accepts only RFC 3339 date-times as expiry', () => {
    expect(expiryTime('2030-01-01T00:00:00Z')).toBe(Date.UTC(2030, 0, 1));
    expect(expiryTime('2030-01-01T00:00:00+02:00')).toBe(Date.UTC(2029, 11, 31, 22));
    for (const bad of ['2030-01-01', 'tomorrow', '2030-13-01T00:00:00Z', '']) expect(expiryTime(bad)).toBeUndefined();
  });

  it('never throws on arbitrary text, and reports problems only at lines that exist', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const facts = parseSecurityTxt(text);
        const lineCount = text.split(/\r?\n/).length;
        for (const problem of facts.problems) expect(problem.line).toBeLessThanOrEqual(lineCount);
        expect(facts.expiresCount).toBeGreaterThanOrEqual(facts.expires ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });
});
