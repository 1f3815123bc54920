import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCard, parseCard } from './card.js';

const FRAGMENTS = ['---\n', '...\n', 'license: mit\n', 'base_model: [a, b]\n', '- x\n', 'a: &x [1]\nb: *x\n', '  bad: indent\n', '## Limitations\n', '## Intended uses\n', '```\n', '~~~\n', '#\n', ': :\n', '"\n', '\t\n', '\u0000', '\ud800', 'é', '\r\n', 'model-index:\n  - results: [{metrics: [{type: acc}]}]\n'];

describe('model card parser', () => {
  it('never throws and finishes quickly on arbitrary and card-like text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 600 }), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''))), (text) => {
        const started = Date.now();
        const card = parseCard(text);
        expect(Date.now() - started).toBeLessThan(500);
        if (card.problem) expect(card.problem.line).toBeGreaterThanOrEqual(1);
        for (const value of Object.values(card.fields)) expect(value.length).toBeLessThanOrEqual(300);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes arbitrary bytes without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const decoded = decodeCard(bytes);
        parseCard(decoded.text);
      }),
      { numRuns: 300 },
    );
  });

  it('reports the line of an error inside the front matter, counted in the whole card', () => {
    fc.assert(
      fc.property(fc.nat(20), (padding) => {
        const text = `---\n${'k: v\n'.repeat(0)}${Array.from({ length: padding }, (_, i) => `key${i}: ${i}`).join('\n')}${padding ? '\n' : ''}broken: [\n---\n# M\n`;
        const card = parseCard(text);
        expect(card.problem?.line).toBeGreaterThanOrEqual(padding + 2);
        expect(card.problem!.line).toBeLessThanOrEqual(padding + 3);
      }),
      { numRuns: 21 },
    );
  });
});
