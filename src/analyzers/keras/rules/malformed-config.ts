import type { RuleMeta } from '../../../core/rule.js';
import type { KerasReport } from '../rule.js';

export const malformedConfigMeta: RuleMeta = {
  id: 'keras/malformed-config',
  title: 'Malformed Keras model config',
  severity: 'medium',
  principle: '2.1',
  references: { cwe: ['CWE-20'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'A Keras model config (a `.keras` archive\'s `config.json`, the `model_config` or `training_config` ' +
    'attribute of a Keras H5 file, or a layer\'s metadata in a SavedModel\'s `keras_metadata.pb`) is not JSON ' +
    'that Python\'s `json` module reads, or not a string at all. ' +
    'Keras refuses such a model, so it was damaged or crafted, and what it would contain cannot be judged.',
  fix:
    'Re-download the model and compare its hash with the publisher\'s, or re-save it with Keras from a ' +
    'trusted source.',
};

/** @param where the config, e.g. `config.json` or `the model_config attribute` */
export function reportMalformedConfig(where: string, problem: string, report: KerasReport): void {
  report({ message: `${where} is not a readable Keras config: ${problem}.`, evidence: problem });
}
