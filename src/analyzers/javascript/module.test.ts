import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedent } from '../../../test/support/run-text.js';
import { withSyntaxTree } from '../../parsers/tree-sitter.js';
import type { Grammar } from '../../parsers/tree-sitter.js';
import { buildJsModule } from './module.js';

async function resolvedCalls(code: string, grammar: Grammar = 'typescript') {
  return withSyntaxTree(grammar, dedent(code), (root) => {
    const module = buildJsModule(root);
    return { calls: module.calls.map((call) => [call.calleeText, call.resolved ?? null]), imported: [...module.importedModules].sort() };
  });
}

describe('JavaScript module model', () => {
  it('resolves every import form, node: prefixes, promisify and client bindings', async () => {
    const { calls, imported } = await resolvedCalls(`
      import OpenAI, { AzureOpenAI as Azure } from 'openai';
      import * as cp from 'node:child_process';
      import { readFile as read } from 'node:fs/promises';
      const { exec: run, spawn } = require('child_process');
      const util = require('util');

      export async function main() {
        const fs = await import('node:fs');
        const client = new OpenAI();
        const azure = new Azure({ endpoint: 'https://x.openai.azure.com' });
        const runAsync = util.promisify(run);
        await client.chat.completions.create({});
        await azure.responses.create({});
        cp.execSync('ls');
        spawn('ls');
        await read('a');
        fs.writeFileSync('b', '');
        await runAsync('pwd');
        window.eval('1');
      }
    `);
    expect(imported).toEqual(['child_process', 'fs', 'fs/promises', 'openai', 'util']);
    expect(calls).toEqual([
      ['require', 'require'],
      ['require', 'require'],
      ['import', null],
      ['OpenAI', 'openai'],
      ['Azure', 'openai.AzureOpenAI'],
      ['util.promisify', 'util.promisify'],
      ['client.chat.completions.create', 'openai().chat.completions.create'],
      ['azure.responses.create', 'openai.AzureOpenAI().responses.create'],
      ['cp.execSync', 'child_process.execSync'],
      ['spawn', 'child_process.spawn'],
      ['read', 'fs/promises.readFile'],
      ['fs.writeFileSync', 'fs.writeFileSync'],
      ['runAsync', 'child_process.exec'],
      ['window.eval', 'eval'],
    ]);
  });

  it('keeps scopes apart and gives up on names bound to different things', async () => {
    const { calls } = await resolvedCalls(`
      import { exec } from 'child_process';
      import Anthropic from '@anthropic-ai/sdk';

      class Bot {
        client = new Anthropic();
        ask() { return this.client.messages.create({}); }
      }
      function local(exec) { exec('x'); }
      let either = exec;
      either = console.log;
      either('y');
      exec('z');
    `);
    expect(calls.filter(([text]) => text !== 'console.log')).toEqual([
      ['Anthropic', '@anthropic-ai/sdk'],
      ['this.client.messages.create', '@anthropic-ai/sdk().messages.create'],
      ['exec', null],
      ['either', null],
      ['exec', 'child_process.exec'],
    ]);
  });

  it('builds a model for any text without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.constantFrom<Grammar>('javascript', 'typescript', 'tsx'), async (text, grammar) => {
        await withSyntaxTree(grammar, text, (root) => {
          const module = buildJsModule(root);
          for (const call of module.calls) if (call.callee) module.resolve(call.callee);
        });
      }),
      { numRuns: 200 },
    );
  });
});
