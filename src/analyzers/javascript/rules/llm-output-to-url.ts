import { llmOutputRule } from '../taint-rule.js';

export const llmOutputToUrl = llmOutputRule(
  {
    id: 'javascript/llm-output-to-url',
    title: 'LLM output used as a request URL',
    severity: 'medium',
    principle: '1.3',
    references: { cwe: ['CWE-918'], owaspLlm: ['LLM05:2025', 'LLM06:2025'], atlas: ['AML.T0086'] },
    description:
      "A model's reply decides where fetch, axios, got, ky or http.request sends a request. A manipulated reply can reach internal services and cloud metadata endpoints (SSRF) or exfiltrate conversation data in the URL. A URL whose scheme and host are a fixed literal (`https://api.example.com/search?q=${q}`) is not reported.",
    fix: 'Build URLs from a fixed origin and put model text only in encoded path segments or query values (encodeURIComponent); if the model must choose a host, check it against an allowlist and block private and link-local addresses.',
  },
  'url',
  'a prompt-injected reply can send requests to internal hosts or exfiltrate data',
);
