/** @module The shape of a GGUF rule: metadata plus a check over one parsed file and its tensor layout. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import { reportLimited } from '../../lib/limited-reports.js';
import type { GgufFile } from './gguf-file.js';
import type { GgufLayout } from './layout.js';

export type GgufReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface GgufRule {
  readonly meta: RuleMeta;
  check(file: GgufFile, layout: GgufLayout, report: GgufReport): void;
}

/** Reports each problem with a prefix; past the shared cap, the rest are summed up in one finding. */
export function reportEach(problems: readonly { message: string; offset: number; evidence?: string }[], prefix: string, report: GgufReport): void {
  reportLimited(report, problems.map((p) => ({ ...p, message: `${prefix}${p.message}.` })));
}
