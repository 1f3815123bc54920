/** @module The shape of a security-docs rule: metadata plus a check over one project's documents. */
import type { Location } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import type { DocsProject } from './document.js';

export type DocsReport = (report: { message: string; location: Location; evidence?: string }) => void;

export interface DocsRule {
  readonly meta: RuleMeta;
  /** @param now the current time in ms, so expiry checks are testable */
  check(project: DocsProject, report: DocsReport, now: number): void;
}
