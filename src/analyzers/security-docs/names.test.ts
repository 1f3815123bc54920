import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Asset } from '../../core/asset.js';
import { mentionsTerm, nameableAssets, namesAsset, type NameTerm } from './names.js';

const asset = (kind: Asset['kind'], name: string, properties?: Record<string, string>, line = 1): Asset => ({
  kind,
  name,
  location: { path: 'app.py', startLine: line },
  ...(properties ? { properties } : {}),
});

const bare = (term: string): NameTerm => ({ term, afterSlash: false });
const full = (term: string): NameTerm => ({ term, afterSlash: true });

describe('mentionsTerm', () => {
  it.each([
    ['we call gpt-4o for answers.', 'gpt-4o', true],
    ['we call `gpt-4o`.', 'gpt-4o', true],
    ['(gpt-4o)', 'gpt-4o', true],
    ['we call gpt-4o-mini for answers', 'gpt-4o', false],
    ['we call gpt-4o.1 for answers', 'gpt-4o', false],
    ['llama-3.1-8b', 'llama-3', false],
    ['mygpt-4o', 'gpt-4o', false],
    ['x-gpt-4o', 'gpt-4o', false],
    ['gpt-4o_v2', 'gpt-4o', false],
    ['huggingface.co/acme-ai/intent-classifier', 'acme-ai/intent-classifier', true],
    ['other-org/intent-classifier', 'intent-classifier', false],
    ['./intent-classifier', 'intent-classifier', true],
    ['the intent-classifier model', 'intent-classifier', true],
    ['the intent-classifier-v2 fork', 'intent-classifier', false],
    ['openai/gpt-4o', 'openai', true],
  ])('%s names %s: %s', (text, term, expected) => {
    expect(mentionsTerm(text, term.includes('/') ? full(term) : bare(term))).toBe(expected);
  });

  it('lets a model family run on into a version, and asks MCP server names to stand beside "mcp"', () => {
    expect(mentionsTerm('claude-3-opus answers', { term: 'claude', afterSlash: false, prefix: true })).toBe(true);
    expect(mentionsTerm('gpt4 answers', { term: 'gpt', afterSlash: false, prefix: true })).toBe(true);
    expect(mentionsTerm('gpts answer', { term: 'gpt', afterSlash: false, prefix: true })).toBe(false);
    const server: NameTerm = { term: 'filesystem', afterSlash: false, nearMcp: true };
    expect(mentionsTerm('the filesystem is encrypted', server)).toBe(false);
    expect(mentionsTerm('the filesystem mcp server can read ~/', server)).toBe(true);
  });

  it('never throws and stays fast on arbitrary text and terms', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 20 }), fc.boolean(), fc.boolean(), (text, term, prefix, nearMcp) => {
        const found = mentionsTerm(text.toLowerCase(), { term: term.toLowerCase(), afterSlash: true, prefix, nearMcp });
        expect(typeof found).toBe('boolean');
      }),
      { numRuns: 500 },
    );
    // A name that occurs everywhere but never as a whole word, in the largest text kept.
    const text = 'xmcpx '.repeat(45_000).slice(0, 256 * 1024);
    const started = performance.now();
    expect(mentionsTerm(text, { term: 'mcp', afterSlash: false, nearMcp: true })).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('finds a name surrounded by spaces in any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.stringMatching(/^[a-z][a-z0-9-]{1,15}[a-z0-9]$/), fc.string({ maxLength: 100 }), (before, name, after) => {
        expect(mentionsTerm(`${before} ${name} ${after}`.toLowerCase(), bare(name))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('nameableAssets', () => {
  it('groups services by provider with the models called, one entry per model and tool, and skips other kinds', () => {
    const items = nameableAssets(
      [
        asset('service', 'openai', { sdk: 'openai' }, 5),
        asset('service', 'openai', { sdk: 'openai', model: 'gpt-4o' }, 9),
        asset('service', 'openai', { sdk: 'langchain-openai', model: 'gpt-4o-mini' }, 12),
        asset('model', 'acme-ai/intent-classifier', { source: 'hub' }, 3),
        asset('model', 'acme-ai/intent-classifier', { source: 'hub' }, 4),
        asset('agent-tool', 'mcp:filesystem', { framework: 'mcp' }),
        asset('package', 'torch', { ecosystem: 'pypi' }),
        asset('prompt', 'prompts/system.md', { source: 'file' }),
        asset('dataset', 'tatsu-lab/alpaca', { source: 'hub' }),
      ],
      ['model', 'service', 'agent-tool'],
    );
    expect(items.map((i) => [i.kind, i.label, i.location.startLine])).toEqual([
      ['model', 'acme-ai/intent-classifier', 3],
      ['service', 'openai (gpt-4o, gpt-4o-mini)', 5],
      ['agent-tool', 'mcp:filesystem', 1],
    ]);
    const [model, service, tool] = items;
    expect(namesAsset('the intent-classifier routes tickets', model!)).toBe(true);
    expect(namesAsset('answers come from langchain-openai', service!)).toBe(true);
    expect(namesAsset('answers come from gpt-4o-mini', service!)).toBe(true);
    expect(namesAsset('answers come from an llm', service!)).toBe(false);
    expect(namesAsset('the filesystem is encrypted', tool!)).toBe(false);
    expect(namesAsset('the `mcp:filesystem` server', tool!)).toBe(true);
  });

  it('names model files by path or file name, and LangChain tools by their words', () => {
    const [file, tool] = nameableAssets([asset('model', 'models/router/classifier.onnx', { source: 'file' }), asset('agent-tool', 'PythonREPLTool')], ['model', 'agent-tool']);
    expect(namesAsset('we ship classifier.onnx', file!)).toBe(true);
    expect(namesAsset('see models/router/classifier.onnx', file!)).toBe(true);
    expect(namesAsset('see backup/classifier.onnx', file!)).toBe(false);
    expect(namesAsset('the python repl tool runs code', tool!)).toBe(true);
    expect(namesAsset('the agent has a python repl', tool!)).toBe(true);
    expect(namesAsset('the agent runs python', tool!)).toBe(false);
  });
});
