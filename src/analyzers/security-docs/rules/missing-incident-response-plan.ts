import { projectPath } from '../document.js';
import type { DocsRule } from '../rule.js';

export const missingIncidentResponsePlan: DocsRule = {
  meta: {
    id: 'security-docs/missing-incident-response-plan',
    title: 'No incident response plan',
    severity: 'low',
    principle: '3.3',
    references: {},
    description:
      'The guidelines say to assume incidents will happen and to have response, escalation and remediation plans ' +
      'that cover a range of scenarios. No incident response runbook was found in the project.',
    fix:
      'Add an incident response runbook (e.g. docs/incident-response.md) covering who is paged, how to disable AI ' +
      'features, how to roll back to a known-good model and prompt, and AI scenarios such as prompt injection, ' +
      'a poisoned model and leaked weights. If it lives elsewhere, point analyzers.security-docs.incidentResponse ' +
      'in aigis.yaml at it.',
  },
  check({ root, documents }, report) {
    if (documents.some((d) => d.kind === 'incident-response')) return;
    report({
      message: `No incident response plan found in ${root || 'the project'} (a runbook or playbook that mentions incidents).`,
      location: { path: projectPath(root, 'docs/incident-response.md') },
    });
  },
};
