import type { JsRule } from '../rule.js';
import { snippet } from '../rule.js';
import { objectProperty, unwrap } from '../module.js';
import { builtExpression } from '../taint.js';

/** SDKs whose client refuses to run in a browser unless `dangerouslyAllowBrowser: true` is passed. */
const BROWSER_GUARDED = /^(?:openai|@anthropic-ai\/sdk|@anthropic-ai\/bedrock-sdk|@anthropic-ai\/vertex-sdk|groq-sdk|together-ai|@mistralai\/mistralai|cerebras-cloud-sdk|@cerebras\/cerebras_cloud_sdk)(?:\.|$)/;

export const openaiKeyInBrowser: JsRule = {
  meta: {
    id: 'javascript/openai-key-in-browser',
    title: 'LLM API client enabled in the browser (dangerouslyAllowBrowser)',
    severity: 'high',
    principle: '2.2',
    references: { cwe: ['CWE-522', 'CWE-798'], owaspLlm: ['LLM02:2025'], atlas: ['AML.T0055'] },
    description:
      'The OpenAI, Anthropic and similar SDKs refuse to run in a browser because the API key would be shipped to every visitor; `dangerouslyAllowBrowser: true` turns that guard off. Anyone who opens the page can read the key from the bundle or the network tab and spend the account\'s quota, read its stored files and fine-tunes, or use it for abuse attributed to you.',
    fix: 'Call the model from a server route that holds the key (an API route, edge function or backend) and have the browser call that route, with authentication and rate limits; for realtime browser sessions use short-lived ephemeral tokens minted by the server.',
  },
  check(module, report) {
    for (const site of module.calls) {
      const head = site.resolved?.replace(/\(\)$/, '');
      if (!head || !BROWSER_GUARDED.test(head)) continue;
      for (const arg of site.args) {
        const options = builtExpression(module, arg);
        const flag = objectProperty(options, 'dangerouslyAllowBrowser');
        if (!flag || unwrap(flag).type !== 'true') continue;
        const sdk = head.split('.')[0];
        report({
          node: flag.parent ?? flag,
          message: `${site.isNew ? 'new ' : ''}${site.calleeText}(...) from '${sdk}' is created with dangerouslyAllowBrowser: true: the API key it holds is shipped to every visitor of the page`,
          evidence: snippet(site.node, 200),
        });
      }
    }
  },
};
