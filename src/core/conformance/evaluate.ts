/**
 * @module The conformance view: for each of the 17 principles, a status worked out from the evidence the
 * analyzers recorded, the evidence aigis derives from the scan itself (the inventory, and which files its rules
 * read) and the findings that count against the principle. A principle is *met* only when every required check
 * that applies holds, at least one verified control backs it, and no finding counts against it.
 */
import type { Asset } from '../asset.js';
import { PRINCIPLES, type Principle } from '../catalogue.js';
import type { Evidence } from '../evidence.js';
import type { FileRecord } from '../file-record.js';
import type { Finding, Location } from '../finding.js';
import type { RuleMeta } from '../rule.js';
import { SEVERITIES, type Severity } from '../severity.js';
import { CHECKS, type Applicability, type CheckKind, type ConformanceCheck, type CoverageDerivation, type InventoryDerivation } from './checks.js';
import { listSome } from '../../lib/listing.js';

export const CONFORMANCE_SCHEMA_VERSION = 1;

export const PRINCIPLE_STATUSES = ['met', 'partial', 'missing', 'not-applicable'] as const;
export type PrincipleStatus = (typeof PRINCIPLE_STATUSES)[number];

/** One piece of evidence as reports show it: a document found, or a control aigis verified. */
export interface EvidenceItem {
  readonly check: string;
  readonly kind: CheckKind;
  /** Only a control that holds is "control verified"; anything with a shortfall "falls short". */
  readonly strength: 'document present' | 'control verified' | 'falls short';
  readonly summary: string;
  readonly location?: Location;
  readonly shortfall?: string;
  /** The analyzer that found it, or `aigis` for evidence derived from the scan as a whole. */
  readonly source: string;
}

export type CheckState = 'holds' | 'falls short' | 'not found' | 'not expected';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly kind: CheckKind;
  readonly required: boolean;
  readonly state: CheckState;
  readonly evidence: readonly EvidenceItem[];
}

export interface FindingRef {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly location: Location;
}

export interface PrincipleResult {
  readonly id: string;
  readonly title: string;
  readonly area: string;
  readonly status: PrincipleStatus;
  /** Why the principle does not apply, as aigis.yaml states it. */
  readonly notApplicableReason?: string;
  readonly checks: readonly CheckResult[];
  /** Findings that count against the principle (every severity but info). */
  readonly findings: { readonly count: number; readonly bySeverity: Record<Severity, number>; readonly worst: readonly FindingRef[] };
  /** What to do next, most important first; empty when met or not applicable. */
  readonly nextSteps: readonly string[];
}

export interface ConformanceReport {
  readonly schemaVersion: typeof CONFORMANCE_SCHEMA_VERSION;
  readonly tool: { readonly name: 'aigis'; readonly version: string };
  readonly scanRoot: string;
  readonly summary: Record<PrincipleStatus, number>;
  readonly principles: readonly PrincipleResult[];
  /** The AI inventory the checks were judged against, counted by kind. */
  readonly inventory: Readonly<Record<string, number>>;
  /** Files that could not be fully analysed: evidence may be missing from them. */
  readonly incompleteFiles: number;
}

export interface ConformanceInput {
  readonly tool: { readonly name: 'aigis'; readonly version: string };
  readonly scanRoot: string;
  /** Reported findings, after policy: suppressed findings do not count. */
  readonly findings: readonly Finding[];
  readonly assets: readonly Asset[];
  readonly evidence: readonly Evidence[];
  readonly files: readonly FileRecord[];
  /** Every rule that ran, to know which analyzers check each principle. */
  readonly rules: readonly RuleMeta[];
  readonly notApplicable: Readonly<Record<string, string>>;
}

const WORST_FINDINGS = 5;


