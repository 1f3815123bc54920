import { judgeModule } from '../module-reference.js';
import type { KerasRule } from '../rule.js';

export const externalFunctionReference: KerasRule = {
  meta: {
    id: 'keras/external-function-reference',
    title: 'Keras config calls a function from a package outside Keras',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-470'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'An object in the config is a function (`class_name: "function"`) from a module outside the Keras ' +
      'packages, used as an activation, loss, metric or initializer. Keras before 3.9 imports that module and ' +
      'calls the function, so a crafted config can run any function any installed package exposes (the ' +
      'CVE-2025-1550 class); Keras 3.9+ only uses it if the loading code registered it. A custom function of ' +
      'your own looks the same: check that it is yours.',
    fix:
      'Check that the module is your own code. If not, do not load the model; if so, register the function ' +
      'with `@keras.saving.register_keras_serializable()` and load with Keras 3.9+ and `safe_mode=True`.',
  },
  check(object, report) {
    if (object.module === undefined || !object.isFunction || judgeModule(object.module, object.importName).kind !== 'custom') return;
    report({
      message:
        `${object.label()} at ${object.path()} is the function ${object.module}.${object.importName}, from outside ` +
        'Keras: Keras before 3.9 imports the module and calls the function.',
      evidence: `function ${object.module}.${object.importName}`,
    });
  },
};
