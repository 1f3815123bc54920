/** @module The shape of a pickle rule: metadata, plus a check that turns scan events into findings. */
import type { RuleMeta, RuleReferences } from '../../core/rule.js';
import type { Use } from './policy/policy.js';
import type { PickleEvent } from './semantics/events.js';

export interface PickleReport {
  readonly message: string;
  readonly evidence?: string;
  readonly offset?: number;
}

export interface PickleRule {
  readonly meta: RuleMeta;
  check(event: PickleEvent, report: (report: PickleReport) => void): void;
}

/** Unsafe deserialization in a third-party model: the references every code-running pickle finding shares. */
export const DESERIALIZATION_REFERENCES: RuleReferences = {
  cwe: ['CWE-502'],
  owaspLlm: ['LLM03:2025'],
  atlas: ['AML.T0010.003', 'AML.T0011.000'],
};

export const SAFE_LOADING_FIX =
  'Do not load this file with pickle, joblib.load, numpy.load(allow_pickle=True) or torch.load(weights_only=False). ' +
  'Ask for the weights as safetensors, or load PyTorch checkpoints with torch.load(weights_only=True), which refuses ' +
  'these imports; pin the artifact to a known hash or verify its signature before use.';

export function useText(use: Use): string {
  switch (use) {
    case 'invoked':
      return 'is called when the file is loaded';
    case 'instantiated':
      return 'is instantiated when the file is loaded (its __new__/__setstate__ code runs)';
    default:
      return 'is imported when the file is loaded (importing runs the module, and the reference can be called later)';
  }
}
