/** @module The shape of a keras rule: metadata plus a check of one deserializable object in a config. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import type { KerasObject } from './keras-objects.js';

export type KerasReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface KerasRule {
  readonly meta: RuleMeta;
  check(object: KerasObject, report: KerasReport): void;
}
