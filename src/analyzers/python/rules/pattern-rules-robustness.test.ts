/**
 * The pattern rules on hostile input: mutated real-looking code, random mixes of the tokens the rules look for,
 * and deep nesting must give findings or notes, never a throw, and finish quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutations, mutate } from '../../../../test/support/mutations.js';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { runAnalyzer } from '../../../../test/support/run-analyzer.js';
import { withSyntaxTree } from '../../../parsers/tree-sitter.js';
import { pythonAnalyzer } from '../analyzer.js';
import { buildPythonModule } from '../module.js';
import { PATTERN_RULES } from '../pattern-rules.js';

const SAMPLE = dedent(`
  import pickle, yaml, torch, keras, numpy as np, gradio as gr, requests, httpx, uvicorn
  from transformers import AutoModel, pipeline
  from huggingface_hub import hf_hub_download
  from openai import OpenAI
  from langchain_experimental.tools import PythonREPLTool
  from langchain_community.vectorstores import FAISS

  c = get_config()
  c.ServerApp.token = ""

  def load(path, **kw):
      a = pickle.load(open(path, "rb"))
      b = yaml.load(path, Loader=yaml.FullLoader)
      m = AutoModel.from_pretrained("acme/m", revision="main", trust_remote_code=True)
      p = pipeline("text-generation", model="acme/gpt", model_kwargs={"trust_remote_code": True})
      w = hf_hub_download("acme/m", "w.bin", revision="4f1c0e9")
      h = torch.hub.load("acme/repo", "m", trust_repo=True)
      k = keras.models.load_model(path, safe_mode=False)
      n = np.load(path, allow_pickle=True)
      t = [PythonREPLTool()]
      s = FAISS.load_local(path, None, allow_dangerous_deserialization=True)
      client = OpenAI(http_client=httpx.Client(verify=False))
      r = requests.get("https://x/v1/chat/completions", verify=False)
      gr.Interface(fn=str, inputs="text", outputs="text").launch(share=True, server_name="0.0.0.0")
      uvicorn.run("app:app", host="0.0.0.0")
      torch.ops.load_library(path)
      return a, b, m, p, w, h, k, n, t, s, client, r
`);

const TOKENS = [
  'pickle.load(', 'yaml.load(', 'Loader=', 'yaml.Loader', 'from_pretrained(', 'revision=', '"main"', 'trust_remote_code=',
  'True', 'False', 'None', '(', ')', '[', ']', '{', '}', ',', ':', '=', '.', '"', "'", '\n', '    ', 'import ', 'from ', ' as ',
  'transformers', 'gradio', 'launch(', 'share=', 'verify=', 'httpx.Client(', 'OpenAI(', 'c.ServerApp.token = ', 'lambda x: ',
  'with ', 'def f(', '**kw', '*a', '#', '\\', 'f"{', '}"', '\u0000', '\ud800', 'é',
];

async function analyse(text: string) {
  const started = performance.now();
  const run = await runOnText(pythonAnalyzer, 'fuzz.py', 'python', text);
  return { run, ms: performance.now() - started };
}

describe('python pattern rules on hostile input', () => {
  it('finds every rule family in the sample the mutations start from', async () => {
    const { run } = await analyse(SAMPLE);
    expect([...new Set(run.findings.map((f) => f.ruleId))].sort()).toEqual([
      'python/agent-code-execution-tool',
      'python/gradio-public-share',
      'python/jupyter-without-token',
      'python/keras-unsafe-load',
      'python/model-api-tls-verification-disabled',
      'python/native-library-load',
      'python/numpy-load-allow-pickle',
      'python/pickle-deserialization',
      'python/service-bound-to-all-interfaces',
      'python/torch-hub-load',
      'python/trust-remote-code',
      'python/unpinned-hub-download',
      'python/unsafe-vector-store-deserialization',
      'python/yaml-unsafe-load',
    ]);
  });

  it('never throws on mutated code and stays fast', async () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    await fc.assert(
      fc.asyncProperty(mutations, async (list) => {
        const started = performance.now();
        const run = await runAnalyzer(pythonAnalyzer, { path: 'fuzz.py', type: 'python' }, mutate(bytes, list));
        expect(Array.isArray(run.findings)).toBe(true);
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 25 },
    );
  });

  it('never throws on random mixes of the tokens the rules look for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }), async (parts) => {
        const { run, ms } = await analyse(parts.join(''));
        expect(Array.isArray(run.findings)).toBe(true);
        expect(ms).toBeLessThan(1000);
      }),
      { numRuns: 60 },
    );
  });

  it('survives deep nesting in arguments, calls, attribute chains and nested clients, each rule in bounded time', async () => {
    const depth = 20_000;
    const inputs = {
      value: `from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/m", trust_remote_code=${'('.repeat(depth)}True${')'.repeat(depth)})\n`,
      calls: `import yaml\nx = ${'f('.repeat(depth / 4)}yaml.load(s)${')'.repeat(depth / 4)}\n`,
      chain: `import gradio\ny = a${'.b'.repeat(depth / 4)}.launch(share=True)\n`,
      clients: `import httpx\nz = ${'httpx.Client(verify=False, c='.repeat(3000)}1${')'.repeat(3000)}\n`,
    };
    const counts: Record<string, number> = {};
    for (const [name, code] of Object.entries(inputs)) {
      await withSyntaxTree('python', code, (root) => {
        const module = buildPythonModule(root);
        for (const rule of PATTERN_RULES) {
          const started = performance.now();
          rule.check(module, (found) => {
            const key = `${name} ${rule.meta.id}`;
            counts[key] = (counts[key] ?? 0) + 1;
            expect((found.evidence ?? '').length).toBeLessThanOrEqual(200);
          });
          expect([name, rule.meta.id, performance.now() - started < 1500]).toEqual([name, rule.meta.id, true]);
        }
      });
    }
    // A constant under 20,000 parentheses is not read as True; the rest is found.
    expect(counts).toEqual({
      'value python/unpinned-hub-download': 1,
      'calls python/yaml-unsafe-load': 1,
      'chain python/gradio-public-share': 1,
      'clients python/tls-verification-disabled': 3000,
    });
  });
});
