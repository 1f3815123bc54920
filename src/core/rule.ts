/**
 * @module Rule metadata: everything a report and the generated docs say about a rule lives here, once.
 * An analyzer's rule modules pair this metadata with their logic.
 */
import { REFERENCE_PATTERNS, findPrinciple } from './catalogue.js';
import type { Severity } from './severity.js';
import { isSeverity } from './severity.js';

export interface RuleReferences {
  /** CWE ids, e.g. `CWE-502`. */
  readonly cwe?: readonly string[];
  /** OWASP Top 10 for LLM Applications ids with the edition, e.g. `LLM03:2025`. */
  readonly owaspLlm?: readonly string[];
  /** MITRE ATLAS technique ids, e.g. `AML.T0010.003`. */
  readonly atlas?: readonly string[];
}

export interface RuleMeta {
  /** `<analyzer>/<kebab-name>`. */
  readonly id: string;
  readonly title: string;
  /** The default severity; aigis.yaml may override it. */
  readonly severity: Severity;
  /** The one guideline principle this rule gives evidence for, e.g. `2.1`. */
  readonly principle: string;
  readonly references: RuleReferences;
  /** Why this matters, in a few sentences. */
  readonly description: string;
  /** What to do about it: the safe alternative, concretely. */
  readonly fix: string;
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/;

/** Returns every problem with a rule's metadata; an empty list means it is well-formed. */
export function ruleMetaProblems(meta: RuleMeta): string[] {
  const problems: string[] = [];
  if (!RULE_ID.test(meta.id)) problems.push(`id "${meta.id}" is not <analyzer>/<kebab-name>`);
  if (!meta.title.trim()) problems.push('title is empty');
  if (!isSeverity(meta.severity)) problems.push(`severity "${String(meta.severity)}" is unknown`);
  if (!findPrinciple(meta.principle)) problems.push(`principle "${meta.principle}" is not one of 1.1-4.4`);
  if (!meta.description.trim()) problems.push('description is empty');
  if (!meta.fix.trim()) problems.push('fix is empty');
  for (const [kind, pattern] of Object.entries(REFERENCE_PATTERNS)) {
    for (const ref of meta.references[kind as keyof RuleReferences] ?? []) {
      if (!pattern.test(ref)) problems.push(`reference "${ref}" is not a well-formed ${kind} id`);
    }
  }
  return problems;
}

/** All references of a rule as one flat list, CWE first. */
export function allReferences(refs: RuleReferences): string[] {
  return [...(refs.cwe ?? []), ...(refs.owaspLlm ?? []), ...(refs.atlas ?? [])];
}
