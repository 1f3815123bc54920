import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/llm-output-to-code-execution';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'agent.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags an agent loop that executes the code the model wrote, with the path as evidence', async () => {
    const found = await findings(`
      import re
      from openai import OpenAI

      client = OpenAI()
      FENCE = re.compile(r"\`\`\`python\\n(.*?)\`\`\`", re.S)


      def extract_code(text):
          match = FENCE.search(text)
          return match.group(1) if match else text


      def solve(task: str, max_steps: int = 5):
          history = [{"role": "user", "content": task}]
          for _ in range(max_steps):
              completion = client.chat.completions.create(model="gpt-4o", messages=history)
              reply = completion.choices[0].message.content
              code = extract_code(reply)
              scope = {}
              exec(code, scope)
              if "answer" in scope:
                  return scope["answer"]
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[20, 9]]);
    expect(found[0]!.message).toBe('LLM output from client.chat.completions.create reaches exec: runs it as Python');
    expect(found[0]!.evidence).toBe(
      'client.chat.completions.create(...) (line 16) -> completion (line 16) -> reply (line 17) -> extract_code(...) (line 18) -> code (line 18) -> exec(code, scope) (line 20)',
    );
  });

  it('follows Anthropic output through a self attribute set in one method and run in another', async () => {
    const found = await findings(`
      import anthropic


      class Calculator:
          def __init__(self):
              self.client = anthropic.Anthropic()
              self.expression = "0"

          def plan(self, question):
              message = self.client.messages.create(
                  model="claude-sonnet-4-5",
                  max_tokens=256,
                  messages=[{"role": "user", "content": f"Write a Python expression for: {question}"}],
              )
              self.expression = message.content[0].text.strip()

          def answer(self):
              return eval(self.expression)
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[18, 16]]);
    expect(found[0]!.evidence).toContain('self.expression (line 15)');
  });

  it('flags numexpr, pandas.eval and pickle.loads on model text, and awaited async clients', async () => {
    const found = await findings(`
      import pickle
      import base64
      import numexpr
      import pandas as pd
      from openai import AsyncOpenAI

      client = AsyncOpenAI()

      async def compute(question, frame):
          response = await client.responses.create(model="gpt-4.1", input=question)
          formula = response.output_text
          value = numexpr.evaluate(formula)
          column = pd.eval(formula)
          blob = pickle.loads(base64.b64decode(formula))
          return value, column, blob
    `);
    expect(found.map((f) => [f.location.startLine, f.evidence?.split(' -> ').at(-1)])).toEqual([
      [12, 'numexpr.evaluate(formula) (line 12)'],
      [13, 'pd.eval(formula) (line 13)'],
      [14, 'pickle.loads(base64.b64decode(formula)) (line 14)'],
    ]);
  });

  it('stays quiet for ast.literal_eval, user input, a local eval_model, a shadowed eval and names in strings', async () => {
    const found = await findings(`
      import ast
      from openai import OpenAI

      client = OpenAI()


      def eval_model(text):
          return len(text)


      def parse_numbers(prompt):
          reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
          content = reply.choices[0].message.content
          numbers = ast.literal_eval(content)
          eval(repr(numbers))  # literal_eval made it data
          eval_model(content)
          print("never call eval(reply) on model output")
          # exec(content) would be dangerous
          user_expression = input("expression: ")
          return eval(user_expression), numbers
    `);
    expect(found).toEqual([]);
  });

  it('does not treat a module-local function named eval as the builtin', async () => {
    const found = await findings(`
      from openai import OpenAI

      def eval(text):
          return text.count("yes")

      client = OpenAI()
      reply = client.chat.completions.create(model="gpt-4o", messages=[])
      score = eval(reply.choices[0].message.content)
    `);
    expect(found).toEqual([]);
  });
});
