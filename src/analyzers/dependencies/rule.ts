/** @module The shapes of dependency rules: per requirements file, and per project (manifests and lockfiles). */
import type { Position } from '../../core/analyzer.js';
import type { Location } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ManifestFact } from './manifests.js';
import type { RequirementsFile } from './requirements.js';

export interface RequirementsInput {
  readonly path: string;
  /** `constraints` for constraints files: they limit versions, they never add packages. */
  readonly role: 'requirements' | 'constraints';
  readonly parsed: RequirementsFile;
}

export type FileReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface RequirementsRule {
  readonly meta: RuleMeta;
  check(file: RequirementsInput, report: FileReport): void;
}

export interface ProjectInput {
  readonly root: string;
  /** Every file path under the project folder, relative to the scan root. */
  readonly paths: ReadonlySet<string>;
  readonly facts: readonly ManifestFact[];
}

export type ProjectReport = (report: { message: string; location: Location; evidence?: string }) => void;

export interface ProjectRule {
  readonly meta: RuleMeta;
  check(project: ProjectInput, report: ProjectReport): void;
}

/** Findings per rule and file beyond which the rest are summed up in one. */
export const MAX_FINDINGS_PER_FILE = 100;

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
