import type { RuleMeta } from '../../../core/rule.js';

/** The compressed stream is truncated or corrupt after some output: loaders run that output before failing. */
export const malformedStream: RuleMeta = {
  id: 'compressed/malformed-stream',
  title: 'Truncated or corrupt compressed stream',
  severity: 'medium',
  principle: '2.1',
  references: { owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'The gzip, bzip2, xz or zlib stream breaks: it is cut off or corrupt. Loaders read it incrementally, so ' +
    'whatever precedes the break is unpickled before the error surfaces; the nullifAI attack breaks streams on ' +
    'purpose so that scanners give up while the payload at the start still runs. aigis scans everything before the ' +
    'break.',
  fix:
    'Do not load the file. Download it again and compare its hash with the publisher\'s; prefer safetensors for ' +
    'weights.',
};
