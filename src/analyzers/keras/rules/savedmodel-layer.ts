import type { KerasObject } from '../keras-objects.js';
import type { KerasRule } from '../rule.js';

/** The SavedModel a layer loads: TFSMLayer's `filepath`, or a TensorFlow Hub KerasLayer's `handle`. */
function loadedSavedModel(object: KerasObject): { kind: string; target: unknown } | undefined {
  const config = (typeof object.config === 'object' && object.config !== null ? object.config : {}) as Record<string, unknown>;
  if (object.className === 'TFSMLayer') return { kind: 'TFSMLayer', target: config['filepath'] };
  if (object.className === 'KerasLayer' && object.module?.startsWith('tensorflow_hub')) return { kind: 'TensorFlow Hub KerasLayer', target: config['handle'] };
  return undefined;
}

export const savedmodelLayer: KerasRule = {
  meta: {
    id: 'keras/savedmodel-layer',
    title: 'Keras layer loads a TensorFlow SavedModel (TFSMLayer)',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-829'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'A `TFSMLayer` (or a TensorFlow Hub `KerasLayer`) loads a whole TensorFlow SavedModel from the path or ' +
      'URL in its config when the Keras model loads, and runs that graph, which can read and write files or ' +
      'call Python (PyFunc). Keras\'s safe mode does not look inside it, so this bypasses it (the CVE-2026-1462 ' +
      'class), and the SavedModel is often not even shipped with the model.',
    fix:
      'Do not load the model from an untrusted source. Scan the referenced SavedModel too, or rebuild the ' +
      'layer from Keras layers and weights you control; with TensorFlow Hub, pin the handle to a verified ' +
      'version.',
  },
  check(object, report) {
    const loaded = loadedSavedModel(object);
    if (!loaded) return;
    const target = typeof loaded.target === 'string' ? `"${loaded.target}"` : 'a path in its config';
    report({
      message: `${object.label()} at ${object.path()} is a ${loaded.kind}: loading the model loads and runs the SavedModel at ${target}, outside Keras's safe mode.`,
      evidence: `${loaded.kind} ${typeof loaded.target === 'string' ? loaded.target : '(no path)'}`,
    });
  },
};
