import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/torch-load-without-weights-only';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'train.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a checkpoint restored without weights_only, through an alias and a from-import', async () => {
    const found = await findings(`
      import torch as T
      from torch.serialization import load

      def restore(path, device):
          state = T.load(path, map_location=device)
          extra = load(path + ".opt", weights_only=False)
          return state, extra
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence])).toEqual([
      [5, 13, 'T.load(path, map_location=device)'],
      [6, 13, 'load(path + ".opt", weights_only=False)'],
    ]);
    expect(found[1]!.message).toContain('weights_only=False');
  });

  it('stays quiet for weights_only=True, a non-literal flag, other libraries and names in strings or comments', async () => {
    const found = await findings(`
      import torch
      import pickle
      from mylib import load

      SAFE = True
      state = torch.load("ckpt.pt", weights_only=True, map_location="cpu")
      maybe = torch.load("ckpt.pt", weights_only=SAFE)
      other = load("ckpt.pt")
      doc = "call torch.load(path) to restore"
      # torch.load(path) is what we used to do
    `);
    expect(found).toEqual([]);
  });

  it('finds the call in a notebook cell and points at the line of the .ipynb file', async () => {
    const notebook = JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# torch.load(x) in markdown is not code\n'] },
          { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: ['%matplotlib inline\n', 'import torch\n'] },
          { cell_type: 'code', metadata: {}, execution_count: 2, outputs: [], source: ['model = torch.load("m.pt")\n'] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const run = await runOnText(pythonAnalyzer, 'explore.ipynb', 'notebook', notebook);
    const found = run.findings.filter((finding) => finding.ruleId === RULE);
    const line = notebook.split('\n').findIndex((text) => text.includes('model = torch.load')) + 1;
    expect(found).toHaveLength(1);
    expect(found[0]!.location.startLine).toBe(line);
    expect(notebook.split('\n')[line - 1]!.slice(found[0]!.location.startColumn! - 1)).toMatch(/^torch\.load/);
  });
});
