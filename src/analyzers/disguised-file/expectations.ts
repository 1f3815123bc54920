/**
 * @module What a file's extension promises, and which contents break that promise dangerously. Only content
 * that a loader can execute or unpack (a pickle, an archive, a compressed stream) counts: a text file saved
 * as `.md` is untidy, a pickle saved as `.safetensors` is how CVE-2025-1889-style files slip past scanners
 * and reviewers that trust names, and into loaders that pick a code path by content.
 */
import type { FileType } from '../../core/file-type.js';

/** Contents a loader may execute (pickle) or unpack into something it executes. */
export const LOADABLE_CONTENT: ReadonlySet<FileType> = new Set(['pickle', 'zip', 'tar', '7z', 'gzip', 'bzip2', 'xz', 'zstd', 'zlib']);

const TEXT: readonly FileType[] = ['text', 'json', 'yaml', 'toml', 'markdown', 'python', 'javascript', 'typescript', 'notebook', 'dockerfile', 'empty'];

/** Extension -> the sniffed types a file of that name may have. Extensions not listed promise nothing. */
const EXPECTED: Readonly<Record<string, { readonly format: string; readonly types: readonly FileType[] }>> = {
  safetensors: { format: 'safetensors', types: ['safetensors', 'binary', 'empty'] },
  gguf: { format: 'GGUF', types: ['gguf', 'binary', 'empty'] },
  onnx: { format: 'ONNX', types: ['onnx', 'protobuf', 'binary', 'empty'] },
  tflite: { format: 'TensorFlow Lite', types: ['tflite', 'binary', 'empty'] },
  npy: { format: 'a NumPy array', types: ['numpy', 'empty'] },
  npz: { format: 'a NumPy archive', types: ['zip', 'empty'] },
  h5: { format: 'HDF5', types: ['hdf5', 'empty'] },
  hdf5: { format: 'HDF5', types: ['hdf5', 'empty'] },
  keras: { format: 'a Keras v3 archive', types: ['zip', 'hdf5', 'empty'] },
  msgpack: { format: 'MessagePack (Flax weights)', types: ['binary', 'text', 'empty'] },
  json: { format: 'JSON', types: TEXT },
  jsonl: { format: 'JSON lines', types: TEXT },
  txt: { format: 'text', types: TEXT },
  md: { format: 'Markdown', types: TEXT },
  csv: { format: 'CSV', types: TEXT },
  tsv: { format: 'TSV', types: TEXT },
  yaml: { format: 'YAML', types: TEXT },
  yml: { format: 'YAML', types: TEXT },
  model: { format: 'a SentencePiece model', types: ['binary', 'protobuf', 'empty'] },
  png: { format: 'a PNG image', types: ['binary', 'empty'] },
  jpg: { format: 'a JPEG image', types: ['binary', 'empty'] },
  jpeg: { format: 'a JPEG image', types: ['binary', 'empty'] },
  gif: { format: 'a GIF image', types: ['binary', 'empty'] },
  webp: { format: 'a WebP image', types: ['binary', 'empty'] },
  wav: { format: 'a WAV file', types: ['binary', 'empty'] },
};

/** The last extension of a path or member name, lower-cased. */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('!')) + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1);
}

/** The format the name claims, when the content is loadable and not what that format allows. */
export function claimedFormat(name: string, type: FileType): string | undefined {
  if (!LOADABLE_CONTENT.has(type)) return undefined;
  const ext = extensionOf(name);
  const expected = Object.hasOwn(EXPECTED, ext) ? EXPECTED[ext] : undefined;
  return expected && !expected.types.includes(type) ? expected.format : undefined;
}
