/** @module The reporter contract: a function from a ScanReport to bytes. It knows no analyzer and no file format. */
import type { ConformanceReport } from './conformance/evaluate.js';
import type { ScanReport } from './scan-report.js';

export interface ReporterOptions {
  /** ANSI colour; only the text reporter uses it. */
  readonly color: boolean;
  /** More detail where a format has a short and a long form (the text conformance view shows evidence for met principles). */
  readonly verbose?: boolean;
}

export type Reporter = (report: ScanReport, options: ReporterOptions) => string;

/** A renderer of the conformance view (`aigis check`). */
export type ConformanceReporter = (report: ConformanceReport, options: ReporterOptions) => string;
