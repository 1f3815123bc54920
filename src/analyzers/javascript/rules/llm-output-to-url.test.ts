import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/llm-output-to-url';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, path.endsWith('.ts') ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags fetch, axios and https.get with a URL the model chose', async () => {
    const found = await findings('browse.ts', `
      import axios from 'axios';
      import https from 'node:https';
      import { GoogleGenAI } from '@google/genai';

      const ai = new GoogleGenAI({});

      export async function browse(task: string) {
        const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: task });
        const url = response.text!.trim();
        const page = await fetch(url);
        const { data } = await axios({ method: 'get', url: \`\${url}/api\` });
        https.get(url, (res) => res.resume());
        return [page.status, data];
      }
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [10, 22],
      [11, 26],
      [12, 3],
    ]);
    expect(found[0]!.message).toContain('reaches fetch');
  });

  it('recognises initChatModel, withStructuredOutput, the default Ollama client and got', async () => {
    const found = await findings('crawler.ts', `
      import { initChatModel } from 'langchain/chat_models/universal';
      import { ChatOpenAI } from '@langchain/openai';
      import ollama from 'ollama';
      import got from 'got';
      import { z } from 'zod';

      export async function crawl(topic: string) {
        const model = await initChatModel('gpt-4o', { modelProvider: 'openai' });
        const reply = await model.invoke(\`Best URL about \${topic}\`);
        await got(String(reply.content));

        const picker = new ChatOpenAI({ model: 'gpt-4o-mini' }).withStructuredOutput(z.object({ url: z.string() }));
        const { url } = await picker.invoke(topic);
        await got.post(url, { json: { topic } });

        const local = await ollama.generate({ model: 'llama3.1', prompt: topic });
        await got(local.response);
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([10, 14, 17]);
    expect(found[2]!.message).toContain('ollama.generate(...), line 16');
  });

  it('stays quiet for a fixed origin with the reply in the query, relative URLs and user input', async () => {
    const found = await findings('search.js', `
      import { CohereClient } from 'cohere-ai';
      import axios from 'axios';

      const cohere = new CohereClient({ token: process.env.CO_API_KEY });
      const API = 'https://api.search.example.com/v1/search?q=';

      export async function search(req) {
        const chat = await cohere.chat({ message: req.body.question });
        const query = chat.text;
        await fetch(\`https://api.search.example.com/v1/search?q=\${encodeURIComponent(query)}\`);
        await fetch('https://en.wikipedia.org/wiki/' + query);
        await fetch(API + query);
        await fetch(\`/api/answers/\${query}\`);
        await axios.get(req.query.url);
      }
    `);
    expect(found).toEqual([]);
  });
});
