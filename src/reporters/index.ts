/** @module Output formats by name. */
import type { Reporter } from '../core/reporter.js';
import { htmlReporter } from './html/index.js';
import { jsonReporter } from './json/index.js';
import { sarifReporter } from './sarif/index.js';
import { textReporter } from './text/index.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reporters: Readonly<Record<ReportFormat, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  html: htmlReporter,
};
