import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/llm-output-to-shell';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'tools.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a LangChain chain whose output runs in a shell, through a helper function', async () => {
    const found = await findings(`
      import subprocess
      from langchain_openai import ChatOpenAI
      from langchain_core.prompts import ChatPromptTemplate
      from langchain_core.output_parsers import StrOutputParser

      prompt = ChatPromptTemplate.from_template("Give one bash command that does: {task}")
      llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
      chain = prompt | llm | StrOutputParser()


      def run(command: str) -> str:
          result = subprocess.run(command, shell=True, capture_output=True, text=True)
          return result.stdout


      def do_task(task: str) -> str:
          command = chain.invoke({"task": task}).strip()
          return run(command)
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[12, 14]]);
    expect(found[0]!.message).toBe(
      'LLM output from chain.invoke reaches subprocess.run(shell=True): the command line is parsed by a shell, so it can execute any command',
    );
    expect(found[0]!.evidence).toBe(
      'chain.invoke(...) (line 17) -> command (line 17) -> run(...) (line 18) -> command (line 11) -> subprocess.run(...) (line 12)',
    );
  });

  it('flags os.system, os.popen and a model-chosen program, and a split reply run as a command', async () => {
    const found = await findings(`
      import os
      import shlex
      import subprocess
      import ollama


      def suggest(task):
          response = ollama.chat(model="llama3.1", messages=[{"role": "user", "content": task}])
          return response["message"]["content"]


      def main():
          cmd = suggest("list large files")
          os.system(cmd)
          listing = os.popen("ls " + cmd).read()
          subprocess.Popen([cmd, "--verbose"])
          subprocess.check_output(shlex.split(cmd))
          return listing
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([14, 15, 16, 17]);
  });

  it('stays quiet for fixed argument lists, shlex.quote, a literal command and model text only logged', async () => {
    const found = await findings(`
      import logging
      import shlex
      import subprocess
      from anthropic import Anthropic

      client = Anthropic()
      log = logging.getLogger(__name__)


      def commit(diff: str) -> None:
          message = client.messages.create(model="claude-haiku-4-5", max_tokens=200, messages=[{"role": "user", "content": diff}])
          summary = message.content[0].text
          log.info("model said %s", summary)
          subprocess.run(["git", "commit", "-m", summary], check=True)
          args = ["git", "tag", "-a", "v1", "-m"]
          args += [summary]
          subprocess.run(args, check=True)
          subprocess.run(f"git notes add -m {shlex.quote(summary)}", shell=True)
          subprocess.run("git status", shell=True)
          # os.system(summary) would be dangerous
    `);
    expect(found).toEqual([]);
  });

  it('does not count user input that is not model output', async () => {
    const found = await findings(`
      import os
      import sys

      os.system(sys.argv[1])
      os.system(input("command: "))
    `);
    expect(found).toEqual([]);
  });
});
