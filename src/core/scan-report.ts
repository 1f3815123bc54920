/** @module ScanReport: everything a reporter receives. Reporters never look anything up elsewhere. */
import { PRINCIPLES } from './catalogue.js';
import type { ConformanceReport } from './conformance/evaluate.js';
import type { FileRecord, FileStatus } from './file-record.js';
import { countByStatus } from './file-record.js';
import type { Finding } from './finding.js';
import type { Notice, SuppressedFinding } from './policy/apply.js';
import type { RuleMeta } from './rule.js';
import type { FailOn, Severity } from './severity.js';
import { SEVERITIES } from './severity.js';

/** Bumped only on a breaking change to the JSON report. */
export const REPORT_SCHEMA_VERSION = 1;

export interface ScanSummary {
  readonly bySeverity: Record<Severity, number>;
  /** Every principle id, 1.1-4.4, with its count of reported findings. */
  readonly byPrinciple: Record<string, number>;
  readonly files: Record<FileStatus, number>;
  readonly suppressed: number;
}

export interface ScanReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: 'aigis'; readonly version: string };
  /** Absolute path every location is relative to. */
  readonly scanRoot: string;
  readonly failOn: FailOn;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly files: readonly FileRecord[];
  readonly notices: readonly Notice[];
  readonly summary: ScanSummary;
  /** Metadata of every rule that ran, for SARIF rule descriptors and HTML help. */
  readonly rules: readonly RuleMeta[];
  /** The conformance view of the same scan, for reports that show it (HTML); not part of the JSON report. */
  readonly conformance?: ConformanceReport;
}

export function summarize(
  findings: readonly Finding[],
  files: readonly FileRecord[],
  suppressed: readonly SuppressedFinding[],
): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byPrinciple: Record<string, number> = Object.fromEntries(PRINCIPLES.map((p) => [p.id, 0]));
  for (const finding of findings) {
    bySeverity[finding.severity]++;
    byPrinciple[finding.principle] = (byPrinciple[finding.principle] ?? 0) + 1;
  }
  return { bySeverity, byPrinciple, files: countByStatus(files), suppressed: suppressed.length };
}

export function buildScanReport(input: Omit<ScanReport, 'schemaVersion' | 'summary'>): ScanReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    ...input,
    summary: summarize(input.findings, input.files, input.suppressed),
  };
}
