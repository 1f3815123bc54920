/** @module The conformance view as JSON: the report as evaluated (schemas/conformance.schema.json). */
import type { ConformanceReporter } from '../../core/reporter.js';

export const conformanceJsonReporter: ConformanceReporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
