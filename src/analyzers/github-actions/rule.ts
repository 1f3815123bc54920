/** @module The shape of a GitHub Actions rule: metadata next to a check over one workflow. */
import type { RuleMeta } from '../../core/rule.js';
import type { Located, Workflow } from './workflow.js';

export interface WorkflowReport {
  readonly message: string;
  readonly evidence: string;
  readonly position: Located;
}

export interface WorkflowSettings {
  /** Action owners whose `uses:` may be pinned by tag (e.g. `actions`). */
  readonly allowOwners: readonly string[];
}

export interface WorkflowRule {
  readonly meta: RuleMeta;
  check(workflow: Workflow, settings: WorkflowSettings, report: (report: WorkflowReport) => void): void;
}

const MAX_EVIDENCE = 200;

/** The file's text at an offset range, on one line, shortened. */
export function evidence(workflow: Workflow, start: number, end: number): string {
  const text = workflow.text.slice(start, Math.min(end, start + 4 * MAX_EVIDENCE)).replace(/\s+/g, ' ').trim();
  return text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE - 1)}…` : text;
}

/** The whole line of the file at an offset, trimmed and shortened. */
export function lineEvidence(workflow: Workflow, offset: number): string {
  const start = workflow.text.lastIndexOf('\n', offset - 1) + 1;
  let end = workflow.text.indexOf('\n', offset);
  if (end < 0) end = workflow.text.length;
  return evidence(workflow, start, end);
}
