/** @module Output formats by name. */
import type { ConformanceReporter, Reporter } from '../core/reporter.js';
import type { ConformanceFormat, ReportFormat } from './formats.js';

export { CONFORMANCE_FORMATS, REPORT_FORMATS, type ConformanceFormat, type ReportFormat } from './formats.js';
import { conformanceHtmlReporter, htmlReporter } from './html/index.js';
import { conformanceJsonReporter } from './json/conformance.js';
import { jsonReporter } from './json/index.js';
import { conformanceMarkdownReporter } from './markdown/conformance.js';
import { sarifReporter } from './sarif/index.js';
import { conformanceTextReporter } from './text/conformance.js';
import { textReporter } from './text/index.js';


export const reporters: Readonly<Record<ReportFormat, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  html: htmlReporter,
};

/** Renderers of the conformance view (`aigis check`). */
export const conformanceReporters: Readonly<Record<ConformanceFormat, ConformanceReporter>> = {
  text: conformanceTextReporter,
  json: conformanceJsonReporter,
  markdown: conformanceMarkdownReporter,
  html: conformanceHtmlReporter,
};
