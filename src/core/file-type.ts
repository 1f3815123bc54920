/** @module The kinds of file aigis tells apart by content (magic bytes first, extension second). */

export const FILE_TYPES = [
  // containers and compression
  'zip',
  'tar',
  'gzip',
  'bzip2',
  'xz',
  'zstd',
  'zlib',
  '7z',
  // model and array formats
  'pickle',
  'numpy',
  'hdf5',
  'safetensors',
  'gguf',
  'onnx',
  'protobuf',
  'tflite',
  // source, notebooks and configuration
  'python',
  'javascript',
  'typescript',
  'notebook',
  'json',
  'yaml',
  'toml',
  'markdown',
  'dockerfile',
  'text',
  // everything else
  'binary',
  'empty',
  // never read: excluded by configuration, so its content was not looked at
  'unknown',
  // not regular files: recorded, never opened
  'directory',
  'symlink',
  'special',
] as const;

export type FileType = (typeof FILE_TYPES)[number];
