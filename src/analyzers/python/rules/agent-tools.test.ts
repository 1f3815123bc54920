import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

async function findings(rule: string, code: string) {
  const run = await runOnText(pythonAnalyzer, 'agent.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === rule);
}

const lines = (found: { location: { startLine?: number; startColumn?: number } }[]) => found.map((f) => [f.location.startLine, f.location.startColumn]);

describe('python/agent-code-execution-tool', () => {
  const RULE = 'python/agent-code-execution-tool';

  it('flags REPL and shell tools, math and PAL chains, load_tools names and allow_dangerous_code=True', async () => {
    const found = await findings(RULE, `
      import pandas as pd
      from langchain_openai import ChatOpenAI
      from langchain_experimental.tools import PythonREPLTool, PythonAstREPLTool
      from langchain_experimental.utilities import PythonREPL
      from langchain_experimental.pal_chain import PALChain
      from langchain_experimental.agents import create_pandas_dataframe_agent
      from langchain_community.tools import ShellTool
      from langchain.chains import LLMMathChain
      from langchain.agents import load_tools, initialize_agent

      llm = ChatOpenAI(model="gpt-4o")

      def build_agent(df: pd.DataFrame):
          repl = PythonREPL()
          tools = [PythonREPLTool(), PythonAstREPLTool(locals={"df": df}), ShellTool()]
          math = LLMMathChain.from_llm(llm)
          pal = PALChain.from_math_prompt(llm, verbose=True)
          more = load_tools(["terminal", "serpapi"], llm=llm)
          agent = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=True)
          result = repl.run("print(1)")
          return initialize_agent(tools + more, llm), math, pal, agent, result
    `);
    expect(lines(found)).toEqual([[14, 12], [15, 14], [15, 32], [15, 70], [16, 12], [17, 11], [18, 12], [19, 13]]);
    expect(found[0]!.message).toContain("LangChain's PythonREPL");
    expect(found[4]!.message).toContain('LLMMathChain');
    expect(found[6]!.message).toContain('"terminal" tool');
    expect(found[7]!.message).toContain('allow_dangerous_code=True');
  });

  it('accepts the class from any langchain package path and ignores look-alikes from elsewhere', async () => {
    const found = await findings(RULE, `
      import langchain_experimental.tools.python.tool as pytool
      from code import InteractiveConsole
      from mytools import PythonREPLTool, ShellTool
      from langchain_community.tools import DuckDuckGoSearchRun

      a = pytool.PythonREPLTool()
      b = PythonREPLTool()
      c = ShellTool()
      d = DuckDuckGoSearchRun()
      e = InteractiveConsole()
      f = create_agent(allow_dangerous_code=False)
      doc = "PythonREPLTool() lets the model run code"
    `);
    expect(lines(found)).toEqual([[6, 5]]);
  });
});

describe('python/agent-dangerous-requests', () => {
  const RULE = 'python/agent-dangerous-requests';

  it('flags the requests toolkit, OpenAPI toolkit, requests tools by name and allow_dangerous_requests=True', async () => {
    const found = await findings(RULE, `
      from langchain_community.agent_toolkits.openapi.toolkit import OpenAPIToolkit, RequestsToolkit
      from langchain_community.utilities.requests import TextRequestsWrapper
      from langchain_community.agent_toolkits.load_tools import load_tools

      def toolkits(llm, spec):
          wrapper = TextRequestsWrapper(headers={})
          requests_kit = RequestsToolkit(requests_wrapper=wrapper, allow_dangerous_requests=True)
          api_kit = OpenAPIToolkit.from_llm(llm, spec, wrapper)
          loaded = load_tools(["requests_all", "llm-math"], llm=llm)
          return requests_kit, api_kit, loaded
    `);
    expect(lines(found)).toEqual([[7, 20], [8, 15], [9, 14]]);
    expect(found[0]!.message).toContain('allow_dangerous_requests=True');
    expect(found[1]!.message).toContain('OpenAPIToolkit');
    expect(found[2]!.message).toContain('"requests_all"');
  });

  it('stays quiet for the requests library, a wrapper alone and allow_dangerous_requests=False', async () => {
    const found = await findings(RULE, `
      import requests
      from langchain_community.utilities.requests import TextRequestsWrapper

      wrapper = TextRequestsWrapper(headers={})
      page = requests.get("https://example.com", timeout=10)
      kit = build_toolkit(wrapper, allow_dangerous_requests=False)
    `);
    expect(found).toEqual([]);
  });
});

describe('python/unsafe-vector-store-deserialization', () => {
  const RULE = 'python/unsafe-vector-store-deserialization';

  it('flags FAISS.load_local with allow_dangerous_deserialization=True', async () => {
    const found = await findings(RULE, `
      from langchain_community.vectorstores import FAISS
      from langchain_openai import OpenAIEmbeddings

      def retriever(index_dir):
          store = FAISS.load_local(
              index_dir,
              OpenAIEmbeddings(),
              allow_dangerous_deserialization=True,
          )
          return store.as_retriever()
    `);
    expect(lines(found)).toEqual([[5, 13]]);
    expect(found[0]!.evidence).toBe('FAISS.load_local( index_dir, OpenAIEmbeddings(), allow_dangerous_deserialization=True, )');
  });

  it('stays quiet without the flag or with it off', async () => {
    const found = await findings(RULE, `
      from langchain_community.vectorstores import FAISS

      a = FAISS.load_local("index", embeddings)
      b = FAISS.load_local("index", embeddings, allow_dangerous_deserialization=False)
      # FAISS.load_local("index", embeddings, allow_dangerous_deserialization=True)
    `);
    expect(found).toEqual([]);
  });
});
