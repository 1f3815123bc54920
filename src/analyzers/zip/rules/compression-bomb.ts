import type { RuleMeta } from '../../../core/rule.js';

/** A member expands far beyond its compressed size: only a prefix is scanned. */
export const compressionBomb: RuleMeta = {
  id: 'zip/compression-bomb',
  title: 'Zip member expands like a decompression bomb',
  severity: 'medium',
  principle: '2.1',
  references: { cwe: ['CWE-409'], owaspLlm: ['LLM03:2025'] },
  description:
    'A member expands to more than 100 times its compressed size and beyond 64 MiB (or beyond what aigis holds in ' +
    'memory for one member). Loading or extracting it can exhaust memory or disk. aigis scans only a prefix of it and ' +
    'marks the file inconclusive: the rest is unread.',
  fix:
    'Do not extract or load it on a shared machine. If the archive is legitimate (e.g. mostly zero tensors), extract ' +
    'it in an isolated environment with a size limit and scan the extracted files; prefer safetensors for weights.',
};
