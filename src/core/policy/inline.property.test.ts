import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInlineDirectives } from './inline.js';

describe('parseInlineDirectives on arbitrary text', () => {
  it('never throws, and every directive points at a real line that holds it', () => {
    const text = fc.array(fc.oneof(fc.constantFrom('aigis: ignore[', 'aigis:ignore[a/b]', ']', ',', '\n', '\r\n', ' why', '#', '//', 'x/y'), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (input) => {
        const lines = input.split('\n');
        for (const directive of parseInlineDirectives(input)) {
          expect(directive.line).toBeGreaterThanOrEqual(1);
          expect(lines[directive.line - 1]).toMatch(/aigis:\s*ignore\[/);
          expect(directive.reason).not.toContain('\n');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
