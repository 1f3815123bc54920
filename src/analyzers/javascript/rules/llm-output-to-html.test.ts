import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/llm-output-to-html';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, /\.tsx?$/.test(path) ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it("flags a Next.js component that renders the model's markdown with dangerouslySetInnerHTML", async () => {
    const found = await findings('app/answer/page.tsx', `
      import { generateText } from 'ai';
      import { openai } from '@ai-sdk/openai';
      import { marked } from 'marked';

      type Props<T extends string> = { params: { question: T } };

      export default async function AnswerPage<T extends string>({ params }: Props<T>) {
        const result = await generateText({
          model: openai('gpt-4o'),
          prompt: params.question,
        });
        const html = marked.parse(result.text) as string;
        return (
          <article className="prose">
            <h1>{params.question}</h1>
            <div dangerouslySetInnerHTML={{ __html: html }} />
          </article>
        );
      }
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[16, 12]]);
    expect(found[0]!.evidence).toBe(
      'generateText(...) (line 8) -> result (line 8) -> html (line 12) -> dangerouslySetInnerHTML={{ __html: html }} (line 16)',
    );
  });

  it('flags innerHTML, insertAdjacentHTML and document.write in a browser chat widget', async () => {
    const found = await findings('widget.js', `
      import Anthropic from '@anthropic-ai/sdk';

      const anthropic = new Anthropic({ baseURL: '/api/proxy' });

      async function reply(prompt, container) {
        const message = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 400, messages: [{ role: 'user', content: prompt }] });
        const text = message.content.map((block) => block.text).join('');
        container.innerHTML = '<p class="bot">' + text + '</p>';
        container.insertAdjacentHTML('beforeend', \`<small>\${text.length > 10 ? text : ''}</small>\`);
        document.write(text);
        container.textContent = text;
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([8, 9, 10]);
  });

  it('follows React state set from a stream, and useChat messages rendered as markdown', async () => {
    const found = await findings('components/Chat.tsx', `
      'use client';
      import { useState } from 'react';
      import { useChat } from '@ai-sdk/react';
      import { marked } from 'marked';
      import OpenAI from 'openai';

      const openai = new OpenAI({ apiKey: 'sk-from-server', baseURL: '/api/openai' });

      export function Answer({ question }: { question: string }) {
        const [answer, setAnswer] = useState<string>('');
        async function ask() {
          const stream = await openai.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: question }] });
          for await (const part of stream) setAnswer((previous) => previous + (part.choices[0]?.delta?.content ?? ''));
        }
        return <section onClick={ask} dangerouslySetInnerHTML={{ __html: answer }} />;
      }

      export function Thread() {
        const { messages } = useChat();
        return <ul>{messages.map((m) => <li key={m.id} dangerouslySetInnerHTML={{ __html: marked(m.content) }} />)}</ul>;
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([15, 20]);
    expect(found[0]!.evidence).toContain('setAnswer(...) (line 13)');
    expect(found[1]!.message).toContain('useChat(...), line 19');
  });

  it('stays quiet with DOMPurify or sanitize-html, with plain JSX text, and for static HTML', async () => {
    const found = await findings('Chat.jsx', `
      import DOMPurify from 'dompurify';
      import sanitizeHtml from 'sanitize-html';
      import ollama from 'ollama/browser';
      import { marked } from 'marked';

      export function Chat({ messages, userHtml }) {
        const [html, setHtml] = React.useState('');
        async function ask(q) {
          const response = await ollama.chat({ model: 'llama3.1', messages: [{ role: 'user', content: q }] });
          setHtml(DOMPurify.sanitize(marked.parse(response.message.content)));
          document.getElementById('out').innerHTML = sanitizeHtml(response.message.content);
          document.getElementById('raw').innerHTML = userHtml;
          document.getElementById('static').innerHTML = '<b>done</b>';
        }
        return <div dangerouslySetInnerHTML={{ __html: html }}>{messages.map((m) => <p>{m.text}</p>)}</div>;
      }
    `);
    expect(found).toEqual([]);
  });
});
