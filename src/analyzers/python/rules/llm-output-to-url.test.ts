import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/llm-output-to-url';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'browse.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a browsing tool that fetches the URL the model chose, with requests, httpx and aiohttp', async () => {
    const found = await findings(`
      import aiohttp
      import httpx
      import requests
      from anthropic import Anthropic

      client = Anthropic()


      def pick_url(question):
          message = client.messages.create(
              model="claude-sonnet-4-5",
              max_tokens=100,
              messages=[{"role": "user", "content": f"Which URL answers: {question}? Reply with the URL only."}],
          )
          return message.content[0].text.strip()


      def fetch(question):
          url = pick_url(question)
          page = requests.get(url, timeout=10)
          api = httpx.Client()
          api.post(url=url + "/api", json={})
          return page.text


      async def fetch_async(question):
          url = pick_url(question)
          async with aiohttp.ClientSession() as session:
              async with session.get(url) as response:
                  return await response.text()
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [20, 12],
      [22, 5],
      [29, 20],
    ]);
    expect(found[0]!.message).toMatch(/^LLM output from client\.messages\.create reaches requests\.get: the model chooses where the request goes/);
  });

  it("stays quiet for model text in a fixed host's path or query, or in the request body", async () => {
    const found = await findings(`
      import requests
      from urllib.parse import quote
      from openai import OpenAI

      client = OpenAI()
      API = "https://api.example.com"


      def search(question):
          completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
          terms = completion.choices[0].message.content
          requests.get(f"https://api.example.com/search?q={quote(terms)}")
          requests.get("https://api.example.com/items/" + terms)
          requests.get("https://api.example.com/search?q={}".format(terms))
          requests.post(API + "/log", json={"terms": terms}, timeout=5)
          requests.post("https://hooks.example.com/notify", data=terms)
    `);
    expect(found).toEqual([]);
  });
});
