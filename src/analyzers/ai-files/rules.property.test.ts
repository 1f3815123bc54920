import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { aiFilesAnalyzer } from './analyzer.js';
import { instructionColumn } from './rules/instructions-in-data.js';
import { promptSecrets } from './rules/secret-in-prompt.js';

const words = fc.constantFrom('ignore', 'all', 'previous', 'instructions', 'system', 'note', 'for', 'the', 'assistant', 'staff', 'override', 'code', ':', 'password', 'is', 'https://', 'a.internal', '10.0.0.1', '<|im_start|>', ' ', '\t', '-', '_', 'X1');

describe('ai-files line checks on arbitrary input', () => {
  it('never throw and return columns inside the line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.array(words, { maxLength: 80 }).map((w) => w.join(' '))), (line) => {
        const column = instructionColumn(line);
        if (column !== undefined) expect(column).toBeGreaterThanOrEqual(1);
        for (const secret of promptSecrets(line)) {
          expect(secret.column).toBeGreaterThanOrEqual(1);
          expect(secret.column).toBeLessThanOrEqual(line.length);
          expect(secret.evidence.length).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('stay fast on long near-miss lines (no catastrophic backtracking)', () => {
    const lines = [
      'staff '.repeat(20_000),
      'staff override '.repeat(5_000) + 'code',
      'ignore all of the '.repeat(5_000),
      'system note for '.repeat(5_000),
      `https://${'a.'.repeat(20_000)}`,
      `password: ${'x'.repeat(100_000)}`,
      ' \t'.repeat(50_000),
    ];
    for (const line of lines) {
      const started = performance.now();
      instructionColumn(line);
      promptSecrets(line);
      expect(performance.now() - started, line.slice(0, 30)).toBeLessThan(250);
    }
  });
});

describe('ai-files on arbitrary bytes', () => {
  it('reads any prompt or dataset file without throwing, reporting only at real lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('prompts/system.txt', 'data/faq.jsonl', 'datasets/x.csv'), fc.uint8Array({ maxLength: 2000 }), async (path, bytes) => {
        const run = await runAnalyzer(aiFilesAnalyzer, { path, type: 'text' }, bytes);
        const lines = new TextDecoder().decode(bytes).split(/\r?\n/).length;
        for (const finding of run.findings) {
          expect(finding.location.startLine).toBeGreaterThanOrEqual(1);
          expect(finding.location.startLine).toBeLessThanOrEqual(lines);
        }
        expect(run.assets).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
