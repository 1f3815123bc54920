import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { literalValue } from '../module.js';

const KERAS_ROOTS = ['keras', 'tensorflow.keras', 'tf_keras', 'tensorflow.python.keras'];
const LOADERS = new Set(KERAS_ROOTS.flatMap((root) => [`${root}.models.load_model`, `${root}.saving.load_model`]));
const UNSAFE_SWITCHES = new Set(KERAS_ROOTS.flatMap((root) => [`${root}.config.enable_unsafe_deserialization`]));

export const kerasUnsafeLoad: PythonRule = {
  meta: {
    id: 'python/keras-unsafe-load',
    title: 'Keras model loaded with safe_mode off',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000'] },
    description:
      'Keras safe_mode refuses to deserialize Lambda layers, whose Python bytecode is stored in the model file. With safe_mode=False, or after keras.config.enable_unsafe_deserialization(), loading a crafted .keras model runs that code. Related rules: Trail of Bits pickles-in-keras.',
    fix: 'Keep the default safe_mode=True and replace Lambda layers with registered custom layer classes, or load only models you built yourself and verify their hash before loading.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (call.callee === undefined) continue;
      if (UNSAFE_SWITCHES.has(call.callee)) {
        report({
          node: call.node,
          message: `${call.calleeText} turns Keras safe_mode off for every later load: Lambda layers in a crafted model file run code`,
          evidence: snippet(call.node),
        });
        continue;
      }
      if (!LOADERS.has(call.callee)) continue;
      if (literalValue(call.args.keywords.get('safe_mode')) !== false) continue;
      report({
        node: call.node,
        message: `${call.calleeText} is called with safe_mode=False: Lambda layers in a crafted model file run code when it is loaded`,
        evidence: snippet(call.node),
      });
    }
  },
};
