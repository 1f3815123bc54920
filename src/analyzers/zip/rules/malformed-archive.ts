import type { RuleMeta } from '../../../core/rule.js';

/** The archive's structure is broken or ambiguous: readers may disagree on what it holds. */
export const malformedArchive: RuleMeta = {
  id: 'zip/malformed-archive',
  title: 'Malformed zip archive',
  severity: 'medium',
  principle: '2.1',
  references: { owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'The zip structure is broken or ambiguous: no end record, a central directory that points outside the file, ' +
    'entries that overlap, data in front of the archive, a member that inflates to another size than declared, or a ' +
    'corrupt deflate stream. Damaged files happen, but tools that read such files differently are how payloads are ' +
    'hidden from scanners, and a loader may run a payload before it reaches the damage (nullifAI). aigis scans what ' +
    'can be read.',
  fix:
    'Do not load the file until you know why it is damaged. Download it again and compare its hash with the one the ' +
    'publisher gives; prefer safetensors for weights.',
};
