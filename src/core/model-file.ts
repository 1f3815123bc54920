/**
 * @module Which files are models: the one definition the inventory, the signing checks, the card checks and the
 * conformance view share, so that they count the same files.
 */
import type { FileType } from './file-type.js';

/** Sniffed types that are model weights or graphs whatever their name. */
const MODEL_TYPES: ReadonlySet<FileType> = new Set<FileType>(['safetensors', 'gguf', 'onnx', 'tflite', 'hdf5', 'pickle']);
/** Containers that are models only under a model file name (PyTorch zip checkpoints, Keras 3, TF graphs, TorchServe). */
const MODEL_CONTAINER_NAME = /\.(?:pt|pth|ckpt|bin|pkl|keras|pb|mar|nemo|joblib)$/i;

export function isModelFile(file: { readonly path: string; readonly type: FileType }): boolean {
  if (MODEL_TYPES.has(file.type)) return true;
  return (file.type === 'zip' || file.type === 'protobuf') && MODEL_CONTAINER_NAME.test(file.path);
}
