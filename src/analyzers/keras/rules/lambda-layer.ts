import { describeLambdaFunction } from '../lambda-code.js';
import type { KerasRule } from '../rule.js';

export const lambdaLayer: KerasRule = {
  meta: {
    id: 'keras/lambda-layer',
    title: 'Keras Lambda layer or serialized lambda: code runs on load',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-94', 'CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'The config holds a `Lambda` layer or a serialized Python lambda (`__lambda__`). Keras stores a lambda ' +
      'as marshalled CPython bytecode and rebuilds the function when the model loads, so whoever made the file ' +
      'runs code on the machine that loads it (CVE-2024-3660). Keras 3 refuses lambdas in safe mode, but the ' +
      'legacy H5 loader ignores `safe_mode` (CVE-2025-9905), older Keras versions have no safe mode, and users ' +
      'routinely pass `safe_mode=False` when asked.',
    fix:
      'Do not load the model from an untrusted source, and never with `safe_mode=False`. If you own the model, ' +
      'replace the Lambda with a named layer subclass registered with `@keras.saving.register_keras_serializable()` ' +
      'and ship the weights as safetensors or a `.weights.h5` file.',
  },
  check(object, report) {
    if (object.className === 'Lambda') {
      const config = (typeof object.config === 'object' && object.config !== null ? object.config : {}) as Record<string, unknown>;
      const code = describeLambdaFunction(config['function'], config['function_type']);
      report({
        message: `${object.label()} at ${object.path()} is a Lambda layer holding ${code}: Keras rebuilds and runs it when the model loads.`,
        evidence: `${object.label()}: ${code}`,
      });
    } else if (object.className === '__lambda__' && object.owner?.className !== 'Lambda') {
      // A lambda inside a Lambda layer is that layer's function, reported with it.
      const code = describeLambdaFunction(object.config);
      report({
        message: `${object.path()} is a serialized Python lambda holding ${code}: Keras rebuilds it when the model loads.`,
        evidence: `__lambda__ at ${object.path()}: ${code}`,
      });
    }
  },
};
