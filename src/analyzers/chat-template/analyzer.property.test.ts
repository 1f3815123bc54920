import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { chatTemplateAnalyzer } from './analyzer.js';

const folder = new URL('../../../test/fixtures/chat-template/', import.meta.url);
const templates = ['benign', 'malicious'].flatMap((kind) => readdirSync(new URL(`${kind}/`, folder)).map((name) => readFileSync(new URL(`${kind}/${name}`, folder))));
const ownRules = new Set(chatTemplateAnalyzer.rules.map((r) => r.id));

const asMember = (bytes: Uint8Array) => runAnalyzer(chatTemplateAnalyzer, { path: 'model.gguf', member: 'tokenizer.chat_template', type: 'text' }, bytes);

/** Template-shaped token soup: delimiters, names, strings, operators, filters. */
const soup = fc.array(
  fc.oneof(
    fc.constantFrom('{{', '}}', '{%', '%}', '{#', '#}', '{%-', '-%}', '(', ')', '[', ']', '{', '}', ',', '.', ':', '|', '~', '+', '*', '%', '=', ' ', '\n', 'if', 'for', 'in', 'set', 'endif', 'endfor', 'macro', 'endmacro', 'not', 'is', 'attr', 'join', 'format', 'namespace', '__class__', '__globals__', 'lipsum', '"', "'", '\\', '1', '-1'),
    fc.stringMatching(/^[a-z_]{1,6}$/),
    fc.string({ maxLength: 6 }).map((s) => `'${s}'`),
  ),
  { maxLength: 80 },
).map((parts) => parts.join(''));

/** A real fixture, damaged: truncated, flipped, spliced, huge lengths written over fields. */
const damaged = (files: readonly Uint8Array[]) => fc.tuple(fc.constantFrom(...files), mutations).map(([file, applied]) => mutate(file, applied));

describe('chat-template analyzer on hostile templates', () => {
  it('never throws, never hangs and reports only its own rules on template-shaped soup', async () => {
    await fc.assert(
      fc.asyncProperty(soup, async (template) => {
        const started = Date.now();
        const run = await asMember(Buffer.from(template));
        expect(Date.now() - started).toBeLessThan(2000);
        for (const report of run.findings) expect(ownRules.has(report.ruleId)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on damaged real templates or arbitrary bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(damaged(templates), fc.uint8Array({ maxLength: 400 })), async (bytes) => void (await asMember(bytes))), { numRuns: 800 });
  });

  it('reports a template that only the fallback can read as inconclusive, never as clean', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('{{ ().__class__ }}', "{{ x['\\137\\137class\\137\\137'] }}", '{% raw %}{% endraw %}{{ x.__globals__ }}'), async (template) => {
        const run = await asMember(Buffer.from(template));
        expect(run.inconclusive.length).toBe(1);
        expect(run.findings.map((r) => r.ruleId)).toEqual(['chat-template/sandbox-escape']);
      }),
      { numRuns: 3 },
    );
  });

  it('survives nesting deep enough to overflow the parser, and whitespace that would make its preprocessing quadratic', async () => {
    for (const template of ['{{ ' + '('.repeat(100_000) + 'x' + ')'.repeat(100_000) + '.__class__ }}', '{{ ' + '['.repeat(200_000), ' '.repeat(1_000_000) + '{{ x.__globals__ }}']) {
      const started = Date.now();
      const run = await asMember(Buffer.from(template));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(run.inconclusive.length).toBe(1);
    }
  });

  it('handles lists longer than a call takes arguments, and fifty thousand distinct dunder names', async () => {
    const list = await asMember(Buffer.from(`{{ x|attr([${"'a', ".repeat(150_000)}'__class__']|last) }}`));
    expect(list.findings.map((f) => f.ruleId)).toEqual(['chat-template/sandbox-escape']);
    const names = await asMember(Buffer.from(`{{ x.${Array.from({ length: 50_000 }, (_, i) => `__a${i}__`).join('.')} }}{% raw %}`));
    expect(names.findings.map((f) => f.ruleId)).toEqual(['chat-template/sandbox-escape']);
    expect(names.inconclusive).toHaveLength(1);
  });

  it('folds long concatenation chains without recursing down them', async () => {
    const run = await asMember(Buffer.from(`{{ x|attr(${Array.from({ length: 50_000 }, () => "''").join(' ~ ')} ~ '__class__') }}`));
    expect(run.findings.map((r) => r.ruleId)).toContain('chat-template/sandbox-escape');
  });
});
