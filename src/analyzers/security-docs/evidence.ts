/**
 * @module Conformance evidence from the security documents (`aigis check`): the disclosure policy and
 * security.txt (4.4), the threat model and whether it names the AI assets aigis found (1.2, 1.3), the incident
 * plan and its rollback procedure (3.3), staff and user guidance (1.1, 3.5), decommissioning (2.4) and model
 * selection records (1.4). One item per check, aggregated over the project's documents; nothing when there is
 * no document of the kind at all.
 */
import type { Asset } from '../../core/asset.js';
import type { EvidenceReport } from '../../core/evidence.js';
import type { Location } from '../../core/finding.js';
import { isProjectDocument, isProjectSecurityPolicy, isUnderSecurityDocs } from './classify.js';
import type { SecurityDocument } from './document.js';
import { MAX_KEPT_TEXT, printable } from './inspect.js';
import { nameableAssets, namesAsset, type NameableAsset } from './names.js';
import { expiryTime } from './security-txt.js';

export interface EvidenceInput {
  /** The project folder relative to the scan root ('' for the root). */
  readonly root: string;
  readonly documents: readonly SecurityDocument[];
  /** The inventory the file passes recorded under the project folder. */
  readonly assets: readonly Asset[];
}

export type RecordEvidence = (evidence: EvidenceReport) => void;

/** Topics that are responses, not threats: they do not make a document cover AI threats. */
const RESPONSE_TOPICS: ReadonlySet<string> = new Set(['model rollback', 'disabling AI features']);
/** At most this many inventory entries are compared with a document's text. */
const MAX_COMPARED = 1000;
const DAY = 24 * 60 * 60 * 1000;

