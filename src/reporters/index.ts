/** @module Output formats by name. */
import type { Reporter } from '../core/reporter.js';
import type { ReportFormat } from './formats.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';
import { htmlReporter } from './html/index.js';
import { jsonReporter } from './json/index.js';
import { sarifReporter } from './sarif/index.js';
import { textReporter } from './text/index.js';


export const reporters: Readonly<Record<ReportFormat, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  html: htmlReporter,
};
