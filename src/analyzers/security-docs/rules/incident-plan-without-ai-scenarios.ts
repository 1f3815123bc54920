import type { DocsRule } from '../rule.js';

export const incidentPlanWithoutAiScenarios: DocsRule = {
  meta: {
    id: 'security-docs/incident-plan-without-ai-scenarios',
    title: 'Incident response plan has no AI scenarios',
    severity: 'info',
    principle: '3.3',
    references: {},
    description:
      'An incident plan for an AI system should cover AI incidents: prompt injection in production, a poisoned or ' +
      'tampered model, leaked weights, and rolling back to a known-good model or disabling AI features.',
    fix:
      'Add AI scenarios to the runbook: how to detect and contain prompt injection, how to roll back to a ' +
      'known-good model and prompt version, how to disable AI features (a kill switch), and what to do when model ' +
      'weights or training data leak.',
  },
  check({ documents }, report) {
    for (const document of documents) {
      if (document.kind !== 'incident-response' || document.aiTopics.length > 0) continue;
      report({
        message: `${document.path} covers no AI scenario (prompt injection, poisoned model, leaked weights, model rollback, disabling AI features).`,
        location: { path: document.path },
      });
    }
  },
};
