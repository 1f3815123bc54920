import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/llm-output-to-code-execution';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, /\.[mc]?tsx?$/.test(path) ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags eval, new Function, vm and setTimeout with code the model wrote', async () => {
    const found = await findings('calculator.cjs', `
      const vm = require('node:vm');
      const { GoogleGenerativeAI } = require('@google/generative-ai');

      const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY);
      const model = genAI.getGenerativeModel({ model: 'gemini-1.5-flash' });

      async function solve(problem) {
        const result = await model.generateContent('Write a JS expression for: ' + problem);
        const code = result.response.text();
        const value = eval(code);
        const fn = new Function('x', \`return \${code}\`);
        vm.runInNewContext(code, { Math });
        const script = new vm.Script(code);
        setTimeout(code, 10);
        setTimeout(() => console.log(code), 10);
        return [value, fn, script];
      }
      module.exports = { solve };
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [10, 17],
      [11, 14],
      [12, 3],
      [13, 18],
      [14, 3],
    ]);
    expect(found[0]!.message).toContain('model.generateContent(...), line 8');
    expect(found[0]!.evidence).toBe('model.generateContent(...) (line 8) -> result (line 8) -> code (line 9) -> eval(code) (line 10)');
  });

  it('follows a streamed reply through for await, a LangChain model and a function parameter', async () => {
    const found = await findings('plugin.mts', `
      import { ChatAnthropic } from '@langchain/anthropic';
      import OpenAI from 'openai';

      const llm = new ChatAnthropic({ model: 'claude-sonnet-4-5' });
      const openai = new OpenAI();

      function runPlugin(source: string): unknown {
        return Function('"use strict"; ' + source)();
      }

      export async function main(): Promise<void> {
        const message = await llm.invoke('Write a plugin');
        runPlugin(String(message.content));

        const stream = await openai.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [] });
        let code = '';
        for await (const chunk of stream) code += chunk.choices[0]?.delta?.content ?? '';
        eval(code);
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([8, 18]);
    expect(found[0]!.evidence).toContain('llm.invoke(...) (line 12)');
  });

  it('recognises the legacy openai v3 client and a LangChain LLMChain', async () => {
    const found = await findings('legacy.js', `
      const { Configuration, OpenAIApi } = require('openai');
      const { LLMChain } = require('langchain/chains');
      const { OpenAI } = require('@langchain/openai');
      const { PromptTemplate } = require('@langchain/core/prompts');

      const openai = new OpenAIApi(new Configuration({ apiKey: process.env.OPENAI_API_KEY }));
      const chain = new LLMChain({ llm: new OpenAI({ temperature: 0 }), prompt: PromptTemplate.fromTemplate('Formula for {q}') });

      async function compute(q) {
        const response = await openai.createChatCompletion({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: q }] });
        const first = eval(response.data.choices[0].message.content);
        const { text } = await chain.call({ q });
        return [first, vm.runInThisContext(text)];
      }
      const vm = require('vm');
      module.exports = { compute };
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([11, 13]);
    expect(found[1]!.message).toContain('chain.call(...), line 12');
  });

  it('stays quiet for user input in eval, JSON.parse of the reply, a local eval and names in strings', async () => {
    const found = await findings('safe.js', `
      import OpenAI from 'openai';
      const openai = new OpenAI();

      export async function handler(req) {
        eval(req.query.expr);
        const r = await openai.chat.completions.create({ model: 'gpt-4o', messages: [], response_format: { type: 'json_object' } });
        const data = JSON.parse(r.choices[0].message.content);
        const evaluate = (text) => text.length;
        evaluate(data.answer);
        const note = "eval(r.choices[0].message.content)";
        const pattern = /eval\\(completion\\)/;
        setTimeout(() => console.log(data), 100);
        return { note, pattern };
      }
    `);
    expect(found).toEqual([]);
  });
});
