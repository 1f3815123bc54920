import { judgeModule } from '../module-reference.js';
import type { KerasRule } from '../rule.js';

export const customClassReference: KerasRule = {
  meta: {
    id: 'keras/custom-class-reference',
    title: 'Keras config needs a class from outside Keras',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-470'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'An object in the config is a class from a module outside the Keras packages: a custom layer, model or ' +
      'loss. Loading it runs that package\'s code: Keras before 3.9 imports the module and calls the class\'s ' +
      '`from_config`, and 3.9+ needs the loading code to register it. That is normal for your own layers, but ' +
      'the package becomes part of the model\'s supply chain, and a class from an unexpected package is how ' +
      'gadget chains start.',
    fix:
      'Check that the module is code you own or trust, pin it, and register its classes with ' +
      '`@keras.saving.register_keras_serializable()`. Load with Keras 3.9+ and `safe_mode=True`.',
  },
  check(object, report) {
    if (object.module === undefined || object.isFunction || judgeModule(object.module, object.importName).kind !== 'custom') return;
    const registered = object.registeredName ? ` (registered as "${object.registeredName}")` : '';
    report({
      message:
        `${object.label()} at ${object.path()} is the class ${object.module}.${object.importName}${registered}, from ` +
        'outside Keras: loading the model runs that package\'s code.',
      evidence: `class ${object.module}.${object.importName}`,
    });
  },
};
