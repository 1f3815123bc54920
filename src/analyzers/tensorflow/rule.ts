/** @module The shape of a tensorflow rule: metadata plus a check over one graph's watched ops. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import { reportLimited } from '../../lib/limited-reports.js';
import type { OpUse, TensorflowGraph } from './graph-model.js';

export type TensorflowReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface TensorflowRule {
  readonly meta: RuleMeta;
  check(graph: TensorflowGraph, report: TensorflowReport): void;
}

/** Where a node sits, for messages: `the graph` or `function <name>`, with the meta graph when there are several. */
export function whereOf(use: OpUse): string {
  const place = use.function === undefined ? 'the graph' : `function ${use.function}`;
  return use.metaGraph === undefined ? place : `${place} of meta graph ${use.metaGraph}`;
}

/** Reports each use (the first few one by one), with the node as evidence. */
export function reportUses(uses: readonly OpUse[], report: TensorflowReport, describe: (use: OpUse) => string): void {
  reportLimited(
    report,
    uses.map((use) => ({ message: describe(use), evidence: `${use.op} node "${use.node}" in ${whereOf(use)}`, offset: use.offset })),
  );
}
