import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/openai-key-in-browser';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, /\.tsx?$/.test(path) ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags OpenAI and Anthropic clients created with dangerouslyAllowBrowser: true in a React app', async () => {
    const found = await findings('src/lib/llm.tsx', `
      import OpenAI from 'openai';
      import { Anthropic } from '@anthropic-ai/sdk';

      export const openai = new OpenAI({
        apiKey: import.meta.env.VITE_OPENAI_API_KEY,
        dangerouslyAllowBrowser: true,
      });

      export function useClaude(): Anthropic {
        return new Anthropic({ apiKey: localStorage.getItem('key') ?? '', dangerouslyAllowBrowser: true });
      }
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [6, 3],
      [10, 69],
    ]);
    expect(found[0]!.message).toContain("new OpenAI(...) from 'openai'");
    expect(found[1]!.message).toContain("from '@anthropic-ai/sdk'");
    expect(found[0]!.severity).toBe('high');
  });

  it('follows an options object held in a constant', async () => {
    const found = await findings('client.js', `
      import Groq from 'groq-sdk';
      const options = { apiKey: window.GROQ_KEY, dangerouslyAllowBrowser: true };
      export const groq = new Groq(options);
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[2, 44]]);
    expect(found[0]!.message).toContain("new Groq(...) from 'groq-sdk'");
  });

  it('stays quiet for server clients, a false flag, other libraries and the name in strings', async () => {
    const found = await findings('server.js', `
      import OpenAI from 'openai';
      import { SomeClient } from 'other-sdk';

      const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
      const local = new OpenAI({ dangerouslyAllowBrowser: false });
      const other = new SomeClient({ dangerouslyAllowBrowser: true });
      const docs = 'new OpenAI({ dangerouslyAllowBrowser: true })';
      // new OpenAI({ dangerouslyAllowBrowser: true })
      export { openai, local, other, docs };
    `);
    expect(found).toEqual([]);
  });
});
