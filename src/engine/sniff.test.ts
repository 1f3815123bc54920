import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_TYPES } from '../core/file-type.js';
import { SNIFF_BYTES, sniff } from './sniff.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
const of = (head: Uint8Array, name = 'file', size = head.length) => sniff(head, name, size);

function safetensors(header: object, dataBytes = 8): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(dataBytes)]);
}

function v7TarHeader(name: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'latin1');
  header.write('0000644\0', 100, 'latin1');
  header.write('00000000012\0', 124, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

describe('sniff', () => {
  it('recognises formats by magic bytes, whatever the name says', () => {
    expect(of(bytes('PK\x03\x04', [20, 0]), 'weights.safetensors')).toBe('zip');
    expect(of(bytes([0x1f, 0x8b, 8, 0]), 'x.txt')).toBe('gzip');
    expect(of(bytes('BZh9', [0x31, 0x41]))).toBe('bzip2');
    expect(of(bytes([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))).toBe('xz');
    expect(of(bytes([0x93], 'NUMPY', [1, 0]), 'a.pkl')).toBe('numpy');
    expect(of(bytes([0x89], 'HDF\r\n\x1a\n', [0]), 'model.h5')).toBe('hdf5');
    expect(of(bytes('GGUF', [3, 0, 0, 0]), 'model.bin')).toBe('gguf');
    expect(of(bytes('7z', [0xbc, 0xaf, 0x27, 0x1c]))).toBe('7z');
  });

  it('recognises a raw zlib stream (joblib compression) but not text that starts like one', () => {
    expect(of(deflateSync(Buffer.from('\x80\x04\x95 pickle bytes'.repeat(40))), 'model.joblib')).toBe('zlib');
    expect(of(deflateSync(Buffer.alloc(5000, 7), { level: 1 }), 'x')).toBe('zlib');
    expect(of(bytes('x^2 + y^2 = z^2\n'), 'notes.txt')).toBe('text');
  });

  it('sees a pickle named .txt or .safetensors as a pickle', () => {
    const pickle = bytes([0x80, 0x04, 0x95], 'rest');
    expect(of(pickle, 'notes.txt')).toBe('pickle');
    expect(of(pickle, 'model.safetensors')).toBe('pickle');
    expect(of(bytes([0x80, 0x02], ']q\x00.'), 'x.json')).toBe('pickle');
  });

  it('recognises protocol 0 and 1 pickles, which have no magic', () => {
    expect(of(bytes('cos\nsystem\n(S\'true\'\ntR.'), 'data.txt')).toBe('pickle');
    expect(of(bytes('(lp0\nI1\naI2\na.'))).toBe('pickle');
    expect(of(bytes('}q\x00(X\x01\x00\x00\x00aq\x01K\x01u.'))).toBe('pickle');
  });

  it('does not mistake prose, code or data for a protocol 0 pickle', () => {
    const checksums = 'SHA256 (model.safetensors) = 2b5ffd4a6e3e9c6c2ab8e3c7a4b1bd9e0b6f5d8e7c1f2a3b4c5d6e7f8a9b0c1d\nSHA256 (config.json) = 0b5ffd4a6e3e9c6c2ab8e3c7a4b1bd9e0b6f5d8e7c1f2a3b4c5d6e7f8a9b0c1d\n';
    const notes = 'Some notes\nSee also the runbook\nIn short: nothing\nNever again\nVersion 2\n';
    for (const text of ['(see notes).\n', 'cat file\n', 'c\n', 'Immediately.', 'Lorem ipsum', '(1, 2)\n', 'import os\nos.system("x")\n', 'N/A\n', checksums, notes]) {
      expect(of(bytes(text), 'notes.txt')).not.toBe('pickle');
    }
  });

  it('validates the safetensors header length against the file size', () => {
    const file = safetensors({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    expect(of(file, 'model.bin')).toBe('safetensors');
    const lying = Buffer.from(file);
    lying.writeBigUInt64LE(10n ** 12n);
    expect(of(lying, 'model.safetensors')).not.toBe('safetensors');
  });

  it('recognises POSIX tar and headerless v7 tar by checksum', () => {
    const ustar = v7TarHeader('archive/data.pkl');
    ustar.write('ustar\0', 257, 'latin1');
    expect(of(ustar)).toBe('tar');
    expect(of(v7TarHeader('sys_info'))).toBe('tar');
    const corrupted = v7TarHeader('sys_info');
    corrupted[0] = 0x41;
    expect(of(corrupted)).not.toBe('tar');
  });

  it('finds an HDF5 superblock after a 512-byte user block', () => {
    expect(of(bytes(Array(512).fill(0) as number[], [0x89], 'HDF\r\n\x1a\n'))).toBe('hdf5');
  });

  it('names text formats by extension and shebang, and protobuf models by name', () => {
    expect(of(bytes('import os\n'), 'app/main.py')).toBe('python');
    expect(of(bytes('#!/usr/bin/env python3\nprint(1)\n'), 'bin/tool')).toBe('python');
    expect(of(bytes('#!/usr/bin/env node\n'), 'bin/cli')).toBe('javascript');
    expect(of(bytes('export const a = 1;\n'), 'src/a.tsx')).toBe('typescript');
    expect(of(bytes('{"cells": []}'), 'n.ipynb')).toBe('notebook');
    expect(of(bytes('FROM python:3.11\n'), 'docker/Dockerfile')).toBe('dockerfile');
    expect(of(bytes('a: 1\n'), 'config.yml')).toBe('yaml');
    expect(of(bytes('# Title\n'), 'README.md')).toBe('markdown');
    expect(of(bytes('plain words\n'), 'NOTES')).toBe('text');
    expect(of(bytes([0x08, 0x07, 0x12, 0x07], 'pytorch'), 'model.onnx')).toBe('onnx');
    expect(of(bytes([0x0a, 0x0b], 'saved_model'), 'saved_model.pb')).toBe('protobuf');
    expect(of(bytes([0x00, 0x01, 0x02, 0xff]), 'blob.dat')).toBe('binary');
    expect(of(new Uint8Array(0), 'empty.py', 0)).toBe('empty');
  });

  it('never throws and always returns a known type, on any bytes and any name', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: SNIFF_BYTES }), fc.string(), fc.nat(), (head, name, extra) => {
        const type = sniff(head, name, head.length + extra);
        expect(FILE_TYPES).toContain(type);
      }),
      { numRuns: 2000 },
    );
  });

  const corpus = join(import.meta.dirname, '../../../shared/corpus/models');
  it.runIf(existsSync(corpus))('types every file of the shared corpus by its format (skipped when ../shared is absent)', () => {
    const expected: Record<string, string> = {
      pickle: 'pickle', 'pytorch-zip': 'zip', 'pytorch-legacy': 'pickle', numpy: 'numpy', 'keras-v3': 'zip', onnx: 'onnx', gguf: 'gguf', safetensors: 'safetensors',
      joblib: 'pickle',
    };
    const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as { path: string; format: string }[];
    const seen = new Set(readdirSync(join(corpus, 'malicious')).concat(readdirSync(join(corpus, 'benign'))));
    expect(seen.size).toBeGreaterThan(0);
    for (const entry of manifest) {
      const data = readFileSync(join(corpus, entry.path));
      const type = sniff(data.subarray(0, SNIFF_BYTES), entry.path, data.length);
      const wanted = entry.path.endsWith('joblib_zlib.joblib') ? 'zlib' : expected[entry.format];
      if (wanted) expect([entry.path, type]).toEqual([entry.path, wanted]);
    }
  });
});
