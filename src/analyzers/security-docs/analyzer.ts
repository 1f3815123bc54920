/**
 * @module security-docs: the documents the guidelines ask for. The file pass reads each candidate document once
 * and keeps what it says; the project pass lets each rule judge the whole set, including what is missing, and
 * records conformance evidence (evidence.ts), checking the threat model and incident plan against the inventory.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { DocsSettings } from './classify.js';
import { classifyDocument, evidenceKindOf } from './classify.js';
import type { DocumentKind, SecurityDocument } from './document.js';
import { recordEvidence } from './evidence.js';
import {
  aiTopics,
  contacts,
  decommissioningMention,
  firstHeading,
  isAboutModelChoice,
  keptText,
  rollbackMention,
  threatIds,
  userGuidanceTopics,
} from './inspect.js';
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
import type { Asset } from '../../core/asset.js';
import type { FileRecord } from '../../core/file-record.js';
import { isModelFile } from '../../core/model-file.js';

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

/** What the conformance evidence needs beyond what the rules judge. */
function evidenceFacts(kind: DocumentKind, text: string, truncated: boolean): Partial<SecurityDocument> {
  if (kind === 'security-txt') return {};
  const rollback = kind === 'incident-response' ? rollbackMention(text) : undefined;
  const decommissioning = decommissioningMention(text);
  const kept = kind === 'threat-model' || kind === 'incident-response' ? keptText(text) : undefined;
  return {
    ...(kept ? { text: kept.text, textTruncated: kept.truncated || truncated } : {}),
    ...(rollback ? { rollback } : {}),
    ...(decommissioning ? { decommissioning } : {}),
    ...(kind === 'user-guidance' ? { userTopics: userGuidanceTopics(text) } : {}),
    ...(kind === 'decision-record' ? { modelChoice: isAboutModelChoice(text), ...titleOf(text) } : {}),
  };
}

function titleOf(text: string): { title?: string } {
  const title = firstHeading(text);
  return title === undefined ? {} : { title };
}

/**
 * Model files become inventory assets only in another analyzer's project pass, so they are found here from the
 * file records: one model per folder of model files (`models/classifier`), as a team names it in its documents.
 */
function localModels(files: readonly FileRecord[]): Asset[] {
  const folders = new Set<string>();
  for (const file of files) if (isModelFile(file)) folders.add(file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : file.path);
  return [...folders].sort().map((name) => ({ kind: 'model', name, location: { path: name }, properties: { source: 'file' } }));
}

export const securityDocsAnalyzer = defineAnalyzer<SecurityDocument>({
  id: 'security-docs',
  version: '2',
  description:
    'Checks for the security documents the guidelines ask for: a disclosure policy, a threat model and an incident plan; ' +
    'records conformance evidence from them and from guidance, user guidance, lifecycle documents and decision records.',
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
    let kind: DocumentKind = classification.kind;
    let format = formatOf(kind, file.path, text, truncated);
    if (!format && kind === 'incident-response' && !classification.configured) {
      // A runbook that is not about incidents may still plan the retirement of models (docs/runbooks/model-retirement.md).
      const fallback = evidenceKindOf(file.path, file.type);
      if (fallback) [kind, format] = [fallback, 'prose'];
    }
    if (!format) return;
    const securityTxt = format === 'security-txt' ? parseSecurityTxt(text) : undefined;
    context.fact({
      kind,
      path: file.path,
      format,
      configured: classification.configured,
      truncated,
      aiTopics: aiTopics(text),
      threatIds: threatIds(text),
      contacts: securityTxt ? securityTxt.contacts : contacts(text),
      ...(securityTxt ? { securityTxt } : {}),
      ...evidenceFacts(kind, text, truncated),
    });
  },
  analyzeProject(project, context) {
    const documents = project.facts.map((entry) => entry.fact);
    const now = Date.now();
    for (const rule of DOCS_RULES) {
      rule.check({ root: project.root, documents }, (report) => context.report(rule.meta, report), now);
    }
    recordEvidence({ root: project.root, documents, assets: [...project.assets, ...localModels(project.files)] }, (evidence) => context.evidence(evidence), now);
  },
});
