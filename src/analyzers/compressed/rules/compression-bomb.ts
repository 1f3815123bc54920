import type { RuleMeta } from '../../../core/rule.js';

/** The stream expands far beyond its compressed size: only a prefix is scanned. */
export const compressionBomb: RuleMeta = {
  id: 'compressed/compression-bomb',
  title: 'Compressed file expands like a decompression bomb',
  severity: 'medium',
  principle: '2.1',
  references: { cwe: ['CWE-409'], owaspLlm: ['LLM03:2025'] },
  description:
    'The file decompresses to more than 100 times its size and beyond 64 MiB. Loading it (joblib.load, ' +
    'gzip.open, pandas) can exhaust memory or disk. aigis scans only the prefix it decompressed and marks the file ' +
    'inconclusive: the rest is unread.',
  fix:
    'Do not load it on a shared machine. If it is legitimate (e.g. mostly zero arrays), decompress it in an ' +
    'isolated environment with a size limit and scan the result; prefer safetensors for weights.',
};
