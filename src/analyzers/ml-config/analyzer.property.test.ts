import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileType } from '../../core/file-type.js';
import { runOnText } from '../../../test/support/run-text.js';
import { mlConfigAnalyzer } from './analyzer.js';
import { readJsonTree, readYamlTree } from './tree.js';

const ownRules = new Set(mlConfigAnalyzer.rules.map((r) => r.id));

/** YAML- and JSON-shaped soup with the keys and values the rules look at. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('model:', 'base_model:', 'datasets:', 'revision:', 'dataset_name:', '- path:', 'model_revision:', '"model":', '"token": ""', '"ServerApp":', 'c.ServerApp.token = ', "''"),
      fc.constantFrom(' meta-llama/Llama-2-7b-hf', ' data/x', ' 0123456789abcdef0123456789abcdef01234567', ' main', ' &a', ' *a', ' !!python/object', ' |', ' >-', ' ?', ' {', ' }', ' [', ' ]', ', ', '"', "'", '#'),
      fc.constantFrom('\n', '\n  ', '\n    ', '\n- ', '\t', '---\n', '...\n', '\r\n'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('ml-config on hostile input', () => {
  it('never throws, finishes quickly and reports only its own rules, as YAML, JSON or a Jupyter Python config', async () => {
    const cases: [string, FileType][] = [['train.yaml', 'yaml'], ['config.json', 'json'], ['jupyter_server_config.json', 'json'], ['jupyter_server_config.py', 'python']];
    await fc.assert(
      fc.asyncProperty(soup, fc.constantFrom(...cases), async (text, [path, type]) => {
        const started = Date.now();
        const run = await runOnText(mlConfigAnalyzer, path, type, text);
        expect(Date.now() - started).toBeLessThan(500);
        for (const finding of run.findings) {
          expect(ownRules.has(finding.ruleId)).toBe(true);
          expect(finding.location.startLine).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom<FileType>('yaml', 'json'), async (bytes, type) => {
        await runOnText(mlConfigAnalyzer, `cfg.${type}`, type, `model: a/b\n${new TextDecoder().decode(bytes)}`);
      }),
      { numRuns: 200 },
    );
  });

  it('does not expand aliases, and refuses nesting deep enough to overflow a recursive parser', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'model: acme/x'].join('\n');
    let started = Date.now();
    expect(readYamlTree(laughs).roots).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const deep of ['['.repeat(100_000), '{"a":'.repeat(50_000), Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')]) {
      started = Date.now();
      expect(readJsonTree(deep).problem ?? readYamlTree(deep).problem).toBeDefined();
      expect(readYamlTree(deep).problem).toBeDefined();
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });
});
