import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';

import { tlsVerificationOff } from './tls-verification-disabled.js';

export const modelApiTlsVerificationDisabled: PythonRule = {
  meta: {
    id: 'python/model-api-tls-verification-disabled',
    title: 'TLS certificate verification disabled for a model API client',
    severity: 'high',
    principle: '3.1',
    references: { cwe: ['CWE-295'], owaspLlm: ['LLM02:2025'], atlas: ['AML.T0055'] },
    description:
      'verify=False on the HTTP client of an AI SDK (OpenAI, Anthropic and compatible clients), or on a request to a model endpoint or with a chat request body (messages, prompt), accepts any certificate. Anyone on the network path then sees the API key, every prompt and every completion, and can change the model\'s answers before the application acts on them. Related rules: Bandit B501, Ruff S501.',
    fix: 'Remove verify=False. For a private CA or a corporate proxy, pass its bundle: httpx.Client(verify="/path/to/ca.pem") or an ssl.SSLContext loaded with it, or set SSL_CERT_FILE.',
  },
  check(module, report) {
    for (const { call, modelApi } of tlsVerificationOff(module)) {
      if (!modelApi) continue;
      report({
        node: call.node,
        message: `${call.calleeText} turns TLS certificate checks off and ${modelApi}: the API key, prompts and completions can be read and changed in transit`,
        evidence: snippet(call.node),
      });
    }
  },
};
