import type { DocsRule } from '../rule.js';

export const threatModelWithoutAiThreats: DocsRule = {
  meta: {
    id: 'security-docs/threat-model-without-ai-threats',
    title: 'Threat model does not cover AI-specific threats',
    severity: 'info',
    principle: '1.2',
    references: {},
    description:
      'A threat model for an AI system should assess threats specific to AI, such as prompt injection, data and ' +
      'model poisoning, model extraction and unsafe model files, and should tie them to a catalogue (MITRE ATLAS ' +
      'technique ids, OWASP Top 10 for LLM Applications ids) so that coverage can be checked.',
    fix:
      'Add the AI threats to the threat model with their ATLAS (e.g. AML.T0051) or OWASP LLM (e.g. LLM01:2025) ids, ' +
      'and the mitigation chosen for each.',
  },
  check({ documents }, report) {
    for (const document of documents) {
      if (document.kind !== 'threat-model' || document.aiTopics.length > 0 || document.threatIds.length > 0) continue;
      report({
        message: `${document.path} names no AI-specific threat and cites no MITRE ATLAS or OWASP LLM id${document.truncated ? ' in the part that was read' : ''}.`,
        location: { path: document.path },
      });
    }
  },
};
