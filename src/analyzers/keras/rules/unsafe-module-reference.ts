import { judgeModule } from '../module-reference.js';
import type { KerasRule } from '../rule.js';

export const unsafeModuleReference: KerasRule = {
  meta: {
    id: 'keras/unsafe-module-reference',
    title: 'Keras config imports from the standard library or a code-running package',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-470', 'CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'An object in the config names a `module` Keras never writes: the Python standard library (`os`, ' +
      '`subprocess`, `builtins` with `eval` or `exec`...), a package that exists to unpickle, install or run ' +
      'code (dill, joblib, pip...), or a string that is no module path. Keras before 3.9 (and tf-keras) ' +
      'imports any module a config names and uses the class or function it takes from it, even in safe mode, ' +
      'so a crafted config reaches `os.system` while the model loads (CVE-2025-1550).',
    fix:
      'Do not load the model. Upgrade to Keras 3.9 or later, which only imports from Keras packages, and keep ' +
      '`safe_mode=True`. Load weights alone (`model.load_weights` into an architecture built in your own code, ' +
      'or safetensors) when the source is not trusted.',
  },
  check(object, report) {
    if (object.module === undefined) return;
    const verdict = judgeModule(object.module, object.importName);
    if (verdict.kind !== 'unsafe') return;
    const taken = object.importName ? `${object.module}.${object.importName}` : object.module;
    report({
      message:
        `${object.label()} at ${object.path()} names module "${object.module}", which ${verdict.reason}: Keras ` +
        `before 3.9 imports it and takes ${object.isFunction ? 'the function' : 'the class'} ${taken} while loading.`,
      evidence: `${object.isFunction ? 'function' : 'class'} ${taken}`,
    });
  },
};
