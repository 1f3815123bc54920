import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/llm-output-to-file-path';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, path.endsWith('.ts') ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags fs calls whose path comes from a tool call the model made', async () => {
    const found = await findings('file-agent.ts', `
      import fs from 'node:fs';
      import { writeFile } from 'node:fs/promises';
      import * as path from 'node:path';
      import OpenAI from 'openai';

      const client = new OpenAI();

      export async function act(goal: string): Promise<string> {
        const response = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: goal }], tools: [] });
        const call = response.choices[0].message.tool_calls?.[0];
        const args = JSON.parse(call!.function.arguments) as { file: string; body: string };
        const target = path.join('/srv/workspace', args.file);
        await writeFile(target, args.body);
        return fs.readFileSync(args.file, 'utf8');
      }
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [13, 9],
      [14, 10],
    ]);
    expect(found[0]!.severity).toBe('medium');
    expect(found[0]!.message).toContain('fs/promises.writeFile');
  });

  it('follows RunnableSequence.from and a .then callback', async () => {
    const found = await findings('summarise.js', `
      import { RunnableSequence } from '@langchain/core/runnables';
      import { PromptTemplate } from '@langchain/core/prompts';
      import { ChatMistralAI } from '@langchain/mistralai';
      import { StringOutputParser } from '@langchain/core/output_parsers';
      import { promises as fsp } from 'fs';
      import fs from 'fs';

      const chain = RunnableSequence.from([
        PromptTemplate.fromTemplate('Pick the log file to archive from: {files}'),
        new ChatMistralAI({ model: 'mistral-large-latest' }),
        new StringOutputParser(),
      ]);

      export function archive(files) {
        return chain.invoke({ files: files.join(', ') }).then((name) => {
          fs.unlinkSync(name.trim());
          return fsp.rename(\`logs/\${name}\`, 'archive/latest.log');
        });
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([16, 17]);
    expect(found[0]!.evidence).toBe('chain.invoke(...) (line 15) -> name (line 15) -> fs.unlinkSync(name.trim()) (line 16)');
  });

  it('tells local helpers that return their input from helpers that do not', async () => {
    const found = await findings('store.js', `
      import fs from 'node:fs';
      import path from 'node:path';
      import { randomUUID } from 'node:crypto';
      import Anthropic from '@anthropic-ai/sdk';

      const anthropic = new Anthropic();

      function toPath(name) {
        return path.join('/data/reports', name);
      }

      function saveAnswer(text) {
        const id = randomUUID();
        fs.writeFileSync(\`/data/answers/\${id}.txt\`, text);
        return id;
      }

      export async function report(topic) {
        const msg = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: topic }] });
        const answer = msg.content[0].text;
        const id = saveAnswer(answer);
        fs.readFileSync(\`/data/answers/\${id}.txt\`);
        fs.writeFileSync(toPath(answer), 'done');
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([23]);
    expect(found[0]!.evidence).toContain('toPath() (line 23)');
  });

  it('stays quiet for path.basename, fixed paths with model text as the content, and user input', async () => {
    const found = await findings('notes.js', `
      const fs = require('fs');
      const path = require('path');
      const { Ollama } = require('ollama');

      const ollama = new Ollama({ host: 'http://127.0.0.1:11434' });

      async function saveNote(req) {
        const res = await ollama.generate({ model: 'llama3.1', prompt: 'Title for: ' + req.body.text });
        const name = path.basename(res.response);
        fs.writeFileSync(path.join(__dirname, 'notes', name), req.body.text);
        fs.writeFileSync('/var/log/notes.log', res.response);
        fs.readFileSync(req.query.file);
      }
      module.exports = { saveNote };
    `);
    expect(found).toEqual([]);
  });
});
