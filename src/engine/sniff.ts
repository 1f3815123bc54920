/**
 * @module Tells what a file is from its first bytes, so a pickle named `.txt` or `.safetensors` is still a
 * pickle. Magic bytes decide first; the name only separates text formats (and a few binary formats that have
 * no magic).
 */
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import type { FileType } from '../core/file-type.js';
import { looksLikeTextPickle } from './sniff-pickle.js';

/** How many leading bytes sniffing needs: a tar header, and an HDF5 superblock after a 512-byte user block. */
export const SNIFF_BYTES = 1032;

function startsWith(head: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (head.length < at + magic.length) return false;
  return magic.every((byte, i) => head[at + i] === byte);
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const MAGIC: readonly (readonly [FileType, readonly number[], number?])[] = [
  ['zip', ascii('PK\x03\x04')],
  ['zip', ascii('PK\x05\x06')], // an empty archive is only an end-of-central-directory record
  ['gzip', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['numpy', [0x93, ...ascii('NUMPY')]],
  ['hdf5', [0x89, ...ascii('HDF\r\n\x1a\n')]],
  ['hdf5', [0x89, ...ascii('HDF\r\n\x1a\n')], 512],
  ['hdf5', [0x89, ...ascii('HDF\r\n\x1a\n')], 1024],
  ['gguf', ascii('GGUF')],
  ['tflite', ascii('TFL3'), 4],
  ['tar', ascii('ustar'), 257],
];

function isBzip2(head: Uint8Array): boolean {
  return startsWith(head, ascii('BZh')) && head[3] !== undefined && head[3] >= 0x31 && head[3] <= 0x39;
}

function isPickleWithProto(head: Uint8Array): boolean {
  return head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5;
}

/** safetensors: an 8-byte little-endian header length, then a JSON object that fits in the file. */
function isSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 10 || head[8] !== 0x7b) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const headerLength = view.getBigUint64(0, true);
  return headerLength >= 2n && headerLength + 8n <= BigInt(size);
}

/** A pre-POSIX (v7) tar header has no magic, but its checksum field sums the header. */
function isV7Tar(head: Uint8Array): boolean {
  if (head.length < 512 || head[0] === 0) return false;
  const field = Buffer.from(head.subarray(148, 156)).toString('latin1').replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i]!;
  return sum === parseInt(field, 8);
}

function looksLikeProtobuf(head: Uint8Array): boolean {
  const tag = head[0] ?? 0;
  return tag >> 3 >= 1 && [0, 1, 2, 5].includes(tag & 7);
}

/**
 * A raw zlib stream (joblib's `compress=` output) has a two-byte header whose check bits make it a multiple
 * of 31. That alone matches some text, so the head must also inflate to at least one byte.
 */
function isZlib(head: Uint8Array): boolean {
  const [cmf, flg] = [head[0] ?? 0, head[1] ?? 0];
  if (cmf !== 0x78 || (cmf * 256 + flg) % 31 !== 0 || (flg & 0x20) !== 0) return false;
  try {
    return inflateSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 64 }).length > 0;
  } catch (error) {
    // A short head may hold more than 64 bytes of output: that is still zlib.
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
  }
}

function extension(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1);
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Bytes that no text file has: NUL, or many control characters. */
function isBinary(head: Uint8Array): boolean {
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i]!;
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) controls++;
  }
  return controls > head.length / 10;
}

const TEXT_BY_EXTENSION: Readonly<Record<string, FileType>> = {
  py: 'python', pyi: 'python', pyw: 'python',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescript',
  ipynb: 'notebook',
  json: 'json', jsonl: 'json', jsonc: 'json',
  yaml: 'yaml', yml: 'yaml',
  toml: 'toml',
  md: 'markdown', markdown: 'markdown', mdx: 'markdown',
  dockerfile: 'dockerfile', containerfile: 'dockerfile',
};

function textType(name: string, head: Uint8Array): FileType {
  const base = baseName(name).toLowerCase();
  if (base === 'dockerfile' || base === 'containerfile' || base.startsWith('dockerfile.')) return 'dockerfile';
  const byExtension = TEXT_BY_EXTENSION[extension(name)];
  if (byExtension) return byExtension;
  if (startsWith(head, ascii('#!'))) {
    const line = Buffer.from(head.subarray(0, Math.min(head.length, 128))).toString('latin1').split('\n')[0]!;
    if (/\bpython[0-9.]*\b/.test(line)) return 'python';
    if (/\b(node|deno|bun)\b/.test(line)) return 'javascript';
  }
  return 'text';
}

/**
 * @param head the first {@link SNIFF_BYTES} bytes (fewer for a short file)
 * @param name the file's path or member name, consulted only after the content
 * @param size the whole file's size
 */
export function sniff(head: Uint8Array, name: string, size: number): FileType {
  if (size === 0) return 'empty';
  for (const [type, magic, at] of MAGIC) if (startsWith(head, magic, at)) return type;
  if (isBzip2(head)) return 'bzip2';
  if (isPickleWithProto(head)) return 'pickle';
  if (isSafetensors(head, size)) return 'safetensors';
  if (isV7Tar(head)) return 'tar';
  if (isZlib(head)) return 'zlib';
  if (looksLikeTextPickle(head, size)) return 'pickle';
  // Protobuf has no magic: ONNX and TensorFlow graphs are known by name, if they open with a valid field tag.
  const ext = extension(name);
  if (looksLikeProtobuf(head)) {
    if (ext === 'onnx') return 'onnx';
    if (ext === 'pb') return 'protobuf';
  }
  if (isBinary(head)) return 'binary';
  return textType(name, head);
}
