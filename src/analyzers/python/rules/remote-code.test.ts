import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

async function findings(rule: string, code: string) {
  const run = await runOnText(pythonAnalyzer, 'model.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === rule);
}

describe('python/trust-remote-code', () => {
  const RULE = 'python/trust-remote-code';

  it('flags trust_remote_code=True on from_pretrained, pipeline, load_dataset and in model_kwargs', async () => {
    const found = await findings(RULE, `
      from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline
      from datasets import load_dataset
      from langchain_huggingface import HuggingFaceEmbeddings

      MODEL = "acme/chat-7b"

      def build():
          tokenizer = AutoTokenizer.from_pretrained(MODEL, trust_remote_code=True)
          model = AutoModelForCausalLM.from_pretrained(
              MODEL,
              torch_dtype="auto",
              trust_remote_code=True,
          )
          generator = pipeline("text-generation", model=MODEL, trust_remote_code=True)
          data = load_dataset("acme/chat-data", trust_remote_code=True)
          embeddings = HuggingFaceEmbeddings(model_name=MODEL, model_kwargs={"trust_remote_code": True})
          return tokenizer, model, generator, data, embeddings
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [8, 17], [9, 13], [14, 17], [15, 12], [16, 72],
    ]);
    expect(found[0]!.message).toContain('AutoTokenizer.from_pretrained');
    expect(found[4]!.evidence).toBe('"trust_remote_code": True');
  });

  it('stays quiet for trust_remote_code=False, a variable, and the name in strings or comments', async () => {
    const found = await findings(RULE, `
      from transformers import AutoModel

      def build(cfg):
          a = AutoModel.from_pretrained("acme/m", trust_remote_code=False)
          b = AutoModel.from_pretrained("acme/m", trust_remote_code=cfg.trust_remote_code)
          opts = {"trust_remote_code": False}
          help_text = "pass trust_remote_code=True only after review"
          # AutoModel.from_pretrained("acme/m", trust_remote_code=True)
          return a, b, opts
    `);
    expect(found).toEqual([]);
  });
});

describe('python/trust-remote-code in a notebook', () => {
  it('points at the line of the .ipynb file that holds the call', async () => {
    const notebook = JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['Load with `trust_remote_code=True` only after review.\n'] },
          { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: ['from transformers import AutoModel\n'] },
          { cell_type: 'code', metadata: {}, execution_count: 2, outputs: [], source: ['!pip install einops\n', 'model = AutoModel.from_pretrained("acme/m", trust_remote_code=True)\n'] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const run = await runOnText(pythonAnalyzer, 'explore.ipynb', 'notebook', notebook);
    const found = run.findings.filter((finding) => finding.ruleId === 'python/trust-remote-code');
    const line = notebook.split('\n').findIndex((text) => text.includes('model = AutoModel')) + 1;
    expect(found.map((f) => f.location.startLine)).toEqual([line]);
    expect(notebook.split('\n')[line - 1]!.slice(found[0]!.location.startColumn! - 1)).toMatch(/^AutoModel\.from_pretrained/);
  });
});

describe('python/torch-hub-load', () => {
  const RULE = 'python/torch-hub-load';

  it('flags torch.hub.load from GitHub, naming the repository and trust_repo', async () => {
    const found = await findings(RULE, `
      import torch

      def detector():
          model = torch.hub.load("ultralytics/yolov5", "yolov5s", pretrained=True)
          midas = torch.hub.load("intel-isl/MiDaS:v3", "DPT_Large", trust_repo=True)
          return model, midas
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[4, 13], [5, 13]]);
    expect(found[0]!.message).toContain('"ultralytics/yolov5" from its default branch');
    expect(found[1]!.message).not.toContain('default branch');
    expect(found[1]!.message).toContain('trust_repo=True');
  });

  it('stays quiet for source="local", load_state_dict_from_url and other hub APIs', async () => {
    const found = await findings(RULE, `
      import torch
      from mylib import hub

      model = torch.hub.load("./vendor/yolov5", "custom", source="local")
      state = torch.hub.load_state_dict_from_url("https://example.com/w.pth")
      other = hub.load("ultralytics/yolov5", "yolov5s")
    `);
    expect(found).toEqual([]);
  });
});
