import { projectPath } from '../document.js';
import type { DocsRule } from '../rule.js';

export const missingThreatModel: DocsRule = {
  meta: {
    id: 'security-docs/missing-threat-model',
    title: 'No threat model',
    severity: 'low',
    principle: '1.2',
    references: {},
    description:
      'The guidelines ask for a holistic threat assessment that covers AI-specific threats and records the ' +
      'decisions taken. No threat model was found: no THREAT_MODEL.md or similarly named document, no OWASP ' +
      'Threat Dragon model and no pytm script.',
    fix:
      'Write THREAT_MODEL.md (or keep a Threat Dragon or pytm model) that names the AI assets (models, datasets, ' +
      'prompts, providers, agent tools), the threats to each with MITRE ATLAS or OWASP LLM Top 10 ids, and the ' +
      'mitigations chosen. If it lives elsewhere, point analyzers.security-docs.threatModel in aigis.yaml at it.',
  },
  check({ root, documents }, report) {
    if (documents.some((d) => d.kind === 'threat-model')) return;
    report({
      message: `No threat model found in ${root || 'the project'} (THREAT_MODEL.md, a Threat Dragon JSON model or a pytm script).`,
      location: { path: projectPath(root, 'THREAT_MODEL.md') },
    });
  },
};
