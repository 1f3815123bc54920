/**
 * @module Reports the first few of many similar findings one by one and sums up the rest, so a hostile archive
 * of 100,000 bad entries gives a readable report instead of 100,000 lines.
 */

export const MAX_REPORTS_PER_RULE = 20;

export interface LimitedReport {
  readonly message: string;
  readonly evidence?: string;
  readonly offset?: number;
}

/** A parser's phrase ("the header at offset 12 is not valid") as a finding message: capitalised, with a period. */
export function asSentence(phrase: string): string {
  const text = phrase.charAt(0).toUpperCase() + phrase.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

type Sink = (report: { message: string; evidence?: string; position?: { offset: number } }) => void;

export function reportLimited(sink: Sink, reports: readonly LimitedReport[], max = MAX_REPORTS_PER_RULE): void {
  for (const report of reports.slice(0, max)) {
    sink({
      message: report.message,
      ...(report.evidence === undefined ? {} : { evidence: report.evidence }),
      ...(report.offset === undefined ? {} : { position: { offset: report.offset } }),
    });
  }
  const hidden = reports.length - max;
  if (hidden > 0) sink({ message: `${hidden} more like the ones above (not listed one by one).` });
}
