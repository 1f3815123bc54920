/** @module The shape of an onnx rule: metadata plus a check over one model's summary. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import type { OnnxModel } from './onnx-model.js';

export type OnnxReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface OnnxRule {
  readonly meta: RuleMeta;
  check(model: OnnxModel, report: OnnxReport): void;
}
