/** @module Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage error or a file not fully analysed. */
import type { FileRecord } from '../file-record.js';
import type { Finding } from '../finding.js';
import type { FailOn } from '../severity.js';
import type { Notice } from './apply.js';
import { meetsThreshold } from '../severity.js';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INCOMPLETE = 2;

export function exitCodeFor(input: {
  findings: readonly Finding[];
  files: readonly FileRecord[];
  notices: readonly Notice[];
  failOn: FailOn;
  allowInconclusive: boolean;
}): number {
  const incomplete =
    input.files.some((f) => f.status === 'inconclusive' || f.status === 'error') || input.notices.some((n) => n.level === 'error');
  if (incomplete && !input.allowInconclusive) return EXIT_INCOMPLETE;
  return input.findings.some((f) => meetsThreshold(f.severity, input.failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
