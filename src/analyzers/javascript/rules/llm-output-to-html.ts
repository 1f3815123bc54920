import { llmOutputRule } from '../taint-rule.js';

export const llmOutputToHtml = llmOutputRule(
  {
    id: 'javascript/llm-output-to-html',
    title: 'LLM output rendered as HTML without sanitising',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-79'], owaspLlm: ['LLM05:2025', 'LLM01:2025'] },
    description:
      "A model's reply (or markdown rendered from it) is written as HTML: innerHTML/outerHTML, insertAdjacentHTML, document.write, jQuery .html() or React's dangerouslySetInnerHTML. A reply steered by prompt injection can carry script or exfiltrate data through image URLs in the user's session (stored or reflected XSS). DOMPurify.sanitize, sanitize-html and xss count as sanitisers.",
    fix: 'Render model output as text (textContent, plain JSX children). If markdown must become HTML, pass the result through DOMPurify.sanitize (or sanitize-html) with a strict allowlist before inserting it, and set a Content-Security-Policy.',
  },
  'html',
  'a prompt-injected reply can inject script into the page (XSS)',
);
