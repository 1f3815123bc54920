/**
 * @module compressed: gzip, bzip2, xz and zlib (joblib's `compress=`) files. The content is decompressed into
 * memory, never past a bound (100 times the file size or 64 MiB, whichever is larger, and 1 GiB at most), and
 * handed to the engine as one member. A stream that breaks still hands on what came before the break: loaders
 * unpickle that part before they fail. zstd needs a decoder Node 20 does not have.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import { inflateBounded } from '../../lib/bounded-inflate.js';
import type { Decoded } from './decoders/decoded.js';
import { gunzipBounded } from './decoders/gzip.js';
import { decompressedName } from './member-name.js';
import { compressionBomb } from './rules/compression-bomb.js';
import { malformedStream } from './rules/malformed-stream.js';

/** The most decompressed bytes held in memory for one file. */
export const MAX_OUTPUT_BYTES = 1024 ** 3;
const BOMB_RATIO = 100;
const BOMB_FLOOR = 64 * 1024 * 1024;

const FORMAT_NAMES = { gzip: 'gzip', bzip2: 'bzip2', xz: 'xz', zlib: 'zlib' } as const;

async function decode(type: keyof typeof FORMAT_NAMES, input: Uint8Array, limit: number): Promise<Decoded> {
  switch (type) {
    case 'gzip':
      return gunzipBounded(input, limit);
    // The bzip2 and xz decoders are libraries of their own: loaded on first use.
    case 'bzip2':
      return (await import('./decoders/bzip2.js')).bunzipBounded(input, limit);
    case 'xz':
      return (await import('./decoders/xz.js')).unxzBounded(input, limit);
    case 'zlib': {
      const result = inflateBounded(input, 'zlib', limit);
      const end = result.end === 'complete' || result.end === 'limit' ? result.end : 'broken';
      return { bytes: result.bytes, end, ...(result.error ? { error: result.error } : {}) };
    }
  }
}

export const compressedAnalyzer = defineAnalyzer({
  id: 'compressed',
  version: '1',
  description: 'Decompresses gzip, bzip2, xz and zlib files within a bound and hands the content on; reports bombs and broken streams.',
  rules: [compressionBomb, malformedStream],
  runsInWorker: true,
  fileTypes: ['gzip', 'bzip2', 'xz', 'zlib', 'zstd'],
  async analyzeFile(file, context) {
    if (file.type === 'zstd') {
      context.inconclusive('zstd-compressed: aigis has no zstd decoder yet (Node 20 lacks one); decompress it with `zstd -d` and scan the result');
      return;
    }
    if (!(file.type in FORMAT_NAMES)) return;
    const type = file.type as keyof typeof FORMAT_NAMES;
    const bombBound = Math.max(BOMB_RATIO * file.size, BOMB_FLOOR);
    const limit = Math.min(MAX_OUTPUT_BYTES, bombBound);
    // Compressed data is never much larger than its output, so more input than this cannot be needed.
    const input = file.source.read(0, Math.min(file.size, limit + Math.ceil(limit / 64) + 1024 * 1024));
    const decoded = await decode(type, input, limit);
    const name = decompressedName(file.member ?? file.path);
    if (decoded.bytes.length > 0) await context.emitMember(name, new BufferSource(decoded.bytes));

    if (decoded.end === 'limit') {
      if (limit < bombBound) {
        context.inconclusive(`${FORMAT_NAMES[type]} content is larger than ${MAX_OUTPUT_BYTES} bytes, the most aigis decompresses in memory; only that much was scanned. Decompress it and scan the result`);
      } else {
        context.report(compressionBomb, {
          message: `The ${FORMAT_NAMES[type]} stream expands past ${limit} bytes from ${file.size} (over ${BOMB_RATIO}x); aigis scanned only the first ${decoded.bytes.length} bytes.`,
          evidence: name,
        });
        context.inconclusive(`the ${FORMAT_NAMES[type]} stream expands like a decompression bomb; only its first ${limit} bytes were scanned`);
      }
    } else if (decoded.end === 'broken') {
      context.report(malformedStream, {
        message: `The ${FORMAT_NAMES[type]} stream breaks after ${decoded.bytes.length} decompressed bytes (${decoded.error ?? 'corrupt'}); aigis scanned those bytes, which a loader runs before it fails.`,
        evidence: decoded.error ?? 'corrupt stream',
      });
    }
    if (decoded.trailing) context.note(`${decoded.trailing} bytes after the ${FORMAT_NAMES[type]} stream are not part of it and were not scanned`);
  },
});
