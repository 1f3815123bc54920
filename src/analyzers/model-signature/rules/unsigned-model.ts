import type { RuleMeta } from '../../../core/rule.js';

export const unsignedModel: RuleMeta = {
  id: 'model-signature/unsigned-model',
  title: 'Model folder without a signature',
  severity: 'low',
  principle: '3.2',
  references: { cwe: ['CWE-494'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'A folder holds model files (pickle, safetensors, GGUF, ONNX, HDF5, NumPy, TFLite, PyTorch archives) but no ' +
    'model signature beside them or in a folder above. Without a signature, whoever loads the model cannot check ' +
    'that it is the model that was trained and reviewed: a swapped or poisoned file goes unnoticed. The guidelines ' +
    'ask to publish hashes and signatures of models and to check them before use.',
  fix:
    'Sign the model folder in the OpenSSF model-signing format and keep the signature with it: `aigis keygen --out ' +
    'keys` once, then `aigis sign <folder> --key keys/private.pem` (writes model.sig, which the reference ' +
    '`model_signing verify` also accepts). Set `signing.publicKey` in aigis.yaml so that `aigis scan` verifies it, ' +
    'and verify before loading in production. Test fixtures can be suppressed with a path in aigis.yaml.',
};
