import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { withSyntaxTree } from '../../parsers/tree-sitter.js';
import { javascriptAnalyzer } from './analyzer.js';
import { collectAssets } from './assets.js';
import { buildJsModule } from './module.js';
import { MonitoringCollector } from './monitoring.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) removeTree(root);
});

async function evidenceOf(files: Record<string, string>) {
  const root = makeTree(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, dedent(text)])));
  roots.push(root);
  const result = await scanTree(root, [javascriptAnalyzer]);
  return result.evidence.map(({ check, summary, location, shortfall }) => ({ check, summary, at: location ? `${location.path}:${location.startLine}` : undefined, ...(shortfall === undefined ? {} : { shortfall }) }));
}

const chatRoute = (telemetry: string) => `
  import { openai } from '@ai-sdk/openai';
  import { streamText, type UIMessage, convertToModelMessages } from 'ai';

  export const maxDuration = 30;

  export async function POST(req: Request) {
    const { messages }: { messages: UIMessage[] } = await req.json();
    const result = streamText({
      model: openai('gpt-4o'),
      system: 'You are a helpful assistant.',
      messages: convertToModelMessages(messages),${telemetry}
    });
    return result.toUIMessageStreamResponse();
  }
`;

describe('javascript monitoring evidence', () => {
  it("records the Vercel AI SDK's experimental_telemetry as telemetry that records inputs", async () => {
    const evidence = await evidenceOf({
      'app/api/chat/route.ts': chatRoute("\n    experimental_telemetry: { isEnabled: true, functionId: 'chat' },"),
    });
    expect(evidence).toEqual([
      {
        check: 'model-call-telemetry',
        summary: 'JavaScript/TypeScript model calls are traced: Vercel AI SDK experimental_telemetry in streamText() at app/api/chat/route.ts:8; model calls in app/api/chat/route.ts:8',
        at: 'app/api/chat/route.ts:8',
      },
      {
        check: 'model-input-logging',
        summary: 'JavaScript/TypeScript model inputs are recorded by Vercel AI SDK experimental_telemetry in streamText() at app/api/chat/route.ts:8; model calls in app/api/chat/route.ts:8',
        at: 'app/api/chat/route.ts:8',
      },
    ]);
  });

  it('records a shortfall when the Vercel AI SDK telemetry does not record inputs, and nothing when it is disabled', async () => {
    const noInputs = await evidenceOf({
      'app/api/chat/route.ts': chatRoute('\n    experimental_telemetry: { isEnabled: true, recordInputs: false },'),
    });
    expect(noInputs.map((e) => [e.check, e.shortfall])).toEqual([
      ['model-call-telemetry', undefined],
      ['model-input-logging', 'Vercel AI SDK experimental_telemetry in streamText(): prompt capture turned off (recordInputs: false)'],
    ]);
    const disabled = await evidenceOf({ 'app/api/chat/route.ts': chatRoute('\n    experimental_telemetry: { isEnabled: false },') });
    expect(disabled).toEqual([]);
    const none = await evidenceOf({ 'app/api/chat/route.ts': chatRoute('') });
    expect(none).toEqual([]);
  });

  it("records Langfuse's observeOpenAI wrapper around an OpenAI client", async () => {
    const evidence = await evidenceOf({
      'src/llm.ts': `
        import OpenAI from 'openai';
        import { observeOpenAI } from 'langfuse';

        const openai = observeOpenAI(new OpenAI(), { generationName: 'support-answer' });

        export async function answer(question: string): Promise<string> {
          const completion = await openai.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: question }],
          });
          return completion.choices[0]?.message.content ?? '';
        }
      `,
    });
    expect(evidence).toEqual([
      {
        check: 'model-call-telemetry',
        summary: 'JavaScript/TypeScript model calls are traced: Langfuse observeOpenAI (langfuse) at src/llm.ts:4; model calls in src/llm.ts:4',
        at: 'src/llm.ts:4',
      },
      {
        check: 'model-input-logging',
        summary: 'JavaScript/TypeScript model inputs are recorded by Langfuse observeOpenAI (langfuse) at src/llm.ts:4; model calls in src/llm.ts:4',
        at: 'src/llm.ts:4',
      },
    ]);
  });

  it('records Langfuse set up once in an instrumentation file that names no model SDK', async () => {
    const evidence = await evidenceOf({
      'instrumentation.ts': `
        import { NodeSDK } from '@opentelemetry/sdk-node';
        import { LangfuseSpanProcessor } from '@langfuse/otel';

        const sdk = new NodeSDK({ spanProcessors: [new LangfuseSpanProcessor()] });
        sdk.start();
      `,
      'src/agent.ts': `
        import Anthropic from '@anthropic-ai/sdk';

        const client = new Anthropic();

        export async function run(task: string) {
          return client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: task }] });
        }
      `,
    });
    expect(evidence.map((e) => [e.check, e.at])).toEqual([
      ['model-call-telemetry', 'instrumentation.ts:4'],
      ['model-input-logging', 'instrumentation.ts:4'],
    ]);
    expect(evidence[0]!.summary).toBe(
      'JavaScript/TypeScript model calls are traced: Langfuse LangfuseSpanProcessor (@langfuse/otel) at instrumentation.ts:4; model calls in src/agent.ts:3',
    );
  });

  it('records a LangChain chain traced with the langfuse-langchain CallbackHandler', async () => {
    const evidence = await evidenceOf({
      'src/chain.js': `
        const { ChatOpenAI } = require('@langchain/openai');
        const { CallbackHandler } = require('langfuse-langchain');

        const handler = new CallbackHandler({ sessionId: 'support' });
        const model = new ChatOpenAI({ model: 'gpt-4o' });

        async function reply(input) {
          return model.invoke(input, { callbacks: [handler] });
        }
        module.exports = { reply };
      `,
    });
    expect(evidence.map((e) => e.check)).toEqual(['model-call-telemetry', 'model-input-logging']);
    expect(evidence[0]!.summary).toBe('JavaScript/TypeScript model calls are traced: Langfuse CallbackHandler (langfuse-langchain) at src/chain.js:4; model calls in src/chain.js:5');
  });

  it('records LangSmith wrapOpenAI', async () => {
    const evidence = await evidenceOf({
      'src/client.ts': `
        import OpenAI from 'openai';
        import { wrapOpenAI } from 'langsmith/wrappers';

        export const client = wrapOpenAI(new OpenAI());
      `,
    });
    expect(evidence.map((e) => [e.check, e.summary])).toEqual([
      ['model-call-telemetry', 'JavaScript/TypeScript model calls are traced: LangSmith wrapOpenAI at src/client.ts:4; model calls in src/client.ts:4'],
      ['model-input-logging', 'JavaScript/TypeScript model inputs are recorded by LangSmith wrapOpenAI at src/client.ts:4; model calls in src/client.ts:4'],
    ]);
  });

  it('does not count langfuse named in comments and strings, or telemetry without model calls', async () => {
    const commented = await evidenceOf({
      'src/llm.ts': `
        // import { observeOpenAI } from 'langfuse';
        import OpenAI from 'openai';

        const note = "wrap with observeOpenAI from 'langfuse' later";
        const openai = new OpenAI();

        export async function answer(question: string) {
          return openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
        }
      `,
    });
    expect(commented).toEqual([]);
    const noCalls = await evidenceOf({
      'instrumentation.ts': `
        import { NodeSDK } from '@opentelemetry/sdk-node';
        import { LangfuseSpanProcessor } from '@langfuse/otel';

        new NodeSDK({ spanProcessors: [new LangfuseSpanProcessor()] }).start();
      `,
    });
    expect(noCalls).toEqual([]);
  });

  it('records a pino logger that logs the question sent to the model, and not one that logs something else', async () => {
    const evidence = await evidenceOf({
      'src/answer.ts': `
        import OpenAI from 'openai';
        import pino from 'pino';

        const logger = pino();
        const client = new OpenAI();

        export async function answer(userId: string, question: string) {
          logger.info({ userId }, 'answer requested');
          const messages = [{ role: 'user' as const, content: question }];
          logger.debug({ question }, 'prompt');
          const reply = await client.chat.completions.create({ model: 'gpt-4o', messages });
          return reply.choices[0]?.message.content;
        }
      `,
    });
    expect(evidence).toEqual([
      {
        check: 'model-input-logging',
        summary: 'JavaScript/TypeScript model inputs are recorded by logger.debug() logging question (model call input, line 11) at src/answer.ts:10; model calls in src/answer.ts:5',
        at: 'src/answer.ts:10',
      },
    ]);
  });

  it('records OpenAI moderation of the input as input screening', async () => {
    const evidence = await evidenceOf({
      'src/safe.ts': `
        import OpenAI from 'openai';

        const openai = new OpenAI();

        export async function safeReply(input: string) {
          const moderation = await openai.moderations.create({ model: 'omni-moderation-latest', input });
          if (moderation.results[0]?.flagged) throw new Error('rejected');
          return openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: input }] });
        }
      `,
    });
    expect(evidence).toEqual([
      {
        check: 'input-screening',
        summary: 'JavaScript/TypeScript inputs are screened with OpenAI moderation (moderations.create) at src/safe.ts:6; model calls in src/safe.ts:3',
        at: 'src/safe.ts:6',
      },
    ]);
  });

  it('records Traceloop with content tracing off as a shortfall, unless another tracer records prompts', async () => {
    const files = {
      'src/tracing.ts': `
        import * as traceloop from '@traceloop/node-server-sdk';

        traceloop.initialize({ appName: 'support-api', disableBatch: true, traceContent: false });
      `,
      'src/chat.ts': `
        import { Mistral } from '@mistralai/mistralai';

        const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY ?? '' });

        export const chat = (text: string) => mistral.chat.complete({ model: 'mistral-large-latest', messages: [{ role: 'user', content: text }] });
      `,
    };
    const off = await evidenceOf(files);
    expect(off.map((e) => [e.check, e.at, e.shortfall])).toEqual([
      ['model-call-telemetry', 'src/tracing.ts:3', undefined],
      ['model-input-logging', 'src/tracing.ts:3', 'Traceloop (OpenLLMetry) initialize(): prompt capture turned off (traceContent: false)'],
    ]);
    const withHelicone = await evidenceOf({
      ...files,
      'src/gateway.ts': `
        import OpenAI from 'openai';

        export const gateway = new OpenAI({
          baseURL: 'https://oai.helicone.ai/v1',
          defaultHeaders: { 'Helicone-Auth': \`Bearer \${process.env.HELICONE_API_KEY}\` },
        });
      `,
    });
    expect(withHelicone.find((e) => e.check === 'model-input-logging')).toEqual({
      check: 'model-input-logging',
      summary: 'JavaScript/TypeScript model inputs are recorded by Helicone proxy (baseURL https://oai.helicone.ai/v1) at src/gateway.ts:3; model calls in src/chat.ts:3, src/gateway.ts:3',
      at: 'src/gateway.ts:3',
    });
  });

  it('records OpenInference instrumentation and ignores look-alikes from other packages', async () => {
    const evidence = await evidenceOf({
      'src/otel.ts': `
        import { registerInstrumentations } from '@opentelemetry/instrumentation';
        import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
        import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
        import OpenAI from 'openai';

        const instrumentation = new OpenAIInstrumentation();
        instrumentation.manuallyInstrument(OpenAI);
        registerInstrumentations({ instrumentations: [instrumentation, new HttpInstrumentation()] });
        export const client = new OpenAI();
      `,
    });
    expect(evidence.map((e) => [e.check, e.at])).toEqual([
      ['model-call-telemetry', 'src/otel.ts:6'],
      ['model-input-logging', 'src/otel.ts:6'],
    ]);
    const lookalike = await evidenceOf({
      'src/app.ts': `
        import OpenAI from 'openai';
        import { observe } from './langfuse';
        import { traceable } from './utils/langsmith';

        const logger = { info: (...args: unknown[]) => args };
        export const client = new OpenAI();
        export const run = traceable(observe(async (q: string) => client.moderations.list()));
      `,
    });
    expect(lookalike).toEqual([]);
  });

  it('records LangSmith tracing switched on through process.env for a LangChain app', async () => {
    const evidence = await evidenceOf({
      'scripts/eval.mjs': `
        import { ChatAnthropic } from '@langchain/anthropic';

        process.env.LANGSMITH_TRACING = 'true';
        process.env['LANGSMITH_PROJECT'] = 'nightly-eval';

        const model = new ChatAnthropic({ model: 'claude-3-5-haiku-latest' });
        console.log(await model.invoke('Say hello'));
      `,
    });
    expect(evidence.map((e) => [e.check, e.summary])).toEqual([
      ['model-call-telemetry', 'JavaScript/TypeScript model calls are traced: LangSmith tracing (LANGSMITH_TRACING=true) at scripts/eval.mjs:3; model calls in scripts/eval.mjs:6'],
      ['model-input-logging', 'JavaScript/TypeScript model inputs are recorded by LangSmith tracing (LANGSMITH_TRACING=true) at scripts/eval.mjs:3; model calls in scripts/eval.mjs:6'],
    ]);
  });

  it('survives arbitrary text and keeps facts small', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("import { observeOpenAI } from 'langfuse';\n", 'experimental_telemetry: { isEnabled: true }', 'streamText({', '})', "process.env.LANGSMITH_TRACING = 'true';\n", 'logger.info(q);\n', 'client.chat.completions.create({ messages: q })\n', 'function f(q) {', '}', '(', '\n'), { maxLength: 60 }),
        async (parts) => {
          const code = parts.join('');
          const fact = await withSyntaxTree('typescript', code, (root) => {
            const module = buildJsModule(root);
            const monitor = new MonitoringCollector(module, code);
            collectAssets(module, 'x.ts', () => {}, monitor);
            return monitor.finish();
          });
          if (fact) expect(JSON.stringify(fact).length).toBeLessThan(8000);
          const run = await runOnText(javascriptAnalyzer, 'x.ts', 'typescript', code);
          expect(run.inconclusive).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
