/**
 * @module security-docs: the documents the guidelines ask for. The file pass reads each candidate document once
 * and keeps what it says; the project pass lets each rule judge the whole set, including what is missing.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { DocsSettings } from './classify.js';
import { classifyDocument } from './classify.js';
import type { SecurityDocument } from './document.js';
import { aiTopics, contacts, threatIds } from './inspect.js';
import type { DocsRule } from './rule.js';
import { incidentPlanWithoutAiScenarios } from './rules/incident-plan-without-ai-scenarios.js';
import { invalidSecurityTxt } from './rules/invalid-security-txt.js';
import { missingIncidentResponsePlan } from './rules/missing-incident-response-plan.js';
import { missingSecurityPolicy } from './rules/missing-security-policy.js';
import { missingThreatModel } from './rules/missing-threat-model.js';
import { securityPolicyWithoutAiScope } from './rules/security-policy-without-ai-scope.js';
import { securityPolicyWithoutContact } from './rules/security-policy-without-contact.js';
import { threatModelWithoutAiThreats } from './rules/threat-model-without-ai-threats.js';
import { parseSecurityTxt } from './security-txt.js';

export const DOCS_RULES: readonly DocsRule[] = [
  missingSecurityPolicy,
  securityPolicyWithoutContact,
  securityPolicyWithoutAiScope,
  invalidSecurityTxt,
  missingThreatModel,
  threatModelWithoutAiThreats,
  missingIncidentResponsePlan,
  incidentPlanWithoutAiScenarios,
];

/** Documents are read up to this size; the checks cover what was read and say so. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

const globList = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, default: [], description });

function settingsOf(settings: Readonly<Record<string, unknown>>): DocsSettings {
  return {
    securityPolicy: (settings['securityPolicy'] as string[] | undefined) ?? [],
    threatModel: (settings['threatModel'] as string[] | undefined) ?? [],
    incidentResponse: (settings['incidentResponse'] as string[] | undefined) ?? [],
  };
}

/** Threat Dragon (v1 and v2) saves `{summary: {title}, detail: {diagrams: [...]}}`. */
function isThreatDragonModel(text: string): boolean {
  try {
    const model = JSON.parse(text) as { summary?: unknown; detail?: { diagrams?: unknown } };
    return typeof model?.summary === 'object' && Array.isArray(model?.detail?.diagrams);
  } catch {
    return false;
  }
}

function formatOf(kind: SecurityDocument['kind'], path: string, text: string, truncated: boolean): SecurityDocument['format'] | undefined {
  if (kind === 'security-txt') return 'security-txt';
  if (kind === 'threat-model' && path.toLowerCase().endsWith('.json')) return !truncated && isThreatDragonModel(text) ? 'threat-dragon' : undefined;
  if (kind === 'threat-model' && path.toLowerCase().endsWith('.py')) return /\b(?:from|import)\s+pytm\b/.test(text) ? 'pytm' : undefined;
  // A runbook or playbook folder holds many procedures; only those about incidents count.
  if (kind === 'incident-response' && !/incident/i.test(path) && !/\bincidents?\b/i.test(text)) return undefined;
  return 'prose';
}

export const securityDocsAnalyzer = defineAnalyzer<SecurityDocument>({
  id: 'security-docs',
  version: '1',
  description: 'Checks for the security documents the guidelines ask for: a disclosure policy, a threat model and an incident plan.',
  rules: DOCS_RULES.map((rule) => rule.meta),
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      securityPolicy: globList('Extra globs for security policies kept under other names.'),
      threatModel: globList('Extra globs for threat models kept under other names (e.g. docs/design/risks.md).'),
      incidentResponse: globList('Extra globs for incident response plans kept under other names.'),
    },
  },
  claims(file, settings) {
    return file.member === undefined && classifyDocument(file.path, file.type, settingsOf(settings)) !== undefined;
  },
  analyzeFile(file, context) {
    const classification = classifyDocument(file.path, file.type, settingsOf(context.settings));
    if (!classification) return;
    const { text, truncated } = readText(file.source, MAX_DOCUMENT_BYTES);
    const format = formatOf(classification.kind, file.path, text, truncated);
    if (!format) return;
    const securityTxt = format === 'security-txt' ? parseSecurityTxt(text) : undefined;
    context.fact({
      kind: classification.kind,
      path: file.path,
      format,
      configured: classification.configured,
      truncated,
      aiTopics: aiTopics(text),
      threatIds: threatIds(text),
      contacts: securityTxt ? securityTxt.contacts : contacts(text),
      ...(securityTxt ? { securityTxt } : {}),
    });
  },
  analyzeProject(project, context) {
    const documents = project.facts.map((entry) => entry.fact);
    const now = Date.now();
    for (const rule of DOCS_RULES) {
      rule.check({ root: project.root, documents }, (report) => context.report(rule.meta, report), now);
    }
  },
});
