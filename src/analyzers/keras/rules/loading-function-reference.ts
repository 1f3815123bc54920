import { isKerasModule } from '../module-reference.js';
import type { KerasRule } from '../rule.js';

/** Keras APIs that fetch or load files, or switch safe mode off (Keras's own LOADING_APIS, by last name). */
const LOADING_FUNCTIONS: ReadonlySet<string> = new Set(['get_file', 'load_model', 'load_weights', 'load_img', 'enable_unsafe_deserialization']);

export const loadingFunctionReference: KerasRule = {
  meta: {
    id: 'keras/loading-function-reference',
    title: 'Keras config references a Keras loading function (get_file, load_model)',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-494'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'An object in the config names a Keras function that downloads or loads files, or that turns safe mode ' +
      'off: `keras.utils.get_file`, `load_model`, `load_weights`, `load_img`, `enable_unsafe_deserialization`. ' +
      'Because they live inside Keras, module allowlists let them through, and a crafted config can make ' +
      'loading fetch a file from an attacker\'s URL to a path of their choosing, or load a second model ' +
      'without safe mode (CVE-2025-8747). Keras 3.11+ refuses these names during deserialization.',
    fix:
      'Do not load the model. Upgrade Keras to a release that blocks loading APIs in configs (3.11 or later) ' +
      'and keep `safe_mode=True`; fetch any files a model needs yourself, pinned by hash.',
  },
  check(object, report) {
    if (!LOADING_FUNCTIONS.has(object.importName) || (object.module !== undefined && !isKerasModule(object.module))) return;
    const name = object.module === undefined ? object.importName : `${object.module}.${object.importName}`;
    report({
      message: `${object.label()} at ${object.path()} references ${name}, a Keras function that loads or fetches files while the model is deserialized.`,
      evidence: `${object.isFunction ? 'function' : 'class'} ${name}`,
    });
  },
};
