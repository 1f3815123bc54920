import type { RuleMeta } from '../../../core/rule.js';

/** The tar structure is broken or ambiguous: readers may see different members. */
export const malformedArchive: RuleMeta = {
  id: 'tar/malformed-archive',
  title: 'Malformed tar archive',
  severity: 'medium',
  principle: '2.1',
  references: { owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'The tar structure is broken or ambiguous: a truncated member, a header with a bad checksum or size, a size ' +
    'field that lies, a malformed pax record, or a PyTorch legacy record that cannot be walked. tarfile stops at a ' +
    'bad header while GNU tar skips ahead, so the two can list different members, and a loader may run a payload ' +
    'before it reaches the damage. aigis scans what can be read.',
  fix:
    'Do not load the file until you know why it is damaged: download it again and compare its hash with the ' +
    'publisher\'s. Prefer safetensors for weights.',
};
