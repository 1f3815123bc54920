import type { KerasObject } from '../keras-objects.js';
import type { KerasRule } from '../rule.js';

/** Keeps at most this much of an embedded module: beyond it the config is not one Keras wrote for a layer. */
const MAX_MODULE_BASE64 = 256 * 1024 * 1024;

/** The `torch.save` bytes a TorchModuleWrapper embeds (base64 in `config.module`), or undefined. */
export function embeddedTorchModule(object: KerasObject): Uint8Array | undefined {
  if (object.className !== 'TorchModuleWrapper' || typeof object.config !== 'object' || object.config === null) return undefined;
  const module = (object.config as Record<string, unknown>)['module'];
  if (typeof module !== 'string' || module.length === 0 || module.length > MAX_MODULE_BASE64) return undefined;
  return Buffer.from(module, 'base64');
}

export const torchModuleWrapper: KerasRule = {
  meta: {
    id: 'keras/torch-module-wrapper',
    title: 'Keras TorchModuleWrapper: a pickled PyTorch module inside the config',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'A `TorchModuleWrapper` layer stores its PyTorch module as the base64 of a `torch.save` file, and Keras ' +
      'rebuilds it with `torch.load(weights_only=False)`: a full unpickle, which runs any code the pickle ' +
      'names. Keras 3.11.0 to 3.11.2 did so even in safe mode (CVE-2025-49655). aigis hands the embedded file ' +
      'to its zip and pickle analyzers; this finding stands whatever they find, because the loader is the risk.',
    fix:
      'Do not load the model from an untrusted source, and never with `safe_mode=False`. Rebuild the layer in ' +
      'your own code and load its weights from safetensors or with `torch.load(weights_only=True)`.',
  },
  check(object, report) {
    if (object.className !== 'TorchModuleWrapper') return;
    const bytes = embeddedTorchModule(object);
    const size = bytes ? `${bytes.length} bytes of torch.save output` : 'a module aigis could not decode';
    report({
      message: `${object.label()} at ${object.path()} wraps a PyTorch module (${size}) that Keras unpickles with torch.load(weights_only=False).`,
      evidence: `${object.label()}: ${size}`,
    });
  },
};
