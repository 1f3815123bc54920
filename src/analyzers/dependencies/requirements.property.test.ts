import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runOnText } from '../../../test/support/run-text.js';
import { dependenciesAnalyzer } from './analyzer.js';
import { parseRequirements } from './requirements.js';

/** Requirement-shaped soup: names, operators, markers, URLs, options, comments and continuations. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('torch', 'numpy', '==', '>=', '~=', '!=', '===', '<', ',', '*', '1.2.3', ';', ' ; ', 'python_version < "3.9"', '[extra]', '(', ')', '@', ' @ '),
      fc.constantFrom('git+https://', 'github.com/a/b.git', '@main', '#egg=x', '#sha256=ab', 'https://h/x/archive/main.zip', 'file:', './', '/', '~', 'C:\\'),
      fc.constantFrom('-e', '-r', '-c', '--hash=sha256:00', '--hash', '--index-url', '-i', '--pre', '-', '--', '=', ' ', '  ', '\t', '\n', '\r\n', '\\\n', '\\', '#', ' # c'),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('requirements parser on hostile input', () => {
  it('never throws, finishes quickly and gives positions inside the text', () => {
    fc.assert(
      fc.property(soup, (text) => {
        const started = Date.now();
        const parsed = parseRequirements(text);
        expect(Date.now() - started).toBeLessThan(500);
        const lines = text.split(/\r\n|\r|\n/);
        for (const requirement of parsed.requirements) {
          expect(requirement.line).toBeGreaterThanOrEqual(1);
          expect(requirement.line).toBeLessThanOrEqual(lines.length);
          expect(requirement.column).toBeGreaterThanOrEqual(1);
          expect(requirement.endColumn).toBeGreaterThanOrEqual(requirement.column);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('never throws on arbitrary bytes through the analyzer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), soup.map((text) => new TextEncoder().encode(text))), async (bytes) => {
        const run = await runOnText(dependenciesAnalyzer, 'requirements.txt', 'text', new TextDecoder().decode(bytes));
        for (const finding of run.findings) expect(finding.ruleId.startsWith('dependencies/')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('stays linear on huge and pathological lines', () => {
    for (const text of ['a' + '='.repeat(200_000), '\\\n'.repeat(100_000) + 'torch', `x @ git+https://h/${'@'.repeat(100_000)}`, ' '.repeat(300_000) + '#', 'pkg' + ','.repeat(100_000)]) {
      const started = Date.now();
      parseRequirements(text);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
