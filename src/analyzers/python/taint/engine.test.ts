/**
 * The taint engine behind the python/llm-output-to-* rules: which calls are LLM sources, how flows propagate
 * and are cleaned, what the evidence says, and that hostile or huge input neither throws nor takes long.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutations, mutate } from '../../../../test/support/mutations.js';
import { runAnalyzer } from '../../../../test/support/run-analyzer.js';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { withSyntaxTree } from '../../../parsers/tree-sitter.js';
import { pythonAnalyzer } from '../analyzer.js';
import { buildPythonModule } from '../module.js';
import { TAINT_RULES } from '../taint-rules.js';
import { pathEvidence, taintOf } from './engine.js';

const TAINT_IDS = new Set(TAINT_RULES.map((rule) => rule.meta.id));

async function taintFindings(code: string, path = 'app.py') {
  const run = await runOnText(pythonAnalyzer, path, 'python', dedent(code));
  return run.findings.filter((finding) => TAINT_IDS.has(finding.ruleId)).map((f) => [f.ruleId.slice('python/'.length), f.location.startLine] as const);
}

describe('LLM output sources', () => {
  it('recognises the SDKs of each provider, through aliases, bindings and await', async () => {
    const found = await taintFindings(`
      import os
      import openai
      import cohere
      import ollama
      import google.generativeai as genai
      from google import genai as google_genai
      from huggingface_hub import InferenceClient
      from transformers import pipeline
      from anthropic import AsyncAnthropic, AnthropicBedrock


      async def everything(prompt):
          legacy = openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[])
          os.system(legacy["choices"][0]["message"]["content"])
          bedrock = AnthropicBedrock().messages.create(model="m", max_tokens=10, messages=[])
          os.system(bedrock.content[0].text)
          async_reply = await AsyncAnthropic().messages.create(model="m", max_tokens=10, messages=[])
          os.system(async_reply.content[0].text)
          gemini = genai.GenerativeModel("gemini-1.5-pro").generate_content(prompt)
          os.system(gemini.text)
          client = google_genai.Client()
          os.system(client.models.generate_content(model="gemini-2.0-flash", contents=prompt).text)
          os.system(cohere.ClientV2().chat(model="command-r", messages=[]).message.content[0].text)
          os.system(ollama.Client(host="http://gpu:11434").generate(model="llama3", prompt=prompt)["response"])
          os.system(InferenceClient().text_generation(prompt))
          generator = pipeline("text-generation", model="gpt2", revision="e7da7f2")
          os.system(generator(prompt)[0]["generated_text"])
    `);
    expect(found).toEqual([14, 16, 18, 20, 22, 23, 24, 25, 27].map((line) => ['llm-output-to-shell', line]));
  });

  it('treats LangChain models, chains built with | or LLMChain, bound models and agents as LLMs', async () => {
    const found = await taintFindings(`
      import subprocess
      from langchain.chains import LLMChain
      from langchain.agents import AgentExecutor, create_react_agent
      from langchain.chat_models import init_chat_model
      from langchain_community.llms import Ollama
      from langchain_core.prompts import PromptTemplate
      from langchain_openai import OpenAIEmbeddings

      prompt = PromptTemplate.from_template("{q}")
      local = Ollama(model="llama3")
      model = init_chat_model("gpt-4o", model_provider="openai")
      structured = model.with_structured_output(dict)
      legacy_chain = LLMChain(llm=local, prompt=prompt)
      agent = AgentExecutor(agent=create_react_agent(model, [], prompt), tools=[])
      embeddings = OpenAIEmbeddings()


      def run(q):
          subprocess.run(local.invoke(q), shell=True)
          subprocess.run(legacy_chain.run(q), shell=True)
          subprocess.run(structured.invoke(q)["command"], shell=True)
          subprocess.run(agent.invoke({"input": q})["output"], shell=True)
          subprocess.run((prompt | local).invoke({"q": q}), shell=True)
          subprocess.run(str(embeddings.embed_query(q)), shell=True)
    `);
    expect(found).toEqual([19, 20, 21, 22, 23].map((line) => ['llm-output-to-shell', line]));
  });

  it("takes the project's own LLM wrapper module as a source, by its name, since other files are not seen", async () => {
    const found = await taintFindings(`
      import os
      from app import llm
      from . import llm as model_api
      from .llm_client import ask as ask_model
      from .db import complete
      from . import utils


      def handle(ticket):
          os.system(llm.complete(ticket["body"]))
          os.system(model_api.answer(ticket["body"], []))
          os.system(ask_model(ticket["body"]))
          os.system(llm.load_prompt("refund"))
          os.system(complete(ticket["id"]))
          os.system(utils.generate(ticket["id"]))
    `);
    expect(found).toEqual([10, 11, 12].map((line) => ['llm-output-to-shell', line]));
  });

  it('ignores look-alike APIs: Twilio messages.create, a local chat() function, an embeddings call', async () => {
    const found = await taintFindings(`
      import os
      from twilio.rest import Client
      from openai import OpenAI

      twilio = Client("sid", "token")
      openai_client = OpenAI()


      def chat(text):
          return text.upper()


      def notify(number):
          message = twilio.messages.create(body="hi", from_="+1", to=number)
          os.system(message.sid)
          os.system(chat("ls"))
          vector = openai_client.embeddings.create(model="text-embedding-3-small", input="x")
          os.system(vector.data[0].embedding)
    `);
    expect(found).toEqual([]);
  });
});

describe('propagation', () => {
  it('follows tuple unpacking, +=, comprehensions, with-as, walrus, generators, closures and globals', async () => {
    const found = await taintFindings(`
      import os
      from anthropic import Anthropic

      client = Anthropic()
      LAST = ""


      def stream_lines(prompt):
          with client.messages.stream(model="m", max_tokens=100, messages=[]) as stream:
              for text in stream.text_stream:
                  yield text


      def remember(prompt):
          global LAST
          LAST = client.messages.create(model="m", max_tokens=10, messages=[]).content[0].text


      def main(prompt):
          first, second = "echo", next(stream_lines(prompt))
          os.system(first)
          os.system(second)
          command = "echo "
          command += " ".join(line for line in stream_lines(prompt))
          os.system(command)
          if (chosen := [part.strip() for part in stream_lines(prompt)][0]):
              os.system(chosen)

          def inner():
              os.system(second)

          os.system(LAST)
    `);
    expect(found).toEqual([22, 25, 27, 30, 32].map((line) => ['llm-output-to-shell', line]));
  });

  it('is context-sensitive through return values: a helper is tainted only where it is given LLM text', async () => {
    const found = await taintFindings(`
      import os
      from openai import OpenAI

      client = OpenAI()


      def tidy(text):
          return text.strip().lower()


      def main():
          reply = client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content
          os.system(tidy("  LS -LA  "))
          os.system(tidy(reply))
    `);
    expect(found).toEqual([['llm-output-to-shell', 14]]);
  });

  it('cleans a flow only for the sinks its sanitiser covers', async () => {
    const found = await taintFindings(`
      import html
      import os
      import shlex
      from markupsafe import Markup
      from openai import OpenAI

      client = OpenAI()
      reply = client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content
      quoted = shlex.quote(reply)
      escaped = html.escape(reply)
      os.system("echo " + quoted)
      Markup(quoted)
      os.system("echo " + escaped)
      Markup(escaped)
      os.system("echo %d" % len(reply))
    `);
    expect(found).toEqual([
      ['llm-output-to-html', 12],
      ['llm-output-to-shell', 13],
    ]);
  });
});

describe('response metadata', () => {
  it('ends the flow at fields the provider fills in (ids, token counts, model name), not the model', async () => {
    const found = await taintFindings(`
      import sqlite3
      from openai import OpenAI

      client = OpenAI()
      db = sqlite3.connect("usage.db")


      def record(prompt):
          response = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
          db.execute(f"INSERT INTO usage VALUES ('{response.id}', {response.usage.total_tokens}, '{response.model}')")
          db.execute(f"INSERT INTO reasons VALUES ('{response.choices[0].finish_reason}')")
          with open(f"runs/{response.id}.json", "w") as handle:
              handle.write(response.model_dump_json())
          db.execute(f"INSERT INTO answers VALUES ('{response.choices[0].message.content}')")
    `);
    expect(found).toEqual([['llm-output-to-sql', 14]]);
  });
});

describe('evidence', () => {
  it('keeps the source and the sink and elides the middle of a long path', () => {
    let path: { label: string; line: number; prev: undefined | object } | undefined;
    for (let i = 1; i <= 30; i++) path = { label: i === 1 ? 'client.chat.completions.create(...)' : `variable_number_${i}`, line: i, prev: path } as never;
    const text = pathEvidence({ source: 'client.chat.completions.create', mask: 63, tail: false, path: path as never }, 'os.system(cmd)', 31);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text.startsWith('client.chat.completions.create(...) (line 1) -> ')).toBe(true);
    expect(text.endsWith(' -> os.system(cmd) (line 31)')).toBe(true);
    expect(text).toContain('…');
  });

  it('writes evidence lines through the module\'s displayLine when it has one (notebooks)', async () => {
    const code = 'from openai import OpenAI\nreply = OpenAI().chat.completions.create()\nexec(reply.output_text)\n';
    const evidence = await withSyntaxTree('python', code, (root) => {
      const module = { ...buildPythonModule(root), displayLine: (line: number) => line * 10 };
      const found: string[] = [];
      for (const rule of TAINT_RULES) rule.check(module, (report) => found.push(report.evidence ?? ''));
      return found;
    });
    expect(evidence).toEqual(['OpenAI().chat.completions.create(...) (line 20) -> reply (line 20) -> exec(reply.output_text) (line 30)']);
  });

  it('finds a flow across notebook cells and points at the line of the .ipynb file', async () => {
    const notebook = JSON.stringify(
      {
        cells: [
          { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: ['from openai import OpenAI\n', 'client = OpenAI()\n'] },
          { cell_type: 'markdown', metadata: {}, source: ['eval(reply) in markdown is not code\n'] },
          {
            cell_type: 'code',
            metadata: {},
            execution_count: 2,
            outputs: [],
            source: ['reply = client.chat.completions.create(model="gpt-4o", messages=[])\n', 'code = reply.choices[0].message.content\n'],
          },
          { cell_type: 'code', metadata: {}, execution_count: 3, outputs: [], source: ['!pip install numpy\n', 'exec(code)\n'] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const run = await runAnalyzer(pythonAnalyzer, { path: 'agent.ipynb', type: 'notebook' }, new TextEncoder().encode(notebook));
    const found = run.findings.filter((f) => f.ruleId === 'python/llm-output-to-code-execution');
    const line = notebook.split('\n').findIndex((text) => text.includes('"exec(code)')) + 1;
    expect(found.map((f) => f.location.startLine)).toEqual([line]);
    expect(notebook.split('\n')[line - 1]!.slice(found[0]!.location.startColumn! - 1)).toMatch(/^exec\(code\)/);
  });
});

const SAMPLE = dedent(`
  import os, subprocess, sqlite3, requests
  from openai import OpenAI
  from langchain_openai import ChatOpenAI
  from markupsafe import Markup

  client = OpenAI()
  llm = ChatOpenAI()
  chain = prompt | llm

  class Bot:
      def __init__(self):
          self.reply = ""

      def ask(self, q):
          r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}])
          self.reply = r.choices[0].message.content

      def act(self, cur):
          a, b = self.reply.split(" ", 1)
          cur.execute(f"SELECT {a}")
          subprocess.run(b, shell=True)
          requests.get(self.reply)
          open(os.path.join("/tmp", b))
          return Markup(chain.invoke(a)), eval(b)
`);

const TOKENS = [
  'client.chat.completions.create(', 'llm.invoke(', 'eval(', 'exec(', 'os.system(', 'subprocess.run(', 'shell=True', 'cur.execute(',
  'open(', 'requests.get(', 'Markup(', 'shlex.quote(', 'reply', ' = ', '+= ', '(', ')', '[', ']', '{', '}', ',', ':', '.', '"', "'",
  '\n', '    ', 'def f(x):', 'return ', 'class C:', 'self.', 'for x in ', 'with ', ' as ', 'lambda y: ', 'yield ', 'await ', 'global g',
  'f"{', '}"', ' | ', ' % ', 'import os', 'from openai import OpenAI', '\u0000', '\ud800', 'é', '#',
];

describe('the engine on hostile and large input', () => {
  it('finds every taint rule in the sample the mutations start from', async () => {
    const run = await runOnText(pythonAnalyzer, 'bot.py', 'python', SAMPLE);
    expect([...new Set(run.findings.filter((f) => TAINT_IDS.has(f.ruleId)).map((f) => f.ruleId))].sort()).toEqual([...TAINT_IDS].sort());
  });

  it('never throws on mutated code and stays fast', async () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    await fc.assert(
      fc.asyncProperty(mutations, async (list) => {
        const started = performance.now();
        const run = await runAnalyzer(pythonAnalyzer, { path: 'fuzz.py', type: 'python' }, mutate(bytes, list));
        expect(Array.isArray(run.findings)).toBe(true);
        for (const finding of run.findings) expect((finding.evidence ?? '').length).toBeLessThanOrEqual(200);
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 25 },
    );
  });

  it('never throws on random Python-ish token soup', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }), async (parts) => {
        const started = performance.now();
        const run = await runOnText(pythonAnalyzer, 'soup.py', 'python', parts.join(''));
        expect(Array.isArray(run.findings)).toBe(true);
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 60 },
    );
  });

  it('survives deep nesting and long assignment chains in bounded time', async () => {
    const depth = 5000;
    const inputs = [
      `from openai import OpenAI\nr = OpenAI().chat.completions.create()\neval(${'('.repeat(depth)}r${')'.repeat(depth)})\n`,
      `from openai import OpenAI\nr = OpenAI().chat.completions.create()\neval(${'str('.repeat(depth)}r${')'.repeat(depth)})\n`,
      `from openai import OpenAI\nv0 = OpenAI().chat.completions.create()\n${Array.from({ length: 3000 }, (_, i) => `v${i + 1} = v${i}`).join('\n')}\neval(v3000)\n`,
      `from openai import OpenAI\nx = OpenAI().chat.completions.create()\n${Array.from({ length: 500 }, (_, i) => `${'    '.repeat(i)}if x:`).join('\n')}\n${'    '.repeat(500)}eval(x)\n`,
    ];
    for (const code of inputs) {
      const started = performance.now();
      const run = await runOnText(pythonAnalyzer, 'deep.py', 'python', code);
      expect(Array.isArray(run.findings)).toBe(true);
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });

  it('analyses a 20,000-line module in bounded time with a bounded number of passes', async () => {
    const unit = dedent(`
      def ask_N(question):
          response = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
          return response.choices[0].message.content

      def clean_N(text):
          return text.strip().strip("\`")

      def handler_N(q):
          sql = clean_N(ask_N(f"SQL for: {q}"))
          cur = db.cursor()
          cur.execute("SELECT * FROM t WHERE a = ?", (sql,))
          parts = [p for p in sql.split() if p]
          os.system("echo " + parts[0])
          return {"rows": cur.fetchall()}
    `);
    const lines = ['import os', 'import sqlite3', 'from openai import OpenAI', 'client = OpenAI()', 'db = sqlite3.connect("x.db")'];
    for (let i = 0; lines.length < 20_000; i++) lines.push(...unit.replaceAll('_N', `_${i}`).split('\n'));
    const code = lines.join('\n');
    await withSyntaxTree('python', code, (root) => {
      const module = buildPythonModule(root);
      // CPU time, not wall time: the test suite runs files in parallel, and a busy machine stretches wall time.
      const before = process.cpuUsage();
      const analysis = taintOf(module);
      const used = process.cpuUsage(before);
      const ms = (used.user + used.system) / 1000;
      expect(analysis.rounds).toBeLessThanOrEqual(12);
      expect(analysis.calls.length).toBeGreaterThan(10_000);
      // Measured at 0.3-1.5 s of CPU on a two-core machine under a load average of 20 (including the
      // copy of the tree out of WASM, about a third); an exponential blow-up would take minutes.
      expect(ms).toBeLessThan(5000);
      expect(taintOf(module)).toBe(analysis);
    });
  }, 30_000);
});
