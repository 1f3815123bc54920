import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileCandidate } from '../../core/analyzer.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { chatTemplateAnalyzer } from './analyzer.js';

const folder = new URL('../../../test/fixtures/chat-template/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, folder));
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function scanFiles(files: Record<string, Uint8Array>) {
  const root = makeTree(files);
  roots.push(root);
  const result = await scanTree(root, [chatTemplateAnalyzer]);
  return { result, findings: result.findings.map((f) => [f.location.path, f.ruleId, f.severity]) };
}

/** A template as a GGUF analyzer hands it over: a member named after its metadata key. */
const asMember = (bytes: Uint8Array, key = 'tokenizer.chat_template') => runAnalyzer(chatTemplateAnalyzer, { path: 'model.gguf', member: key, type: 'text' }, bytes);

describe('chat-template analyzer', () => {
  const benign = readdirSync(new URL('benign/', folder));
  it.each(benign)('is quiet on the real template %s, as a .jinja file and as a GGUF value', async (name) => {
    const { findings, result } = await scanFiles({ 'model/chat_template.jinja': fixture(`benign/${name}`) });
    expect(findings).toEqual([]);
    expect(result.files[0]!.status).toBe('scanned');
    const run = await asMember(fixture(`benign/${name}`));
    expect([run.findings, run.inconclusive]).toEqual([[], []]);
  });

  it.each([
    ['llama3_with_payload.jinja', ['__globals__'], "lipsum.__globals__['os'].popen('true').read()", 'lipsum'],
    ['attr_concat.jinja', ['__class__', '__base__', '__subclasses__'], "''|attr(u ~ 'class' ~ u)", undefined],
    ['format_field.jinja', ['__init__', '__globals__'], "'{0.__init__.__globals__[os]}'.format(cycler)", undefined],
    ['join_filter.jinja', ['__globals__'], "['__glo', 'bals__']|join", undefined],
    ['hex_escapes.jinja', ['__init__', '__globals__'], "joiner|attr('__init__')", 'joiner'],
    ['namespace_accumulator.jinja', ['__globals__'], "['__', 'glo', 'bals', '__']", undefined],
    ['set_block.jinja', ['__globals__'], 'set n = ...', undefined],
    ['map_attribute.jinja', ['__init__', '__globals__'], "[cycler]|map(attribute='__init__.__globals__')|list", undefined],
  ])('reports chat-template/sandbox-escape (critical) for %s', async (name, names, evidence, gadget) => {
    const run = await asMember(fixture(`malicious/${name}`));
    const escapes = run.findings.filter((r) => r.ruleId === 'chat-template/sandbox-escape');
    expect(escapes.length).toBeGreaterThan(0);
    expect(escapes.every((r) => r.severity === 'critical')).toBe(true);
    const reached = escapes.flatMap((r) => /internals \(([^)]*)\)/.exec(r.message)![1]!.split(', '));
    for (const n of names) expect(reached).toContain(n);
    expect(escapes.map((r) => r.evidence).join('\n')).toContain(evidence);
    if (gadget) expect(escapes.some((r) => r.message.includes(`Jinja global '${gadget}'`))).toBe(true);
    expect(run.inconclusive).toEqual([]);
  });

  it.each(['cve_2024_34359.jinja', 'octal_escapes.jinja'])('falls back to the token scan for %s, which the parser cannot read: critical and inconclusive', async (name) => {
    const { result, findings } = await scanFiles({ 'model/chat_template.jinja': fixture(`malicious/${name}`) });
    expect(findings).toEqual([['model/chat_template.jinja', 'chat-template/sandbox-escape', 'critical']]);
    expect(result.files[0]!.status).toBe('inconclusive');
    expect(result.files[0]!.reason).toMatch(/could not be parsed .*token by token/);
    expect(result.findings[0]!.location.startLine).toBe(1);
  });

  it.each([
    ['attr_from_message.jinja', '|attr(...) with a name computed at render time'],
    ['private_attribute.jinja', "private attribute '._raw'"],
  ])('reports chat-template/suspicious-attribute-access (high) for %s', async (name, detail) => {
    const run = await asMember(fixture(`malicious/${name}`));
    expect(run.findings.map((r) => [r.ruleId, r.severity])).toEqual([['chat-template/suspicious-attribute-access', 'high']]);
    expect(run.findings[0]!.message).toContain(detail);
  });

  it('stays quiet on look-alikes: fixed keys, keys folded to harmless names, attribute filters on plain fields', async () => {
    const template = "{% for key in ['role', 'content'] %}{{ message[key] }}{% endfor %}{{ message['con' ~ 'tent'] }}{{ messages|map(attribute='content')|join }}{{ x|attr('content') }}{{ '%s: %s'|format(a, b) }}{{ '__' }}{{ '<__media__>' ~ '\\n' }}{{ ['<__', 'image', '__>']|join }}";
    const run = await asMember(Buffer.from(template));
    expect(run.findings).toEqual([]);
  });

  it('positions findings: lines in .jinja files, byte offsets inside GGUF members', async () => {
    const template = Buffer.from("{{ 'é' }}\n{{ lipsum.__globals__ }}");
    const { result } = await scanFiles({ 'm/chat_template.jinja': template });
    expect(result.findings[0]!.location).toMatchObject({ startLine: 2, startColumn: 11 });
    const run = await asMember(template);
    expect(run.findings[0]!.location).toEqual({ path: 'model.gguf', member: 'tokenizer.chat_template', offset: Buffer.byteLength("{{ 'é' }}\n{{ lipsum.") });
  });

  describe('tokenizer and processor configs', () => {
    it.each(['tokenizer_config.llama3.json', 'tokenizer_config.named.json', 'tokenizer_config.no_template.json'])('is quiet on %s', async (name) => {
      const { findings, result } = await scanFiles({ 'model/tokenizer_config.json': fixture(`configs/${name}`) });
      expect(findings).toEqual([]);
      expect(result.files[0]!.status).toBe('scanned');
    });

    it('is quiet on chat_template.json and processor_config.json', async () => {
      const { findings } = await scanFiles({ 'm/chat_template.json': fixture('configs/chat_template.json'), 'm/processor_config.json': fixture('configs/processor_config.json') });
      expect(findings).toEqual([]);
    });

    it.each([
      ['tokenizer_config.ssti.json', 'model/tokenizer_config.json', 'chat_template'],
      ['tokenizer_config.named_ssti.json', 'model/tokenizer_config.json', "chat_template 'rag'"],
      ['tokenizer_config.escaped_ssti.json', 'model/tokenizer_config.json', 'chat_template'],
      ['processor_config.ssti.json', 'model/processor_config.json', 'chat_template'],
    ])('reports the template injection in %s, naming which template', async (name, path, label) => {
      const { findings, result } = await scanFiles({ [path]: fixture(`configs/${name}`) });
      expect([...new Set(findings.map((f) => f.join(' ')))]).toEqual([`${path} chat-template/sandbox-escape critical`]);
      expect(result.findings.every((f) => f.message.startsWith(`The ${label} `))).toBe(true);
    });

    it('checks a config that is not valid JSON token by token and marks it inconclusive', async () => {
      const { findings, result } = await scanFiles({ 'model/tokenizer_config.json': fixture('configs/tokenizer_config.broken.json') });
      expect(findings).toEqual([['model/tokenizer_config.json', 'chat-template/sandbox-escape', 'critical']]);
      expect(result.files[0]!.status).toBe('inconclusive');
    });
  });

  it('claims chat templates by where they live, and leaves other Jinja files alone', () => {
    const claims = (file: Partial<FileCandidate>) => chatTemplateAnalyzer.claims!({ path: 'x', type: 'text', size: 10, ...file }, {});
    expect(claims({ path: 'model/chat_template.jinja' })).toBe(true);
    expect(claims({ path: 'model/additional_chat_templates/tool_use.jinja' })).toBe(true);
    expect(claims({ path: 'llama3_chat_template.j2' })).toBe(true);
    expect(claims({ path: 'model/tokenizer_config.json', type: 'json' })).toBe(true);
    expect(claims({ path: 'm.gguf', member: 'tokenizer.chat_template.tool_use' })).toBe(true);
    expect(claims({ path: 'a.zip', member: 'm/model.gguf!tokenizer.chat_template', type: 'binary' })).toBe(true);
    expect(claims({ path: 'app/templates/index.html.jinja' })).toBe(false);
    expect(claims({ path: 'config.json', type: 'json' })).toBe(false);
    expect(claims({ path: 'model/tokenizer_config.json', type: 'pickle' })).toBe(false);
    expect(claims({ path: 'm.gguf', member: 'tokenizer.chat_template', type: 'empty' })).toBe(false);
  });

  it('has nothing to say about an empty template or config', async () => {
    expect(await asMember(new Uint8Array(0))).toEqual({ findings: [], inconclusive: [], notes: [], assets: [], members: [] });
    const run = await runAnalyzer(chatTemplateAnalyzer, { path: 'm/tokenizer_config.json', type: 'json' }, Buffer.from('{}'));
    expect(run).toEqual({ findings: [], inconclusive: [], notes: [], assets: [], members: [] });
  });

  it('never renders: a template that would loop forever or recurse is only parsed', async () => {
    const run = await asMember(Buffer.from('{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}{% for i in range(10**12) %}x{% endfor %}'));
    expect(run.findings).toEqual([]);
  });
});
