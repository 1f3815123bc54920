import type { RuleMeta } from '../../../core/rule.js';

/** A member is encrypted (or uses patch data): its content cannot be scanned. */
export const encryptedEntry: RuleMeta = {
  id: 'zip/encrypted-entry',
  title: 'Encrypted member in a zip archive',
  severity: 'medium',
  principle: '2.1',
  references: { owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'A member is encrypted (or flagged as strong encryption or patch data), so neither aigis nor any other scanner ' +
    'can see what it holds. Model archives are not normally encrypted; an encrypted member hides its content from ' +
    'review until someone decrypts and loads it. The file is marked inconclusive.',
  fix:
    'Ask the publisher for an unencrypted copy, or decrypt it in an isolated environment and scan the extracted ' +
    'files with aigis before loading them. Prefer safetensors for weights.',
};