const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const isWithin = (path: string, folder: string) => folder === '' || path === folder || path.startsWith(`${folder}/`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the inventory holds, for applicability and the derived checks. */
class Inventory {
  readonly localModels: Asset[];
  readonly hubModels: Asset[];
  readonly localDatasets: Asset[];
  readonly prompts: Asset[];
  readonly modelCards: Asset[];
  readonly datasetCards: Asset[];
  readonly aiCode: Asset[];

  constructor(readonly assets: readonly Asset[]) {
    const source = (a: Asset) => a.properties?.['source'];
    this.localModels = assets.filter((a) => a.kind === 'model' && source(a) === 'file');
    this.hubModels = assets.filter((a) => a.kind === 'model' && source(a) === 'hub');
    this.localDatasets = assets.filter((a) => a.kind === 'dataset' && source(a) === 'file');
    this.prompts = assets.filter((a) => a.kind === 'prompt');
    this.modelCards = assets.filter((a) => a.kind === 'model' && source(a) === 'card');
    this.datasetCards = assets.filter((a) => a.kind === 'dataset' && source(a) === 'card');
    this.aiCode = assets.filter((a) => a.kind === 'service' || a.kind === 'agent-tool' || (a.kind === 'model' && source(a) === 'hub'));
  }

  applies(when: Applicability): boolean {
    switch (when) {
      case 'always':
        return true;
      case 'local-models':
        return this.localModels.length > 0;
      case 'hub-models':
        return this.hubModels.length > 0;
      case 'datasets':
        return this.localDatasets.length > 0;
      case 'prompts':
        return this.prompts.length > 0;
      case 'ai-code':
        return this.aiCode.length > 0;
    }
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const asset of this.assets) counts[asset.kind] = (counts[asset.kind] ?? 0) + 1;
    return counts;
  }
}

type Derived = Omit<Evidence, 'analyzer' | 'check'>;

/** Evidence from the rules themselves: they read the files that matter for the principle, and what they found. */
function coverageEvidence(check: ConformanceCheck, derivation: CoverageDerivation, input: ConformanceInput, counted: readonly Finding[]): (Derived & { unfinished: number }) | undefined {
  const rules = input.rules.filter((rule) => rule.principle === check.principle);
  const analyzers = new Set(rules.map((rule) => rule.id.slice(0, rule.id.indexOf('/'))));
  const types = derivation.fileTypes && new Set(derivation.fileTypes);
  const read = input.files.filter((file) => (types === undefined || types.has(file.type)) && file.analyzers?.some((id) => analyzers.has(id)));
  const checked = read.filter((file) => file.status === 'scanned');
  if (read.length === 0) return undefined;
  const summary = `aigis checked ${plural(checked.length, derivation.noun)} against its ${plural(rules.length, 'rule')} for this principle`;
  const unfinished = read.length - checked.length;
  const problems = [
    ...(counted.length > 0 ? [`${plural(counted.length, 'finding')} against the principle`] : []),
    ...(unfinished > 0 ? [`${plural(unfinished, 'file')} could not be fully analysed`] : []),
  ];
  return problems.length > 0 ? { summary, shortfall: problems.join('; '), unfinished } : { summary, unfinished };
}

const HOLDS = (summary: string): Derived => ({ summary });

