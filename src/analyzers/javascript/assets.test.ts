import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { compareAssets } from '../../core/asset.js';
import { javascriptAnalyzer } from './analyzer.js';

async function assetsOf(code: string, path = 'src/chat.ts') {
  const run = await runOnText(javascriptAnalyzer, path, 'typescript', dedent(code));
  return run.assets.sort(compareAssets).map(({ kind, name, version, location, properties }) => ({ kind, name, ...(version === undefined ? {} : { version }), line: location.startLine, ...properties }));
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('javascript assets', () => {
  it('records SDK clients, literal model names and base URLs', async () => {
    const assets = await assetsOf(`
      import OpenAI from 'openai';
      import Anthropic from '@anthropic-ai/sdk';
      import { ChatOpenAI } from '@langchain/openai';

      const client = new OpenAI({ baseURL: 'https://gateway.example.com/v1' });
      const claude = new Anthropic();

      export async function answer(question: string, modelName: string) {
        const reply = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
        await client.chat.completions.create({ model: modelName, messages: [] });
        const llm = new ChatOpenAI({ model: 'gpt-4o-mini' });
        return reply.choices[0].message.content;
      }
    `);
    expect(assets).toEqual([
      { kind: 'service', name: 'anthropic', line: 6, sdk: '@anthropic-ai/sdk' },
      { kind: 'service', name: 'openai', line: 5, sdk: 'openai', endpoint: 'https://gateway.example.com/v1' },
      { kind: 'service', name: 'openai', line: 9, sdk: 'openai', model: 'gpt-4o' },
      { kind: 'service', name: 'openai', line: 11, sdk: '@langchain/openai', model: 'gpt-4o-mini' },
    ]);
  });

  it('records Vercel AI SDK provider models and the system option as a prompt', async () => {
    const assets = await assetsOf(`
      import { generateText } from 'ai';
      import { openai } from '@ai-sdk/openai';

      export async function summarise(text: string) {
        const { text: summary } = await generateText({
          model: openai('gpt-4o'),
          system: 'You summarise support tickets in two sentences.',
          prompt: text,
        });
        return summary;
      }
    `);
    expect(assets).toEqual([
      { kind: 'prompt', name: 'src/chat.ts:7', line: 7, source: 'code', sha256: sha('You summarise support tickets in two sentences.'), via: 'system:', length: '47' },
      { kind: 'service', name: 'openai', line: 6, sdk: '@ai-sdk/openai', model: 'gpt-4o' },
    ]);
  });

  it('records system messages written as object literals', async () => {
    const system = 'You are a helpful assistant for Acme.';
    const assets = await assetsOf(`
      import OpenAI from 'openai';
      const openai = new OpenAI();
      const messages = [
        { role: 'system', content: '${system}' },
        { role: 'user', content: 'hi' },
      ];
      const dynamic = { role: 'system', content: \`Today is \${new Date()}\` };
    `);
    expect(assets.filter((a) => a.kind === 'prompt')).toEqual([
      { kind: 'prompt', name: 'src/chat.ts:4', line: 4, source: 'code', sha256: sha(system), via: 'message', length: String(system.length) },
    ]);
  });

  it('follows a constant that holds the system prompt, not a reassigned variable', async () => {
    const assets = await assetsOf(`
      import Anthropic from '@anthropic-ai/sdk';

      const SYSTEM = 'You triage bug reports for the Acme app.';
      let mood = 'cheerful';
      mood = 'grumpy';
      const client = new Anthropic();

      export async function triage(report: string) {
        await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 256, system: SYSTEM, messages: [{ role: 'user', content: report }] });
        return client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 256, system: mood, messages: [] });
      }
    `);
    expect(assets.filter((a) => a.kind === 'prompt')).toEqual([
      { kind: 'prompt', name: 'src/chat.ts:9', line: 9, source: 'code', sha256: sha('You triage bug reports for the Acme app.'), via: 'system:', length: '40' },
    ]);
  });

  it('records Transformers.js Hub models, pinned or not; not local paths', async () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    const assets = await assetsOf(`
      import { pipeline, AutoTokenizer } from '@huggingface/transformers';

      export const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');
      export const tokenizer = await AutoTokenizer.from_pretrained('Xenova/bert-base-uncased', { revision: '${commit}' });
      export const local = await pipeline('feature-extraction', './models/minilm');
    `);
    expect(assets).toEqual([
      { kind: 'model', name: 'Xenova/all-MiniLM-L6-v2', line: 3, source: 'hub', pinned: 'false', loader: '@huggingface/transformers.pipeline' },
      { kind: 'model', name: 'Xenova/bert-base-uncased', version: commit, line: 4, source: 'hub', pinned: 'true', loader: '@huggingface/transformers.AutoTokenizer.from_pretrained' },
    ]);
  });

  it('records nothing for look-alikes from other libraries and names in strings', async () => {
    const assets = await assetsOf(`
      import { Client } from './openai-wrapper';
      const doc = "new OpenAI({ model: 'gpt-4o' })";
      const c = new Client({ model: 'gpt-4o' });
      const note = { role: 'admin', content: 'not a prompt' };
    `);
    expect(assets).toEqual([]);
  });
});

describe('javascript assets on damaged code', () => {
  it('never throw on arbitrary fragments of SDK code', async () => {
    const fc = (await import('fast-check')).default;
    const parts = ["import OpenAI from 'openai';\n", "import { generateText } from 'ai';\n", 'new OpenAI(', "{ model: 'gpt-4o'", '}', ')', "{ role: 'system', content: ", "'x'", '`t${a}`', 'generateText({ system: ', '\n', ',', '\u0000', '(((('];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...parts), { maxLength: 40 }), async (list) => {
        const run = await runOnText(javascriptAnalyzer, 'x.ts', 'typescript', list.join(''));
        for (const asset of run.assets) expect(asset.name.length).toBeLessThanOrEqual(400);
      }),
      { numRuns: 60 },
    );
  });
});
