import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/llm-output-to-shell';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, path.endsWith('.ts') || path.endsWith('.tsx') ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a Node agent that runs the shell command the model wrote', async () => {
    const found = await findings('agent.mjs', `
      import OpenAI from 'openai';
      import { exec } from 'node:child_process';

      const client = new OpenAI();

      export async function runTask(task) {
        const completion = await client.chat.completions.create({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: \`Write one bash command to: \${task}\` }],
        });
        const command = completion.choices[0].message.content.trim();
        exec(command, (error, stdout) => {
          if (error) console.error(error);
          console.log(stdout);
        });
      }
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[12, 3]]);
    expect(found[0]!.severity).toBe('critical');
    expect(found[0]!.message).toContain('child_process.exec');
    expect(found[0]!.message).toContain('client.chat.completions.create(...), line 7');
    expect(found[0]!.evidence).toBe('client.chat.completions.create(...) (line 7) -> completion (line 7) -> command (line 11) -> exec(command) (line 12)');
  });

  it('follows promisify, require destructuring, helper functions and TypeScript classes', async () => {
    const found = await findings('shell-agent.ts', `
      import Anthropic from '@anthropic-ai/sdk';
      const { promisify } = require('util');
      const cp = require('child_process');
      const run = promisify(cp.exec);

      function firstText(message: Anthropic.Message): string {
        const block = message.content[0];
        return block.type === 'text' ? block.text : '';
      }

      export class ShellAgent {
        private readonly anthropic = new Anthropic();

        async step(goal: string): Promise<string> {
          const reply = await this.anthropic.messages.create({
            model: 'claude-sonnet-4-5',
            max_tokens: 512,
            messages: [{ role: 'user', content: goal }],
          });
          const { stdout } = await run(firstText(reply));
          cp.spawn('python3', ['tool.py', firstText(reply)], { shell: true });
          return stdout;
        }
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([20, 21]);
    expect(found[1]!.message).toContain('shell: true');
  });

  it('flags a reply handed to bash -c or node -e as a script, even without shell: true', async () => {
    const found = await findings('runner.js', `
      import { ChatOllama } from '@langchain/ollama';
      import { spawnSync, execFileSync } from 'node:child_process';

      const model = new ChatOllama({ model: 'qwen2.5-coder' });

      export async function fix(error) {
        const response = await model.invoke([['system', 'Reply with a bash script only'], ['user', error]]);
        spawnSync('/bin/bash', ['-lc', response.content], { stdio: 'inherit' });
        execFileSync('node', ['-e', \`\${response.content}\`]);
        execFileSync('node', ['scripts/report.js', response.content]);
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([8, 9]);
    expect(found[0]!.message).toContain('as the script of bash -lc');
    expect(found[1]!.message).toContain('as the script of node -e');
  });

  it('treats the arguments of agent tools (LangChain, Vercel AI SDK) as model-written', async () => {
    const found = await findings('tools.js', `
      const { Tool } = require('@langchain/core/tools');
      const { tool } = require('ai');
      const { exec, execSync } = require('child_process');
      const { z } = require('zod');

      class Shell extends Tool {
        name = 'linux_shell';
        description = 'Run a shell command';
        async _call(arg) {
          return new Promise((resolve) => exec(arg, (error, stdout) => resolve(error ? error.message : stdout)));
        }
      }

      const runTool = tool({
        description: 'Run a command in the workspace',
        parameters: z.object({ command: z.string() }),
        execute: async ({ command }) => execSync(command, { cwd: '/workspace' }).toString(),
      });
      module.exports = { Shell, runTool };
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([10, 17]);
    expect(found[0]!.message).toContain('arguments the model wrote for a Tool subclass');
    expect(found[1]!.evidence).toBe('arguments the model wrote for a tool() tool (line 17) -> command (line 17) -> execSync(command) (line 17)');
  });

  it('follows the reply into an array that is joined into a command', async () => {
    const found = await findings('build.ts', `
      import Groq from 'groq-sdk';
      import { execSync } from 'child_process';

      const groq = new Groq();

      export async function build(target: string): Promise<void> {
        const parts: string[] = ['make'];
        const answer = await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: target }] });
        parts.push(answer.choices[0].message.content ?? '');
        execSync(parts.join(' '));
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([10]);
    expect(found[0]!.evidence).toContain('parts (line 9)');
  });

  it('flags a program chosen by the model in spawn', async () => {
    const found = await findings('tool.js', `
      const { spawn } = require('child_process');
      const { generateText } = require('ai');
      const { openai } = require('@ai-sdk/openai');

      async function pickTool(question) {
        const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: question });
        const [program, ...args] = text.split(' ');
        return spawn(program, args);
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([8]);
    expect(found[0]!.message).toContain('as the program to run');
  });

  it('stays quiet for fixed programs with the reply as an argument, user input, and look-alikes', async () => {
    const found = await findings('safe.js', `
      import OpenAI from 'openai';
      import { execFile, spawn, exec } from 'child_process';
      import { exec as run } from './my-runner.js';

      const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

      export async function summarise(req, res) {
        const result = await openai.chat.completions.create({ model: 'gpt-4o', messages: [] });
        const title = result.choices[0].message.content;
        execFile('git', ['commit', '-m', title]);
        spawn('notify-send', [title]);
        run(title);
        exec(req.body.command);
        exec('ls -la /tmp');
        // exec(title) would be wrong
        const doc = 'exec(completion.choices[0].message.content)';
        res.json({ title, doc });
      }
    `);
    expect(found).toEqual([]);
  });
});
