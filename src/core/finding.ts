/** @module Finding: the one result type every analyzer produces and every reporter consumes. */
import { createHash } from 'node:crypto';
import { printable } from '../lib/printable.js';
import type { RuleMeta } from './rule.js';
import type { Severity } from './severity.js';

export interface Location {
  /** Relative to the scan root, `/`-separated. For an archive member, the archive file. */
  readonly path: string;
  readonly startLine?: number;
  readonly startColumn?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** A path inside an archive, e.g. `archive/data.pkl`; nested members are joined with `!`. */
  readonly member?: string;
  /** Byte offset inside the file, or inside the member when there is one. */
  readonly offset?: number;
  /** GitHub code scanning's `primaryLocationLineHash` of `startLine`, for findings on a line of a text file. */
  readonly lineHash?: string;
}

export interface References {
  readonly cwe: readonly string[];
  readonly owaspLlm: readonly string[];
  readonly atlas: readonly string[];
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly location: Location;
  readonly principle: string;
  readonly references: References;
  /** A short snippet or a reconstructed call such as `os.system('true')`. Secrets are masked. */
  readonly evidence?: string;
  readonly fix: string;
  /** Stable across runs and line shifts: rule, path, member, evidence and occurrence, never line numbers. */
  readonly fingerprint: string;
}

/** What an analyzer reports; the rule's metadata supplies the rest. */
export interface Report {
  readonly message: string;
  readonly location: Location;
  readonly evidence?: string;
}

export type UnfingerprintedFinding = Omit<Finding, 'fingerprint'>;

export const MAX_EVIDENCE_LENGTH = 300;
export const MAX_MESSAGE_LENGTH = 1000;

export function createFinding(meta: RuleMeta, report: Report): UnfingerprintedFinding {
  return {
    ruleId: meta.id,
    severity: meta.severity,
    title: meta.title,
    message: printable(report.message, MAX_MESSAGE_LENGTH),
    location: report.location,
    principle: meta.principle,
    references: {
      cwe: [...(meta.references.cwe ?? [])],
      owaspLlm: [...(meta.references.owaspLlm ?? [])],
      atlas: [...(meta.references.atlas ?? [])],
    },
    // Evidence is one line: runs of whitespace (newlines included) become one space.
    ...(report.evidence === undefined ? {} : { evidence: printable(report.evidence.replace(/\s+/g, ' ').trim(), MAX_EVIDENCE_LENGTH) }),
    fix: meta.fix,
  };
}

function compareOptional<T extends string | number>(a: T | undefined, b: T | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** The deterministic report order: path, member, position, then rule. */
export function compareFindings(a: UnfingerprintedFinding, b: UnfingerprintedFinding): number {
  return (
    compareOptional(a.location.path, b.location.path) ||
    compareOptional(a.location.member, b.location.member) ||
    compareOptional(a.location.startLine, b.location.startLine) ||
    compareOptional(a.location.startColumn, b.location.startColumn) ||
    compareOptional(a.location.offset, b.location.offset) ||
    compareOptional(a.ruleId, b.ruleId) ||
    compareOptional(a.message, b.message)
  );
}

function fingerprintKey(finding: UnfingerprintedFinding): string {
  const subject = finding.evidence ?? finding.message;
  return [finding.ruleId, finding.location.path, finding.location.member ?? '', subject].join('\u0000');
}

/**
 * Sorts findings and gives each a fingerprint. Findings that share rule, path, member and evidence are told
 * apart by their occurrence index in that order, so inserting lines above them changes nothing.
 */
export function fingerprintFindings(findings: readonly UnfingerprintedFinding[]): Finding[] {
  const seen = new Map<string, number>();
  return [...findings].sort(compareFindings).map((finding) => {
    const key = fingerprintKey(finding);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const fingerprint = createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
    return { ...finding, fingerprint };
  });
}
