import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/unpinned-hub-download';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, /\.tsx?$/.test(path) ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags transformers.js pipelines and from_pretrained without a commit revision', async () => {
    const found = await findings('embed.ts', `
      import { pipeline, AutoTokenizer, AutoModel } from '@huggingface/transformers';

      export async function load() {
        const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { dtype: 'fp32' });
        const tokenizer = await AutoTokenizer.from_pretrained('Xenova/bert-base-uncased');
        const model = await AutoModel.from_pretrained('Xenova/bert-base-uncased', { revision: 'main' });
        return { extractor, tokenizer, model };
      }
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [4, 27],
      [5, 27],
      [6, 23],
    ]);
    expect(found[0]!.message).toContain("'Xenova/all-MiniLM-L6-v2'");
    expect(found[2]!.message).toContain("revision 'main'");
  });

  it('flags the older @xenova/transformers package through require', async () => {
    const found = await findings('worker.js', `
      const transformers = require('@xenova/transformers');

      async function classify(text) {
        const classifier = await transformers.pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');
        return classifier(text);
      }
      module.exports = { classify };
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([4]);
  });

  it('stays quiet for pinned commits, local paths, variables, remote models turned off, and other pipelines', async () => {
    const pinned = await findings('pinned.ts', `
      import { pipeline } from '@huggingface/transformers';
      import { pipeline as streamPipeline } from 'node:stream/promises';

      const REV = process.env.MODEL_REV;
      export const a = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { revision: '0123456789abcdef0123456789abcdef01234567' });
      export const b = await pipeline('feature-extraction', './models/minilm');
      export const c = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { revision: REV });
      export const d = await streamPipeline(source, 'Xenova/not-a-model', sink);
      const doc = "pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2')";
    `);
    const offline = await findings('offline.js', `
      import { env, pipeline } from '@xenova/transformers';
      env.allowRemoteModels = false;
      env.localModelPath = '/models/';
      export const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');
    `);
    expect([pinned, offline]).toEqual([[], []]);
  });
});
