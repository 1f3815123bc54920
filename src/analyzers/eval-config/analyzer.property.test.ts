import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileType } from '../../core/file-type.js';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { evalConfigAnalyzer } from './analyzer.js';
import { detectJavaScript, detectJson, detectPythonImports, detectYaml, yamlOutline } from './detect.js';

const CONFIG = Buffer.from(
  [
    '# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json',
    'prompts: [file://prompts/system.txt]',
    'providers:',
    '  - openai:gpt-4o-mini',
    'redteam:',
    '  plugins: [harmful, "pii:direct"]',
    '  strategies: {jailbreak: true}',
    'plugins:',
    '  probe_spec: dan',
    'tests:',
    '  - vars: {q: hi}',
  ].join('\n'),
);

/** YAML-, JSON- and Python-shaped soup. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('redteam:', 'plugins:', 'prompts:', 'providers:', 'tests:', 'probe_spec:', 'run:', 'generations:', '  ', '- ', '\n', '{', '}', '[', ']', ':', '"', "'", '#', '---\n', '%YAML 1.2\n', 'from ', 'import ', 'pyrit', 'art.attacks', ' promptfoo', 'require(', '\r\n', '\t'),
      fc.stringMatching(/^[a-z_.$-]{1,8}$/),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('eval-config detection on hostile input', () => {
  it('never throws and finishes quickly on soup, damaged configs and arbitrary bytes, for every claimed type', async () => {
    const types: FileType[] = ['yaml', 'json', 'python', 'notebook', 'javascript'];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(soup.map((s) => Buffer.from(s)), fc.tuple(fc.constant(CONFIG), mutations).map(([file, applied]) => mutate(file, applied)), fc.uint8Array({ maxLength: 300 })),
        fc.constantFrom(...types),
        async (bytes, type) => {
          const started = Date.now();
          const text = Buffer.from(bytes).toString('utf8');
          yamlOutline(text);
          for (const found of [...detectYaml('promptfooconfig.yaml', text), ...detectJson('x.json', text), ...detectPythonImports(text, type === 'notebook'), ...detectJavaScript('x.js', text)]) {
            expect(found.line).toBeGreaterThanOrEqual(1);
          }
          const run = await runAnalyzer(evalConfigAnalyzer, { path: `evals/config.${type}`, type }, bytes);
          expect(run.findings).toEqual([]);
          expect(Date.now() - started).toBeLessThan(1000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stays fast on huge and pathological files', async () => {
    const inputs: [FileType, string][] = [
      ['yaml', `redteam: {${'a: '.repeat(200_000)}`],
      ['yaml', 'plugins:\n' + `  ${'x'.repeat(1_000)}: 1\n`.repeat(600)],
      ['yaml', `${'k'.repeat(400_000)}:`],
      ['json', '['.repeat(200_000)],
      ['json', JSON.stringify({ plugins: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])) })],
      ['python', 'import '.repeat(20_000)],
      ['javascript', `import ${'a, '.repeat(30_000)} from 'x'\n`.repeat(2)],
      ['notebook', `"${' '.repeat(200_000)}`],
    ];
    for (const [type, text] of inputs) {
      const started = Date.now();
      const run = await runAnalyzer(evalConfigAnalyzer, { path: `x.${type}`, type }, Buffer.from(text));
      expect(run.findings).toEqual([]);
      expect(Date.now() - started).toBeLessThan(1500);
    }
  });
});
