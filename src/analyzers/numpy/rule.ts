/** @module The shape of a numpy rule: metadata plus a check over one parsed `.npy` header. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import type { NpyFile } from './npy-file.js';

export type NumpyReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface NumpyRule {
  readonly meta: RuleMeta;
  /** @param size the whole file's size in bytes */
  check(npy: NpyFile, size: number, report: NumpyReport): void;
}
