import { afterAll, describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { aiFilesAnalyzer, roleOf } from './analyzer.js';

describe('ai-files', () => {
  it('tells prompts and datasets from other files by their place and name', () => {
    const role = (path: string) => roleOf({ path })?.kind;
    expect(role('prompts/system.txt')).toBe('prompt');
    expect(role('app/prompts/refund.jinja')).toBe('prompt');
    expect(role('config/system_prompt.md')).toBe('prompt');
    expect(role('agents/triage.prompty')).toBe('prompt');
    expect(role('prompts/README.md')).toBeUndefined();
    expect(role('data/faq.jsonl')).toBe('dataset');
    expect(role('datasets/train.csv')).toBe('dataset');
    expect(role('exports/events.parquet')).toBe('dataset');
    // Ordinary files, and CSV outside a data folder, are not assets.
    expect(role('app/server.py')).toBeUndefined();
    expect(role('reports/summary.csv')).toBeUndefined();
    expect(role('docs/prompt-engineering-notes.pdf')).toBeUndefined();
    expect(roleOf({ path: 'weights.npz', member: 'data/a.csv' })).toBeUndefined();
  });

  const root = makeTree({ 'prompts/system.txt': 'You are a helpful assistant.\n', 'data/faq.jsonl': '{"q": "a"}\n', 'app/main.py': 'print(1)\n' });
  afterAll(() => removeTree(root));

  it('records them as assets with their format and size, through the engine', async () => {
    const result = await scanTree(root, [aiFilesAnalyzer]);
    expect(result.assets).toEqual([
      { kind: 'dataset', name: 'data/faq.jsonl', location: { path: 'data/faq.jsonl' }, properties: { source: 'file', format: 'jsonl', size: '11' } },
      { kind: 'prompt', name: 'prompts/system.txt', location: { path: 'prompts/system.txt' }, properties: { source: 'file', format: 'txt', size: '29' } },
    ]);
  });
});
