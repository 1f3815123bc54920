import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const GENERAL = 'python/tls-verification-disabled';
const MODEL_API = 'python/model-api-tls-verification-disabled';

async function run(code: string) {
  const result = await runOnText(pythonAnalyzer, 'client.py', 'python', dedent(code));
  const pick = (rule: string) => result.findings.filter((f) => f.ruleId === rule).map((f) => [f.location.startLine, f.location.startColumn]);
  return { general: pick(GENERAL), modelApi: pick(MODEL_API), findings: result.findings };
}

describe('TLS verification rules', () => {
  it('reports AI SDK clients and model endpoints as model-API findings, everything else as general ones', async () => {
    const found = await run(`
      import aiohttp, httpx
      import requests
      from openai import OpenAI, DefaultHttpxClient
      from anthropic import Anthropic

      insecure = httpx.Client(verify=False)
      openai_client = OpenAI(base_url="https://llm.internal/v1", http_client=insecure)
      claude = Anthropic(http_client=httpx.Client(verify=False, timeout=30))
      azure = OpenAI(http_client=DefaultHttpxClient(verify=False))

      def complete(prompt):
          r = requests.post("https://llm.internal/v1/chat/completions", json={"prompt": prompt}, verify=False)
          return r.json()

      def via_gateway(settings, messages):
          return requests.post(
              settings.gateway_url,
              json={"model": settings.chat_model, "messages": messages},
              verify=False,
          )

      def fetch_docs(url):
          session = requests.Session()
          session.verify = False
          page = requests.get(url, verify=False, timeout=10)
          return session, page

      async def stream(prompt):
          async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as http:
              async with http.post("http://gpu-box:11434/api/generate", json={"prompt": prompt}, ssl=False) as resp:
                  return await resp.text()
    `);
    expect(found.modelApi).toEqual([[6, 12], [8, 32], [9, 28], [12, 9], [16, 12], [30, 20]]);
    expect(found.general).toEqual([[24, 5], [25, 12], [29, 48]]);
    const messages = found.findings.filter((f) => f.ruleId === MODEL_API).map((f) => f.message);
    expect(messages[0]).toContain('insecure is handed to OpenAI');
    expect(messages[1]).toContain('handed to Anthropic');
    expect(messages[3]).toContain('looks like a model API');
    expect(messages[4]).toContain('its JSON body ("messages") is a model request');
  });

  it('stays quiet for verify=True, a CA bundle, a variable, other libraries and strings', async () => {
    const found = await run(`
      import httpx
      import requests
      from mylib import fetch

      CA = "/etc/ssl/corp-ca.pem"

      def get(url, verify_tls):
          a = requests.get(url, verify=True)
          b = requests.get(url, verify=CA)
          c = httpx.Client(verify=verify_tls)
          d = fetch(url, verify=False)
          e = "requests.get(url, verify=False)"
          return a, b, c, d, e
    `);
    expect(found.general).toEqual([]);
    expect(found.modelApi).toEqual([]);
  });
});