function inventoryEvidence(derivation: InventoryDerivation, inventory: Inventory): Derived[] {
  switch (derivation.kind) {
    case 'hub-models-pinned': {
      if (inventory.hubModels.length === 0) return [];
      const unpinned = inventory.hubModels.filter((a) => a.properties?.['pinned'] !== 'true');
      const names = new Set(inventory.hubModels.map((a) => a.name));
      const summary = `${plural(names.size, 'hub model')} referenced by id`;
      return [unpinned.length === 0
        ? HOLDS(`${summary}, every reference pinned to a commit`)
        : { summary, shortfall: `not pinned to a commit: ${listSome(unpinned.map((a) => `${a.name} (${a.location.path}${a.location.startLine ? `:${a.location.startLine}` : ''})`))}` }];
    }
    case 'model-card':
      return inventory.modelCards.map((card) => {
        const has = (key: string) => card.properties?.[key] !== undefined;
        const missing = [['license', 'license'], ['intended_use', 'intended use'], ['limitations', 'limitations']].filter(([key]) => !has(key!)).map(([, name]) => name!);
        const extras = [['base_model', 'base model'], ['datasets', 'training data']].filter(([key]) => has(key!)).map(([, name]) => name!);
        const cardPath = card.properties?.['card'] ?? card.location.path;
        const summary = `model card ${card.location.path} for ${card.name}${extras.length > 0 ? `, naming its ${extras.join(' and ')}` : ''}`;
        return { summary, location: card.location, ...(missing.length > 0 ? { shortfall: `${cardPath} does not state: ${missing.join(', ')}` } : {}) };
      });
    case 'card-limitations':
      return inventory.modelCards
        .filter((card) => card.properties?.['limitations'] !== undefined)
        .map((card) => ({ summary: `model card ${card.location.path} has a limitations section`, location: card.location }));
    case 'cards-for-models':
      return cardsFor(inventory.localModels, inventory.modelCards, 'model');
    case 'cards-for-datasets':
      return cardsFor(inventory.localDatasets, inventory.datasetCards, 'dataset');
    case 'prompts-in-files': {
      if (inventory.prompts.length === 0) return [];
      const inCode = inventory.prompts.filter((a) => a.properties?.['source'] === 'code');
      const files = inventory.prompts.length - inCode.length;
      const summary = `${plural(files, 'prompt file')}, ${plural(inCode.length, 'system prompt')} written as string literals in code`;
      return [inCode.length === 0 ? HOLDS(summary) : { summary, shortfall: `prompts in code: ${listSome(inCode.map((a) => a.name))}` }];
    }
  }
}

/** Each folder holding files of the kind needs a card in it or in a folder above it. */
function cardsFor(files: readonly Asset[], cards: readonly Asset[], noun: string): Derived[] {
  if (files.length === 0) return [];
  const folders = [...new Set(files.map((file) => folderOf(file.location.path)))].sort();
  const cardFolders = cards.filter((card) => card.location.member === undefined).map((card) => folderOf(card.location.path));
  const uncovered = folders.filter((folder) => !cardFolders.some((cardFolder) => isWithin(folder, cardFolder)));
  const summary = `${noun} cards cover ${folders.length - uncovered.length} of ${plural(folders.length, `${noun} folder`)}`;
  return [uncovered.length === 0 ? HOLDS(summary) : { summary, shortfall: `no ${noun} card for ${listSome(uncovered.map((f) => f || '.'))}` }];
}

function toItem(check: ConformanceCheck, evidence: Omit<Evidence, 'check'>): EvidenceItem {
  return {
    check: check.id,
    kind: check.kind,
    strength: evidence.shortfall ? 'falls short' : check.kind === 'control' ? 'control verified' : 'document present',
    summary: evidence.summary,
    ...(evidence.location ? { location: evidence.location } : {}),
    ...(evidence.shortfall ? { shortfall: evidence.shortfall } : {}),
    source: evidence.analyzer,
  };
}

function stateOf(items: readonly EvidenceItem[], applies: boolean): CheckState {
  if (items.some((item) => item.shortfall === undefined)) return 'holds';
  if (items.length > 0) return 'falls short';
  return applies ? 'not found' : 'not expected';
}

function worstFirst(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
}

function findingStep(counted: readonly Finding[]): string {
  const worst = counted[0]!;
  const at = `${worst.location.path}${worst.location.startLine ? `:${worst.location.startLine}` : ''}`;
  return `Fix or triage the ${plural(counted.length, 'finding')} against this principle, worst first: ${worst.title} (${worst.ruleId}, ${at}). \`aigis scan\` lists them with fixes.`;
}

