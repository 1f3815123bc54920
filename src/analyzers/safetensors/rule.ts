/** @module The shape of a safetensors rule: metadata plus a check over one parsed header and its layout. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import { reportLimited } from '../../lib/limited-reports.js';
import type { Layout } from './layout.js';
import type { Problem } from './problem.js';
import type { SafetensorsFile } from './safetensors-file.js';

export type SafetensorsReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface SafetensorsRule {
  readonly meta: RuleMeta;
  check(file: SafetensorsFile, layout: Layout, report: SafetensorsReport): void;
}

/** Reports each problem with a prefix; past the shared cap, the rest are summed up in one finding. */
export function reportProblems(problems: readonly Problem[], prefix: string, report: SafetensorsReport): void {
  reportLimited(report, problems.map((p) => ({ ...p, message: `${prefix}${p.message}.` })));
}
