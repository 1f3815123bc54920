/** @module The reporter contract: a function from a ScanReport to bytes. It knows no analyzer and no file format. */
import type { ScanReport } from './scan-report.js';

export interface ReporterOptions {
  /** ANSI colour; only the text reporter uses it. */
  readonly color: boolean;
}

export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