function evaluatePrinciple(principle: Principle, input: ConformanceInput, inventory: Inventory, evidenceByCheck: ReadonlyMap<string, Evidence[]>): PrincipleResult {
  const counted = input.findings.filter((f) => f.principle === principle.id && f.severity !== 'info').sort(worstFirst);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of counted) bySeverity[finding.severity]++;
  const findings = {
    count: counted.length,
    bySeverity,
    worst: counted.slice(0, WORST_FINDINGS).map((f) => ({ ruleId: f.ruleId, severity: f.severity, title: f.title, location: f.location })),
  };

  const checks: CheckResult[] = [];
  const steps: string[] = [];
  const optionalSteps: string[] = [];
  for (const check of CHECKS.filter((c) => c.principle === principle.id)) {
    const applies = inventory.applies(check.appliesWhen);
    const found: Omit<Evidence, 'check'>[] = [...(evidenceByCheck.get(check.id) ?? [])];
    let unfinished = 0;
    if (check.derived?.kind === 'coverage') {
      const derived = coverageEvidence(check, check.derived, input, counted);
      if (derived) {
        const { unfinished: count, ...evidence } = derived;
        unfinished = count;
        found.push({ ...evidence, analyzer: 'aigis' });
      }
    } else if (check.derived) {
      found.push(...inventoryEvidence(check.derived, inventory).map((derived) => ({ ...derived, analyzer: 'aigis' })));
    }
    const evidence = found.map((e) => toItem(check, e));
    const state = stateOf(evidence, applies);
    checks.push({ id: check.id, title: check.title, kind: check.kind, required: check.required, state, evidence });
    if (state === 'holds' || state === 'not expected') continue;
    if (check.derived?.kind === 'coverage' && evidence.length > 0) {
      // The findings have their own step; what is left is the files the rules could not finish.
      if (unfinished > 0) {
        steps.push('Make the files aigis could not fully analyse readable, or exclude them with a reason (`aigis scan` lists them): until then they may hide problems.');
      }
      continue;
    }
    const shortfall = evidence.find((item) => item.shortfall)?.shortfall;
    const step = shortfall ? `${check.nextStep} (${shortfall})` : check.nextStep;
    (check.required ? steps : optionalSteps).push(step);
  }

  const base = { id: principle.id, title: principle.title, area: principle.areaTitle, checks, findings };
  const reason = input.notApplicable[principle.id];
  if (reason !== undefined) return { ...base, status: 'not-applicable', notApplicableReason: reason, nextSteps: [] };

  const anyEvidence = checks.some((c) => c.evidence.length > 0);
  const requiredHold = checks.every((c) => !c.required || c.state === 'holds' || c.state === 'not expected');
  const controlHolds = checks.some((c) => c.kind === 'control' && c.state === 'holds');
  const status: PrincipleStatus = !anyEvidence ? 'missing' : requiredHold && controlHolds && counted.length === 0 ? 'met' : 'partial';
  if (status === 'met') return { ...base, status, nextSteps: [] };

  const nextSteps = [...(counted.length > 0 ? [findingStep(counted)] : []), ...steps];
  // All that is required holds but nothing was verified: the optional controls are the way to "met".
  if (requiredHold && !controlHolds) nextSteps.push(...optionalSteps);
  if (nextSteps.length === 0 && requiredHold) {
    nextSteps.push("Everything aigis can check for this principle is in place, but none of it is a control aigis can verify: the rest is a person's judgement. Have the risk owner review the documents above against the principle, and record the review.");
  }
  if (!checks.some((c) => c.state !== 'not expected')) {
    nextSteps.push(`aigis found nothing this principle's checks apply to. If it does not apply to this system, say so in aigis.yaml: conformance.notApplicable: {"${principle.id}": "<why>"}.`);
  }
  return { ...base, status, nextSteps };
}

export function evaluateConformance(input: ConformanceInput): ConformanceReport {
  const inventory = new Inventory(input.assets);
  const evidenceByCheck = new Map<string, Evidence[]>();
  for (const item of input.evidence) {
    const list = evidenceByCheck.get(item.check);
    if (list) list.push(item);
    else evidenceByCheck.set(item.check, [item]);
  }
  const principles = PRINCIPLES.map((principle) => evaluatePrinciple(principle, input, inventory, evidenceByCheck));
  const summary = Object.fromEntries(PRINCIPLE_STATUSES.map((s) => [s, 0])) as Record<PrincipleStatus, number>;
  for (const result of principles) summary[result.status]++;
  return {
    schemaVersion: CONFORMANCE_SCHEMA_VERSION,
    tool: input.tool,
    scanRoot: input.scanRoot,
    summary,
    principles,
    inventory: inventory.counts(),
    incompleteFiles: input.files.filter((file) => file.status === 'inconclusive' || file.status === 'error').length,
  };
}
