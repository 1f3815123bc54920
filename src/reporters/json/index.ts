/**
 * @module The JSON report: the stable, documented interface for other tools (schemas/report.schema.json).
 * Rule metadata is not repeated at the top level: each finding carries its title, principle, references and fix.
 */
import type { Reporter } from '../../core/reporter.js';
import type { ScanReport } from '../../core/scan-report.js';

export type JsonReport = Omit<ScanReport, 'rules' | 'conformance'>;

export function toJsonReport(report: ScanReport): JsonReport {
  const { rules: _rules, conformance: _conformance, ...rest } = report;
  return rest;
}

export const jsonReporter: Reporter = (report) => `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
