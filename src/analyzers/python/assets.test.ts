import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { compareAssets } from '../../core/asset.js';
import { pythonAnalyzer } from './analyzer.js';

async function assetsOf(code: string) {
  const run = await runOnText(pythonAnalyzer, 'app/chat.py', 'python', dedent(code));
  return run.assets.sort(compareAssets).map(({ kind, name, version, location, properties }) => ({ kind, name, ...(version === undefined ? {} : { version }), line: location.startLine, ...properties }));
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('python assets', () => {
  it('records hub models and datasets, pinned or not, with the loader and trust_remote_code', async () => {
    const assets = await assetsOf(`
      from transformers import AutoModelForCausalLM, AutoTokenizer
      from datasets import load_dataset

      MODEL = "meta-llama/Llama-3.1-8B-Instruct"

      def load():
          tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct", revision="${COMMIT}")
          model = AutoModelForCausalLM.from_pretrained("org/custom", revision="main", trust_remote_code=True)
          data = load_dataset("tatsu-lab/alpaca")
          local = load_dataset("csv", data_files="train.csv")
          mine = AutoModelForCausalLM.from_pretrained("./checkpoints/final")
          return tokenizer, model, data
    `);
    expect(assets).toEqual([
      { kind: 'dataset', name: 'tatsu-lab/alpaca', line: 9, source: 'hub', pinned: 'false', loader: 'datasets.load_dataset' },
      { kind: 'model', name: 'meta-llama/Llama-3.1-8B-Instruct', version: COMMIT, line: 7, source: 'hub', pinned: 'true', loader: 'transformers.AutoTokenizer.from_pretrained' },
      { kind: 'model', name: 'org/custom', version: 'main', line: 8, source: 'hub', pinned: 'false', loader: 'transformers.AutoModelForCausalLM.from_pretrained', trust_remote_code: 'true' },
    ]);
  });

  it('records a hf_hub_download of a dataset repository as a dataset', async () => {
    const assets = await assetsOf(`
      from huggingface_hub import hf_hub_download
      path = hf_hub_download("org/corpus", "train.parquet", repo_type="dataset")
    `);
    expect(assets).toEqual([{ kind: 'dataset', name: 'org/corpus', line: 2, source: 'hub', pinned: 'false', loader: 'huggingface_hub.hf_hub_download' }]);
  });

  it('records provider clients, the literal model names they call and base URLs', async () => {
    const assets = await assetsOf(`
      import anthropic
      from openai import OpenAI
      from langchain_openai import ChatOpenAI

      client = OpenAI(base_url="https://llm.internal.example/v1")
      claude = anthropic.Anthropic()

      def answer(question: str, model_name: str) -> str:
          reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
          other = client.chat.completions.create(model=model_name, messages=[])
          msg = claude.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[])
          llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
          return reply.choices[0].message.content
    `);
    expect(assets).toEqual([
      { kind: 'service', name: 'anthropic', line: 6, sdk: 'anthropic' },
      { kind: 'service', name: 'anthropic', line: 11, sdk: 'anthropic', model: 'claude-sonnet-4-5' },
      { kind: 'service', name: 'openai', line: 5, sdk: 'openai', endpoint: 'https://llm.internal.example/v1' },
      { kind: 'service', name: 'openai', line: 9, sdk: 'openai', model: 'gpt-4o' },
      { kind: 'service', name: 'openai', line: 12, sdk: 'langchain-openai', model: 'gpt-4o-mini' },
    ]);
  });

  it("records Langfuse's drop-in OpenAI client as OpenAI", async () => {
    const assets = await assetsOf(`
      from langfuse.openai import OpenAI

      client = OpenAI()

      def answer(question: str) -> str:
          reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])
          return reply.choices[0].message.content
    `);
    expect(assets).toEqual([
      { kind: 'service', name: 'openai', line: 3, sdk: 'langfuse' },
      { kind: 'service', name: 'openai', line: 6, sdk: 'langfuse', model: 'gpt-4o-mini' },
    ]);
  });

  it('records Bedrock through boto3 only for the bedrock services, and litellm/ollama calls', async () => {
    const assets = await assetsOf(`
      import boto3
      import litellm
      import ollama

      bedrock = boto3.client("bedrock-runtime", region_name="eu-west-1")
      s3 = boto3.client("s3")
      out = litellm.completion(model="groq/llama3-70b-8192", messages=[])
      local = ollama.chat(model="llama3.2", messages=[])
    `);
    expect(assets).toEqual([
      { kind: 'service', name: 'bedrock', line: 5, sdk: 'boto3' },
      { kind: 'service', name: 'litellm', line: 7, sdk: 'litellm', model: 'groq/llama3-70b-8192' },
      { kind: 'service', name: 'ollama', line: 8, sdk: 'ollama', model: 'llama3.2' },
    ]);
  });

  it('records Gemini models given positionally, init_chat_model providers and the Hugging Face inference client', async () => {
    const assets = await assetsOf(`
      import google.generativeai as genai
      from huggingface_hub import InferenceClient
      from langchain.chat_models import init_chat_model

      gemini = genai.GenerativeModel("gemini-1.5-pro")
      claude = init_chat_model("anthropic:claude-3-5-sonnet-latest", temperature=0)
      gpt = init_chat_model("gpt-4o", model_provider="openai")
      hf = InferenceClient(model="meta-llama/Llama-3.1-8B-Instruct")
    `);
    expect(assets).toEqual([
      { kind: 'service', name: 'anthropic', line: 6, sdk: 'langchain', model: 'claude-3-5-sonnet-latest' },
      { kind: 'service', name: 'google', line: 5, sdk: 'google-generativeai', model: 'gemini-1.5-pro' },
      { kind: 'service', name: 'huggingface', line: 8, sdk: 'huggingface_hub', model: 'meta-llama/Llama-3.1-8B-Instruct' },
      { kind: 'service', name: 'openai', line: 7, sdk: 'langchain', model: 'gpt-4o' },
    ]);
  });

  it('records agent tools and vector stores', async () => {
    const assets = await assetsOf(`
      from langchain_experimental.tools import PythonREPLTool
      from langchain_community.agent_toolkits.load_tools import load_tools
      from langchain_community.vectorstores import FAISS, Chroma
      import chromadb

      def build(embeddings):
          tools = [PythonREPLTool()] + load_tools(["terminal", "wikipedia"])
          index = FAISS.load_local("index", embeddings)
          docs = Chroma(persist_directory="db", embedding_function=embeddings)
          client = chromadb.PersistentClient(path="db")
          return tools, index, docs, client
    `);
    expect(assets).toEqual([
      { kind: 'agent-tool', name: 'PythonREPLTool', line: 7, framework: 'langchain' },
      { kind: 'agent-tool', name: 'terminal', line: 7, framework: 'langchain' },
      { kind: 'vector-store', name: 'chroma', line: 9, sdk: 'langchain_community', class: 'Chroma' },
      { kind: 'vector-store', name: 'chroma', line: 10, sdk: 'chromadb' },
      { kind: 'vector-store', name: 'faiss', line: 8, sdk: 'langchain_community', class: 'FAISS' },
    ]);
  });

  it('records system prompts written as literals, with the hash of the text', async () => {
    const system = 'You are a support assistant for Acme. Never reveal internal ticket notes.';
    const assets = await assetsOf(`
      from anthropic import Anthropic
      from openai import OpenAI
      from langchain_core.messages import SystemMessage
      from langchain_core.prompts import ChatPromptTemplate

      SYSTEM = "ignored: only literals passed as a system message count"

      def ask(question):
          OpenAI().chat.completions.create(
              model="gpt-4o",
              messages=[
                  {"role": "system", "content": "${system}"},
                  {"role": "user", "content": question},
              ],
          )
          Anthropic().messages.create(model="claude-3-5-haiku-latest", system="Answer in French.", messages=[], max_tokens=100)
          prompt = ChatPromptTemplate.from_messages([("system", "You summarise documents."), ("human", "{text}")])
          messages = [SystemMessage(content="Be terse."), {"role": "user", "content": "hi"}]
          return prompt, messages
    `);
    const prompts = assets.filter((asset) => asset.kind === 'prompt');
    expect(prompts).toEqual([
      { kind: 'prompt', name: 'app/chat.py:12', line: 12, source: 'code', sha256: sha(system), via: 'message', length: String(system.length) },
      { kind: 'prompt', name: 'app/chat.py:16', line: 16, source: 'code', sha256: sha('Answer in French.'), via: 'system=', length: '17' },
      { kind: 'prompt', name: 'app/chat.py:17', line: 17, source: 'code', sha256: sha('You summarise documents.'), via: 'message', length: '24' },
      { kind: 'prompt', name: 'app/chat.py:18', line: 18, source: 'code', sha256: sha('Be terse.'), via: 'SystemMessage', length: '9' },
    ]);
  });

  it('follows a module constant that holds the system prompt, but not one assigned twice or computed', async () => {
    const assets = await assetsOf(`
      from openai import OpenAI

      SYSTEM_PROMPT = (
          "You are the Acme billing assistant. "
          "Only answer questions about invoices."
      )
      MUTABLE = "first"
      MUTABLE = "second"
      LOADED = open("prompts/system.txt").read()

      def ask(question):
          return OpenAI().chat.completions.create(
              model="gpt-4o",
              messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "system", "content": MUTABLE}, {"role": "system", "content": LOADED}],
          )
    `);
    const text = 'You are the Acme billing assistant. Only answer questions about invoices.';
    expect(assets.filter((a) => a.kind === 'prompt')).toEqual([
      { kind: 'prompt', name: 'app/chat.py:14', line: 14, source: 'code', sha256: sha(text), via: 'message', length: String(text.length) },
    ]);
  });

  it('records nothing for look-alikes: names in strings and comments, other libraries, variables', async () => {
    const assets = await assetsOf(`
      # client = OpenAI(); AutoModel.from_pretrained("org/name")
      import mylib

      text = 'OpenAI(model="gpt-4o")'
      model = mylib.Model.from_pretrained("org/name")
      store = mylib.FAISS()
      roles = {"role": "system", "content": some_variable}

      from openai import APIError
      from openai.types.chat import ChatCompletionMessageParam
      message = ChatCompletionMessageParam(role="user", content="hi")
      error = APIError("boom", request=None, body=None)
    `);
    expect(assets).toEqual([]);
  });
});

describe('python assets on damaged code', () => {
  it('never throw on arbitrary fragments of SDK code', async () => {
    const fc = (await import('fast-check')).default;
    const parts = ['from openai import OpenAI\n', 'import anthropic\n', 'from transformers import AutoModel\n', 'OpenAI(', 'model="gpt-4o"', ')', '{"role": "system", "content": ', '"x"', '}', '("system", "y")', 'AutoModel.from_pretrained("a/b", revision=', '\n', ',', 'SystemMessage(', '\u0000', '\ud800', '(((('];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...parts), { maxLength: 40 }), async (list) => {
        const run = await runOnText(pythonAnalyzer, 'x.py', 'python', list.join(''));
        for (const asset of run.assets) expect(asset.name.length).toBeLessThanOrEqual(400);
      }),
      { numRuns: 60 },
    );
  });
});
