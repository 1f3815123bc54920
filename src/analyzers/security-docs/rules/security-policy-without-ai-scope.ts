import type { DocsRule } from '../rule.js';

export const securityPolicyWithoutAiScope: DocsRule = {
  meta: {
    id: 'security-docs/security-policy-without-ai-scope',
    title: 'Security policy does not cover AI-specific issues',
    severity: 'low',
    principle: '4.4',
    references: { owaspLlm: ['LLM01:2025'] },
    description:
      'Researchers need to know whether AI-specific weaknesses count as vulnerabilities. A policy that does not ' +
      'mention prompt injection, jailbreaks, model theft, data poisoning or unsafe output handling reads as if ' +
      'only classic software bugs are in scope, so AI issues go unreported or are reported publicly.',
    fix:
      'Add an "AI-specific issues" section to the policy listing what is in scope (prompt injection, jailbreaks ' +
      'that bypass safeguards, system prompt leakage, model theft, data or model poisoning, unsafe handling of ' +
      'model output) and what is not (e.g. plain model mistakes).',
  },
  check({ documents }, report) {
    for (const document of documents) {
      if (document.kind !== 'security-policy' || document.aiTopics.length > 0 || document.threatIds.length > 0) continue;
      report({
        message: `${document.path} does not mention any AI-specific issue (prompt injection, jailbreaks, model theft, data poisoning, unsafe output handling)${document.truncated ? ' in the part that was read' : ''}.`,
        location: { path: document.path },
      });
    }
  },
};
