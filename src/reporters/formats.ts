/** @module The names of the report formats, without loading the reporters. */

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONFORMANCE_FORMATS = ['text', 'json', 'markdown', 'html'] as const;
export type ConformanceFormat = (typeof CONFORMANCE_FORMATS)[number];