/** `a, b, c, d, e and 3 more` */
export function listed(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

const byPath = (a: SecurityDocument, b: SecurityDocument) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const verb = (count: number, one: string, many: string) => (count === 1 ? one : many);
const unique = <T>(items: readonly T[]) => [...new Set(items)];
const threatTopics = (document: SecurityDocument) => document.aiTopics.filter((topic) => !RESPONSE_TOPICS.has(topic));
const at = (document: SecurityDocument, line?: number): Location => ({ path: document.path, ...(line === undefined ? {} : { startLine: line }) });
const paths = (documents: readonly SecurityDocument[]) => listed(documents.map((d) => d.path));
/** One line under 300 characters, as the evidence contract asks. */
const line = (text: string) => printable(text, 290);
const partly = (documents: readonly SecurityDocument[]) => (documents.some((d) => d.truncated) ? ' in the part that was read' : '');

export function recordEvidence(input: EvidenceInput, record: RecordEvidence, now: number): void {
  const emit = (evidence: EvidenceReport) =>
    record({ ...evidence, summary: line(evidence.summary), ...(evidence.shortfall === undefined ? {} : { shortfall: line(evidence.shortfall) }) });
  const of = (kind: SecurityDocument['kind']) => input.documents.filter((d) => d.kind === kind && belongs(input.root, d)).sort(byPath);
  const policies = of('security-policy');
  const securityTxts = of('security-txt');
  const threatModels = of('threat-model');
  const plans = of('incident-response');
  const decisionRecords = of('decision-record');

  securityPolicy([...policies, ...securityTxts], emit);
  securityPolicyAiScope(policies, securityTxts, emit);
  securityTxtValid(securityTxts, emit, now);
  threatModel(threatModels, emit);
  threatModelCitesCatalogues(threatModels, emit);
  designAiRisks([...threatModels, ...decisionRecords], emit);
  threatModelNamesAssets(threatModels, input.assets, emit);
  incidentPlan(plans, emit);
  incidentAiScenarios(plans, emit);
  rollbackProcedure(plans, input.assets, emit);
  // Anything kept under docs/security/ is guidance for the team, whatever else it is.
  aiSecurityGuidance(unique([...policies, ...of('guidance'), ...input.documents.filter((d) => d.kind !== 'security-txt' && isUnderSecurityDocs(input.root, d.path))]).sort(byPath), emit);
  userGuidance(of('user-guidance'), emit);
  decommissioningPlan(input, emit);
  modelSelectionRecord(decisionRecords, emit);
}

function securityPolicy(policies: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (policies.length === 0) return;
  const withContact = policies.filter((d) => d.contacts.length > 0);
  if (withContact.length > 0) {
    const contacts = unique(withContact.flatMap((d) => d.contacts)).map((c) => printable(c, 60));
    emit({ check: 'security-policy', summary: `${paths(withContact)} ${verb(withContact.length, 'gives', 'give')} a way to report: ${listed(contacts, 3)}`, location: at(withContact[0]!) });
    return;
  }
  emit({
    check: 'security-policy',
    summary: `Disclosure policy: ${paths(policies)}`,
    location: at(policies[0]!),
    shortfall: `${paths(policies)} ${verb(policies.length, 'names', 'name')} no reporting contact (no e-mail address, link or GitHub private vulnerability reporting)${partly(policies)}`,
  });
}

function securityPolicyAiScope(policies: readonly SecurityDocument[], securityTxts: readonly SecurityDocument[], emit: RecordEvidence): void {
  const all = [...policies, ...securityTxts];
  if (all.length === 0) return;
  const covering = all.filter((d) => threatTopics(d).length > 0 || d.threatIds.length > 0);
  if (covering.length > 0) {
    const topics = unique(covering.flatMap(threatTopics));
    const ids = unique(covering.flatMap((d) => d.threatIds));
    const what = [topics.length > 0 ? listed(topics) : '', ids.length > 0 ? `cites ${listed(ids, 3)}` : ''].filter(Boolean).join('; ');
    emit({ check: 'security-policy-ai-scope', summary: `${paths(covering)} ${verb(covering.length, 'puts', 'put')} AI issues in scope: ${what}`, location: at(covering[0]!) });
    return;
  }
  const onlyTxt = policies.length === 0 ? ' (a security.txt Policy link is not followed)' : '';
  emit({
    check: 'security-policy-ai-scope',
    summary: `Disclosure policy: ${paths(all)}`,
    location: at(all[0]!),
    shortfall: `${paths(all)} ${verb(all.length, 'does', 'do')} not mention AI issues (prompt injection, jailbreaks, model theft, data poisoning, unsafe output handling)${partly(all)}${onlyTxt}`,
  });
}

/** What is wrong with one security.txt, or nothing. */
function securityTxtProblems(document: SecurityDocument, now: number): string[] {
  const facts = document.securityTxt;
  if (!facts) return ['could not be read'];
  const problems: string[] = [];
  if (facts.contacts.length === 0) problems.push('no Contact field');
  if (!facts.expires) problems.push('no Expires field');
  else {
    const time = expiryTime(facts.expires.value);
    if (time === undefined) problems.push(`Expires "${printable(facts.expires.value, 40)}" is not an RFC 3339 date-time`);
    else if (time < now) problems.push(`expired on ${facts.expires.value.slice(0, 10)}`);
  }
  if (facts.expiresCount > 1) problems.push(`${facts.expiresCount} Expires fields (RFC 9116 allows one)`);
  if (facts.problems.length > 0) problems.push(`${facts.problems.length} ${verb(facts.problems.length, 'line is', 'lines are')} not "Field: value" (first: line ${facts.problems[0]!.line})`);
  if (document.truncated) problems.push('only its first MiB was read');
  return problems;
}

function securityTxtValid(securityTxts: readonly SecurityDocument[], emit: RecordEvidence, now: number): void {
  if (securityTxts.length === 0) return;
  const checked = securityTxts.map((document) => ({ document, problems: securityTxtProblems(document, now) }));
  const failing = checked.filter((c) => c.problems.length > 0);
  const first = securityTxts[0]!;
  const location = at(first, first.securityTxt?.expires?.line);
  if (failing.length > 0) {
    emit({
      check: 'security-txt-valid',
      summary: `security.txt: ${paths(securityTxts)}`,
      location: at(failing[0]!.document, failing[0]!.document.securityTxt?.expires?.line),
      shortfall: failing.map(({ document, problems }) => `${document.path}: ${problems.join(', ')}`).join('; '),
    });
    return;
  }
  const described = securityTxts.map((document) => {
    const facts = document.securityTxt!;
    const days = Math.floor((expiryTime(facts.expires!.value)! - now) / DAY);
    return `${document.path} (Contact ${printable(facts.contacts[0]!, 60)}, Expires ${facts.expires!.value.slice(0, 10)}, ${days} ${verb(days, 'day', 'days')} left)`;
  });
  emit({ check: 'security-txt-valid', summary: `Valid RFC 9116 security.txt: ${listed(described, 2)}`, location });
}

const FORMAT_NAMES: Readonly<Record<SecurityDocument['format'], string>> = {
  prose: '',
  'threat-dragon': ' (OWASP Threat Dragon model)',
  pytm: ' (pytm script)',
  'security-txt': '',
};

function threatModel(threatModels: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (threatModels.length === 0) return;
  const named = threatModels.map((d) => `${d.path}${FORMAT_NAMES[d.format]}`);
  emit({ check: 'threat-model', summary: `${threatModels.length === 1 ? 'Threat model' : `${threatModels.length} threat models`}: ${listed(named)}`, location: at(threatModels[0]!) });
}

function threatModelCitesCatalogues(threatModels: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (threatModels.length === 0) return;
  const citing = threatModels.filter((d) => d.threatIds.length > 0);
  if (citing.length === 0) {
    emit({
      check: 'threat-model-cites-catalogues',
      summary: `Threat model: ${paths(threatModels)}`,
      location: at(threatModels[0]!),
      shortfall: `${paths(threatModels)} ${verb(threatModels.length, 'cites', 'cite')} no MITRE ATLAS (AML.Txxxx) or OWASP LLM Top 10 (LLMxx:2025) id${partly(threatModels)}`,
    });
    return;
  }
  const ids = unique(citing.flatMap((d) => d.threatIds)).sort();
  const atlas = ids.filter((id) => id.startsWith('AML.')).length;
  const owasp = ids.length - atlas;
  const counts = [atlas > 0 ? `${atlas} MITRE ATLAS` : '', owasp > 0 ? `${owasp} OWASP LLM Top 10` : ''].filter(Boolean).join(' and ');
  emit({ check: 'threat-model-cites-catalogues', summary: `${paths(citing)} ${verb(citing.length, 'cites', 'cite')} ${counts} ${verb(ids.length, 'id', 'ids')}: ${listed(ids)}`, location: at(citing[0]!) });
}

function designAiRisks(designs: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (designs.length === 0) return;
  const covering = designs.filter((d) => threatTopics(d).length > 0);
  if (covering.length === 0) {
    emit({
      check: 'design-ai-risks',
      summary: `Threat model or design records: ${paths(designs)}`,
      location: at(designs[0]!),
      shortfall: `${paths(designs)} ${verb(designs.length, 'names', 'name')} no AI-specific risk (prompt injection, unsafe output handling, malicious model files, data poisoning)${partly(designs)}`,
    });
    return;
  }
  const topics = unique(covering.flatMap(threatTopics));
  emit({ check: 'design-ai-risks', summary: `${paths(covering)} ${verb(covering.length, 'addresses', 'address')} AI risks: ${listed(topics)}`, location: at(covering[0]!) });
}

/** The inventory entries the texts do not name, of those compared, and a note when not all could be compared. */
function unnamed(texts: readonly string[], items: readonly NameableAsset[]): { missing: NameableAsset[]; note: string } {
  const compared = items.slice(0, MAX_COMPARED);
  const missing = compared.filter((item) => !texts.some((text) => namesAsset(text, item)));
  return { missing, note: items.length > MAX_COMPARED ? `; only the first ${MAX_COMPARED} of ${items.length} assets were compared` : '' };
}

function textNote(documents: readonly SecurityDocument[]): string {
  const cut = documents.filter((d) => d.textTruncated);
  return cut.length > 0 ? ` (only the first ${MAX_KEPT_TEXT / 1024} KiB of ${paths(cut)} was searched)` : '';
}

const KIND_NOUNS: Readonly<Record<NameableAsset['kind'], string>> = { model: 'model', service: 'AI service', 'agent-tool': 'agent tool' };

function counted(items: readonly NameableAsset[]): string {
  const parts = (['model', 'service', 'agent-tool'] as const)
    .map((kind) => [kind, items.filter((i) => i.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${KIND_NOUNS[kind]}${n === 1 ? '' : 's'}`);
  return listed(parts);
}

function threatModelNamesAssets(threatModels: readonly SecurityDocument[], assets: readonly Asset[], emit: RecordEvidence): void {
  if (threatModels.length === 0) return;
  const location = at(threatModels[0]!);
  // Prompts (mostly string literals in code, with no name), datasets, vector stores and packages are left out:
  // the check asks for the models, AI services and agent tools, the things whose threats differ.
  const items = nameableAssets(assets, ['model', 'service', 'agent-tool']);
  if (items.length === 0) {
    emit({ check: 'threat-model-names-assets', summary: `The inventory has no models, AI services or agent tools for ${paths(threatModels)} to name`, location });
    return;
  }
  const texts = threatModels.map((d) => d.text ?? '');
  const { missing, note } = unnamed(texts, items);
  const named = items.length - missing.length;
  if (missing.length === 0) {
    emit({ check: 'threat-model-names-assets', summary: `${paths(threatModels)} ${verb(threatModels.length, 'names', 'name')} ${items.length === 1 ? 'the one AI asset' : `all ${items.length} AI assets`} aigis found (${counted(items)}): ${listed(items.map((i) => i.label))}${note}`, location });
    return;
  }
  emit({
    check: 'threat-model-names-assets',
    summary: `${paths(threatModels)} ${verb(threatModels.length, 'names', 'name')} ${named} of the ${items.length} AI assets aigis found (${counted(items)})`,
    location,
    shortfall: `not named: ${listed(missing.map((i) => `${i.label} (${KIND_NOUNS[i.kind]}, ${i.location.path}${i.location.startLine ? `:${i.location.startLine}` : ''})`))}${textNote(threatModels)}${note}`,
  });
}

function incidentPlan(plans: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (plans.length === 0) return;
  emit({ check: 'incident-plan', summary: `${plans.length === 1 ? 'Incident plan' : `${plans.length} incident plans`}: ${paths(plans)}`, location: at(plans[0]!) });
}

function incidentAiScenarios(plans: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (plans.length === 0) return;
  const covering = plans.filter((d) => threatTopics(d).length > 0);
  if (covering.length === 0) {
    const responses = unique(plans.flatMap((d) => d.aiTopics));
    emit({
      check: 'incident-ai-scenarios',
      summary: `Incident plan: ${paths(plans)}`,
      location: at(plans[0]!),
      shortfall: `${paths(plans)} ${verb(plans.length, 'covers', 'cover')} no AI scenario (prompt injection, poisoned data or model, leaked weights)${responses.length > 0 ? `, only ${listed(responses)}` : ''}${partly(plans)}`,
    });
    return;
  }
  const topics = unique(covering.flatMap((d) => d.aiTopics));
  emit({ check: 'incident-ai-scenarios', summary: `${paths(covering)} ${verb(covering.length, 'covers', 'cover')} AI scenarios: ${listed(topics)}`, location: at(covering[0]!) });
}

function rollbackProcedure(plans: readonly SecurityDocument[], assets: readonly Asset[], emit: RecordEvidence): void {
  if (plans.length === 0) return;
  const withRollback = plans.find((d) => d.rollback);
  if (!withRollback) {
    emit({
      check: 'rollback-procedure',
      summary: `Incident plan: ${paths(plans)}`,
      location: at(plans[0]!),
      shortfall: `${paths(plans)} ${verb(plans.length, 'describes', 'describe')} no rollback to a known-good model, weights or prompt${partly(plans)}`,
    });
    return;
  }
  const rollback = withRollback.rollback!;
  const where = `${withRollback.path}:${rollback.line} documents rollback ("${rollback.text}")`;
  const location = at(withRollback, rollback.line);
  const models = nameableAssets(assets, ['model']);
  if (models.length === 0) {
    emit({ check: 'rollback-procedure', summary: `${where}; the inventory has no models to name`, location });
    return;
  }
  const { missing, note } = unnamed(plans.map((d) => d.text ?? ''), models);
  if (missing.length === 0) {
    emit({ check: 'rollback-procedure', summary: `${where} and names ${models.length === 1 ? 'the one model' : `all ${models.length} models`}: ${listed(models.map((m) => m.label))}${note}`, location });
    return;
  }
  emit({
    check: 'rollback-procedure',
    summary: `${where}, naming ${models.length - missing.length} of ${models.length} ${verb(models.length, 'model', 'models')}`,
    location,
    shortfall: `the incident plan does not name ${verb(missing.length, 'the model', 'the models')} to roll back: ${listed(missing.map((m) => `${m.label} (${m.location.path})`))}${textNote(plans)}${note}`,
  });
}

function aiSecurityGuidance(all: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (all.length === 0) return;
  const covering = all.filter((d) => threatTopics(d).length > 0);
  if (covering.length === 0) {
    emit({
      check: 'ai-security-guidance',
      summary: `Security and contributor guidance: ${paths(all)}`,
      location: at(all[0]!),
      shortfall: `${paths(all)} ${verb(all.length, 'mentions', 'mention')} no AI-specific threat (prompt injection, unsafe model files, data leakage)${partly(all)}`,
    });
    return;
  }
  const topics = unique(covering.flatMap(threatTopics));
  emit({ check: 'ai-security-guidance', summary: `${paths(covering)} ${verb(covering.length, 'covers', 'cover')} AI threats: ${listed(topics)}`, location: at(covering[0]!) });
}

const USER_TOPIC_NAMES = ['acceptable use', 'limitations', 'user responsibilities', 'data use'];

function userGuidance(documents: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (documents.length === 0) return;
  const topics = USER_TOPIC_NAMES.filter((topic) => documents.some((d) => d.userTopics?.includes(topic)));
  const missing = USER_TOPIC_NAMES.filter((topic) => !topics.includes(topic));
  const covers = topics.length > 0 ? `${verb(documents.length, 'covers', 'cover')} ${listed(topics)}` : `${verb(documents.length, 'covers', 'cover')} none of ${listed(USER_TOPIC_NAMES)}`;
  if (topics.length >= 2) {
    emit({ check: 'user-guidance', summary: `User guidance ${paths(documents)} ${covers}${missing.length > 0 ? ` (not ${listed(missing)})` : ''}`, location: at(documents[0]!) });
    return;
  }
  emit({
    check: 'user-guidance',
    summary: `User guidance ${paths(documents)} ${covers}`,
    location: at(documents[0]!),
    shortfall: `user guidance should cover at least two of acceptable use, limitations, user responsibilities and data use; missing: ${listed(missing)}${partly(documents)}`,
  });
}

/** Whether a document counts for the project: where GitHub shows a policy, where guidance and records are kept. */
function belongs(root: string, document: SecurityDocument): boolean {
  if (document.configured) return true;
  switch (document.kind) {
    case 'security-policy':
      return isProjectSecurityPolicy(root, document.path);
    case 'guidance':
    case 'user-guidance':
    case 'decision-record':
    case 'lifecycle':
      return isProjectDocument(root, document.path, document.kind) || isUnderSecurityDocs(root, document.path);
    default:
      return true;
  }
}

function decommissioningPlan(input: EvidenceInput, emit: RecordEvidence): void {
  const documents = input.documents.filter((d) => d.kind !== 'security-txt' && belongs(input.root, d)).sort(byPath);
  const planning = documents.filter((d) => d.decommissioning);
  if (planning.length > 0) {
    const first = planning[0]!;
    const mention = first.decommissioning!;
    const others = planning.length > 1 ? ` (also ${listed(planning.slice(1).map((d) => d.path), 3)})` : '';
    emit({ check: 'decommissioning-plan', summary: `${first.path}:${mention.line} plans retiring models or data: "${mention.text}"${others}`, location: at(first, mention.line) });
    return;
  }
  const lifecycle = documents.filter((d) => d.kind === 'lifecycle');
  if (lifecycle.length === 0) return;
  emit({
    check: 'decommissioning-plan',
    summary: `Lifecycle documentation: ${paths(lifecycle)}`,
    location: at(lifecycle[0]!),
    shortfall: `${paths(lifecycle)} ${verb(lifecycle.length, 'does', 'do')} not say how models or data are retired or decommissioned${partly(lifecycle)}`,
  });
}

function modelSelectionRecord(records: readonly SecurityDocument[], emit: RecordEvidence): void {
  if (records.length === 0) return;
  const choices = records.filter((d) => d.modelChoice);
  if (choices.length === 0) {
    const folders = unique(records.map((d) => d.path.slice(0, d.path.lastIndexOf('/') + 1)));
    emit({
      check: 'model-selection-record',
      summary: `${records.length} decision ${verb(records.length, 'record', 'records')} in ${listed(folders, 3)}`,
      location: at(records[0]!),
      shortfall: `none of the ${records.length} decision ${verb(records.length, 'record is', 'records are')} about choosing an AI model${partly(records)}`,
    });
    return;
  }
  const described = choices.map((d) => (d.title ? `${d.path} ("${printable(d.title, 60)}")` : d.path));
  emit({
    check: 'model-selection-record',
    summary: `${choices.length} decision ${verb(choices.length, 'record', 'records')} about model choice: ${listed(described, 3)}`,
    location: at(choices[0]!),
  });
}
