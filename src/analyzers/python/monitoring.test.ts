import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { withSyntaxTree } from '../../parsers/tree-sitter.js';
import { pythonAnalyzer } from './analyzer.js';
import { collectAssets } from './assets.js';
import { buildPythonModule } from './module.js';
import { MonitoringCollector } from './monitoring.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) removeTree(root);
});

async function evidenceOf(files: Record<string, string>) {
  const root = makeTree(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, dedent(text)])));
  roots.push(root);
  const result = await scanTree(root, [pythonAnalyzer]);
  return result.evidence.map(({ check, summary, location, shortfall }) => ({ check, summary, at: location ? `${location.path}:${location.startLine}` : undefined, ...(shortfall === undefined ? {} : { shortfall }) }));
}

const FASTAPI_LANGFUSE = `
  import os

  from fastapi import FastAPI
  from langfuse.openai import OpenAI
  from pydantic import BaseModel

  app = FastAPI()
  client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])


  class Question(BaseModel):
      text: str


  @app.post("/ask")
  def ask(question: Question) -> dict:
      completion = client.chat.completions.create(
          model="gpt-4o-mini",
          messages=[{"role": "user", "content": question.text}],
      )
      return {"answer": completion.choices[0].message.content}
`;

describe('python monitoring evidence', () => {
  it('records telemetry and input logging for a FastAPI app using the Langfuse OpenAI drop-in', async () => {
    const evidence = await evidenceOf({ 'app/main.py': FASTAPI_LANGFUSE });
    expect(evidence).toEqual([
      {
        check: 'model-call-telemetry',
        summary: 'Python model calls are traced: Langfuse OpenAI drop-in (langfuse.openai) at app/main.py:4; model calls in app/main.py:8',
        at: 'app/main.py:4',
      },
      {
        check: 'model-input-logging',
        summary: 'Python model inputs are recorded by Langfuse OpenAI drop-in (langfuse.openai) at app/main.py:4; model calls in app/main.py:8',
        at: 'app/main.py:4',
      },
    ]);
  });

  it('records a LangChain app traced with LangSmith @traceable, naming every file with model calls', async () => {
    const evidence = await evidenceOf({
      'rag/chain.py': `
        from langchain_openai import ChatOpenAI
        from langchain_core.prompts import ChatPromptTemplate
        from langsmith import traceable

        llm = ChatOpenAI(model="gpt-4o", temperature=0)
        prompt = ChatPromptTemplate.from_messages([("system", "Answer from the context."), ("human", "{question}")])


        @traceable(run_type="chain", name="answer")
        def answer(question: str) -> str:
            return (prompt | llm).invoke({"question": question}).content
      `,
      'rag/summarise.py': `
        from langchain_openai import ChatOpenAI

        summariser = ChatOpenAI(model="gpt-4o-mini")


        def summarise(text: str) -> str:
            return summariser.invoke(f"Summarise: {text}").content
      `,
    });
    expect(evidence.map((e) => e.check)).toEqual(['model-call-telemetry', 'model-input-logging']);
    expect(evidence[0]).toEqual({
      check: 'model-call-telemetry',
      summary: 'Python model calls are traced: LangSmith @traceable at rag/chain.py:3; model calls in rag/chain.py:5, rag/summarise.py:3',
      at: 'rag/chain.py:3',
    });
  });

  it('records an OpenTelemetry GenAI instrumentor, with a shortfall when message content capture is off', async () => {
    const tracing = `
      from opentelemetry import trace
      from opentelemetry.sdk.trace import TracerProvider
      from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor

      def setup_tracing() -> None:
          trace.set_tracer_provider(TracerProvider())
          OpenAIInstrumentor().instrument()
    `;
    const chat = `
      from openai import OpenAI

      client = OpenAI()

      def reply(prompt):
          return client.responses.create(model="gpt-4.1", input=prompt).output_text
    `;
    const evidence = await evidenceOf({ 'svc/tracing.py': tracing, 'svc/chat.py': chat });
    expect(evidence).toEqual([
      {
        check: 'model-call-telemetry',
        summary: 'Python model calls are traced: OpenTelemetry OpenAIInstrumentor (opentelemetry.instrumentation.openai_v2) at svc/tracing.py:7; model calls in svc/chat.py:3',
        at: 'svc/tracing.py:7',
      },
      {
        check: 'model-input-logging',
        summary: 'Python model calls are traced by OpenTelemetry OpenAIInstrumentor (opentelemetry.instrumentation.openai_v2) at svc/tracing.py:7, but prompts are not recorded; model calls in svc/chat.py:3',
        at: 'svc/tracing.py:7',
        shortfall: 'OpenTelemetry OpenAIInstrumentor (opentelemetry.instrumentation.openai_v2): message content capture not enabled (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true is not set in code aigis read)',
      },
    ]);
  });

  it("takes OpenLLMetry's instrumentors, which share the namespace, as recording prompts unless TRACELOOP_TRACE_CONTENT is false", async () => {
    const tracing = `
      import os

      from opentelemetry.instrumentation.anthropic import AnthropicInstrumentor

      AnthropicInstrumentor().instrument()
    `;
    const chat = `
      import anthropic

      client = anthropic.Anthropic()

      def reply(prompt):
          return client.messages.create(model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": prompt}])
    `;
    const recorded = await evidenceOf({ 'svc/tracing.py': tracing, 'svc/chat.py': chat });
    expect(recorded.find((e) => e.check === 'model-input-logging')).toEqual({
      check: 'model-input-logging',
      summary: 'Python model inputs are recorded by OpenLLMetry AnthropicInstrumentor (opentelemetry.instrumentation.anthropic) at svc/tracing.py:5; model calls in svc/chat.py:3',
      at: 'svc/tracing.py:5',
    });
    const off = tracing.replace('import os\n', 'import os\n\n      os.environ["TRACELOOP_TRACE_CONTENT"] = "false"\n');
    const hidden = await evidenceOf({ 'svc/tracing.py': off, 'svc/chat.py': chat });
    expect(hidden.find((e) => e.check === 'model-input-logging')?.shortfall).toMatch(/^OpenLLMetry AnthropicInstrumentor \(opentelemetry\.instrumentation\.anthropic\): TRACELOOP_TRACE_CONTENT=false at svc\/tracing\.py:/);
  });

  it('counts OpenTelemetry message content capture switched on in code', async () => {
    const evidence = await evidenceOf({
      'svc/tracing.py': `
        import os
        from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor

        os.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "true"
        OpenAIInstrumentor().instrument()
      `,
      'svc/chat.py': `
        import openai

        def reply(prompt):
            return openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
      `,
    });
    const logging = evidence.find((e) => e.check === 'model-input-logging');
    expect(logging).toEqual({
      check: 'model-input-logging',
      summary:
        'Python model inputs are recorded by OpenTelemetry OpenAIInstrumentor (opentelemetry.instrumentation.openai_v2) at svc/tracing.py:5 (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true at svc/tracing.py:4); model calls in svc/chat.py:4',
      at: 'svc/tracing.py:5',
    });
  });

  it('records a shortfall when OpenLIT is told not to capture message content', async () => {
    const evidence = await evidenceOf({
      'bot.py': `
        import openlit
        from anthropic import Anthropic

        openlit.init(otlp_endpoint="http://otel-collector:4318", capture_message_content=False)
        client = Anthropic()

        def ask(question):
            return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": question}])
      `,
    });
    expect(evidence.map((e) => [e.check, e.shortfall])).toEqual([
      ['model-call-telemetry', undefined],
      ['model-input-logging', 'OpenLIT openlit.init(): prompt capture turned off (capture_message_content=False)'],
    ]);
  });

  it('reads TRACELOOP_TRACE_CONTENT=false set in another file as prompt capture turned off', async () => {
    const evidence = await evidenceOf({
      'worker/settings.py': `
        import os

        os.environ.setdefault("TRACELOOP_TRACE_CONTENT", "false")
      `,
      'worker/main.py': `
        from traceloop.sdk import Traceloop
        from groq import Groq

        Traceloop.init(app_name="summary-worker", disable_batch=True)
        client = Groq()

        def summarise(text):
            return client.chat.completions.create(model="llama-3.3-70b-versatile", messages=[{"role": "user", "content": text}])
      `,
    });
    expect(evidence.map((e) => [e.check, e.at, e.shortfall])).toEqual([
      ['model-call-telemetry', 'worker/main.py:4', undefined],
      ['model-input-logging', 'worker/main.py:4', 'Traceloop (OpenLLMetry) Traceloop.init(): TRACELOOP_TRACE_CONTENT=false at worker/settings.py:3'],
    ]);
  });

  it('records nothing for an app that calls a model with no telemetry, screening or logging', async () => {
    const evidence = await evidenceOf({
      'app.py': `
        import logging
        from openai import OpenAI

        logger = logging.getLogger(__name__)
        client = OpenAI()

        def ask(question):
            logger.info("asking the model")
            reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
            logger.info("model replied with %d choices", len(reply.choices))
            return reply
      `,
    });
    expect(evidence).toEqual([]);
  });

  it('records nothing when telemetry is set up but no Python file calls a model', async () => {
    const evidence = await evidenceOf({
      'observability.py': `
        import openlit
        from langfuse.decorators import observe

        openlit.init()

        @observe()
        def tokenize(text):
            return text.split()
      `,
    });
    expect(evidence).toEqual([]);
  });

  it('does not count langfuse or langsmith named in comments and strings', async () => {
    const evidence = await evidenceOf({
      'app.py': `
        # import langfuse
        # from langfuse.openai import OpenAI  (todo: add tracing)
        from openai import OpenAI

        NOTE = "from langsmith import traceable; openlit.init()"
        client = OpenAI()

        def ask(question):
            """We should wrap this with langsmith.wrappers.wrap_openai(client)."""
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
      `,
    });
    expect(evidence).toEqual([]);
  });

  it('records a logger call that logs the prompt passed to the model in the same function', async () => {
    const evidence = await evidenceOf({
      'service/chat.py': `
        import logging
        from openai import OpenAI

        logger = logging.getLogger(__name__)
        client = OpenAI()


        def summarise(user_id: str, document: str) -> str:
            messages = [
                {"role": "system", "content": "Summarise the document."},
                {"role": "user", "content": document},
            ]
            logger.info("summarise request user=%s document=%s", user_id, document)
            response = client.chat.completions.create(model="gpt-4o-mini", messages=messages)
            return response.choices[0].message.content


        def health(document: str) -> bool:
            logger.debug("health check %s", document)
            return True
      `,
    });
    expect(evidence).toEqual([
      {
        check: 'model-input-logging',
        summary: 'Python model inputs are recorded by logger.info() logging document (model call input, line 14) at service/chat.py:13; model calls in service/chat.py:5',
        at: 'service/chat.py:13',
      },
    ]);
  });

  it('records input screening with LLM Guard and Presidio before the model call', async () => {
    const evidence = await evidenceOf({
      'api/guard.py': `
        from llm_guard import scan_prompt
        from llm_guard.input_scanners import PromptInjection, Toxicity
        from presidio_analyzer import AnalyzerEngine

        SCANNERS = [PromptInjection(threshold=0.9), Toxicity()]
        analyzer = AnalyzerEngine()


        def screen(prompt: str) -> str:
            sanitized, valid, scores = scan_prompt(SCANNERS, prompt)
            if not all(valid.values()):
                raise ValueError("prompt rejected")
            return sanitized
      `,
      'api/chat.py': `
        import litellm
        from .guard import screen

        def chat(prompt):
            return litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": screen(prompt)}])
      `,
    });
    expect(evidence).toEqual([
      {
        check: 'input-screening',
        summary: 'Python inputs are screened with LLM Guard PromptInjection at api/guard.py:5, LLM Guard Toxicity at api/guard.py:5, Presidio AnalyzerEngine at api/guard.py:6 and 1 more; model calls in api/chat.py:5',
        at: 'api/guard.py:5',
      },
    ]);
  });

  it('records NeMo Guardrails, whose LLMRails is itself the model call', async () => {
    const evidence = await evidenceOf({
      'bot/rails.py': `
        from nemoguardrails import LLMRails, RailsConfig

        config = RailsConfig.from_path("./config")
        rails = LLMRails(config)


        async def respond(user_message: str) -> str:
            result = await rails.generate_async(messages=[{"role": "user", "content": user_message}])
            return result["content"]
      `,
    });
    expect(evidence).toEqual([
      {
        check: 'input-screening',
        summary: 'Python inputs are screened with NeMo Guardrails RailsConfig at bot/rails.py:3, NeMo Guardrails LLMRails at bot/rails.py:4; model calls in bot/rails.py:4',
        at: 'bot/rails.py:3',
      },
    ]);
  });

  it('records OpenAI moderation and a Lakera Guard request as input screening', async () => {
    const evidence = await evidenceOf({
      'moderate.py': `
        import os
        import requests
        from openai import OpenAI

        LAKERA_URL = "https://api.lakera.ai/v2/guard"
        client = OpenAI()


        def safe_answer(user_input: str) -> str:
            check = requests.post(LAKERA_URL, json={"messages": [{"role": "user", "content": user_input}]}, headers={"Authorization": f"Bearer {os.environ['LAKERA_GUARD_API_KEY']}"})
            if check.json()["flagged"]:
                return "Sorry, I can't help with that."
            moderation = client.moderations.create(model="omni-moderation-latest", input=user_input)
            if moderation.results[0].flagged:
                return "Sorry, I can't help with that."
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": user_input}]).choices[0].message.content
      `,
    });
    expect(evidence).toEqual([
      {
        check: 'input-screening',
        summary: 'Python inputs are screened with Lakera Guard API (api.lakera.ai) at moderate.py:10, OpenAI moderation (moderations.create) at moderate.py:13; model calls in moderate.py:6',
        at: 'moderate.py:10',
      },
    ]);
  });

  it('does not count look-alike APIs: a requests session, NeMo-less guardrails, sklearn autolog', async () => {
    const evidence = await evidenceOf({
      'train.py': `
        import mlflow
        from openai import OpenAI
        from opentelemetry.instrumentation.requests import RequestsInstrumentor
        from myproject.guardrails import Guard

        mlflow.sklearn.autolog()
        RequestsInstrumentor().instrument()
        guard = Guard()
        client = OpenAI()

        def label(text):
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
      `,
    });
    expect(evidence).toEqual([]);
  });

  it('records OpenInference, MLflow, Weave and a Helicone proxy as telemetry', async () => {
    const evidence = await evidenceOf({
      'obs/setup.py': `
        import mlflow
        import weave
        from openinference.instrumentation.langchain import LangChainInstrumentor
        from phoenix.otel import register

        tracer_provider = register(project_name="support-bot")
        LangChainInstrumentor().instrument(tracer_provider=tracer_provider)
        mlflow.openai.autolog()
        weave.init("acme/support-bot")
      `,
      'obs/client.py': `
        import os
        from openai import OpenAI

        client = OpenAI(
            base_url="https://oai.helicone.ai/v1",
            default_headers={"Helicone-Auth": f"Bearer {os.environ['HELICONE_API_KEY']}"},
        )
      `,
    });
    expect(evidence.map((e) => e.check)).toEqual(['model-call-telemetry', 'model-input-logging']);
    expect(evidence[0]!.summary).toBe(
      'Python model calls are traced: Helicone proxy (base_url https://oai.helicone.ai/v1) at obs/client.py:4, OpenInference LangChainInstrumentor (openinference.instrumentation.langchain) at obs/setup.py:7 and 2 more; model calls in obs/client.py:4',
    );
    expect(evidence[1]!.summary.length).toBeLessThan(300);
    expect(evidence[1]!.summary).toMatch(/; model calls in obs\/client\.py:4$/);
  });

  it('reads LangSmith tracing switched on in a notebook, at the notebook line', async () => {
    const cell = (source: string[]) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const notebook = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Support bot\n', 'Set LANGSMITH_API_KEY first.'] },
        cell(['import os\n', 'os.environ["LANGCHAIN_TRACING_V2"] = "true"\n', 'os.environ["LANGCHAIN_PROJECT"] = "support-bot"']),
        cell(['from langchain_anthropic import ChatAnthropic\n', '\n', 'llm = ChatAnthropic(model="claude-3-5-haiku-latest")\n', 'llm.invoke("Hello")']),
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const root = makeTree({ 'notebooks/bot.ipynb': JSON.stringify(notebook, null, 1) });
    roots.push(root);
    const result = await scanTree(root, [pythonAnalyzer]);
    const telemetry = result.evidence.find((e) => e.check === 'model-call-telemetry');
    expect(telemetry?.summary).toMatch(/^Python model calls are traced: LangSmith tracing \(LANGCHAIN_TRACING_V2=true\) at notebooks\/bot\.ipynb:\d+; model calls in notebooks\/bot\.ipynb:\d+$/);
    const text = JSON.stringify(notebook, null, 1).split('\n');
    expect(text[telemetry!.location!.startLine! - 1]).toContain('LANGCHAIN_TRACING_V2');
  });

  it('keeps per-file facts small and survives arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('from langfuse.openai import OpenAI\n', 'openlit.init(\n', 'import os\nos.environ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = ', '"true"\n', 'logger.info(q)\n', 'client.chat.completions.create(messages=q)\n', 'def f(q):\n  ', ')', '(', '[', '\n', 'from llm_guard import scan_prompt\nscan_prompt(s, q)\n'), { maxLength: 60 }), async (parts) => {
        const code = parts.join('');
        const fact = await withSyntaxTree('python', code, (root) => {
          const module = buildPythonModule(root);
          const monitor = new MonitoringCollector(module, code);
          collectAssets(module, 'x.py', () => {}, monitor);
          return monitor.finish();
        });
        if (fact) expect(JSON.stringify(fact).length).toBeLessThan(8000);
        const run = await runOnText(pythonAnalyzer, 'x.py', 'python', code);
        expect(run.inconclusive).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
