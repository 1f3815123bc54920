import type { RuleMeta } from '../../../core/rule.js';

/** Two members share a name: tarfile's getmember() and extraction take the last, other tools the first. */
export const duplicateEntry: RuleMeta = {
  id: 'tar/duplicate-entry',
  title: 'Tar archive holds two members with one name',
  severity: 'medium',
  principle: '2.1',
  references: { cwe: ['CWE-436'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'Two members have the same name. tarfile.getmember() (how PyTorch\'s oldest format finds its "pickle" and ' +
    '"storages" records) and extraction use the last one, while a scanner that stops at the first never sees the ' +
    'other. Appending to a tar produces this innocently, but in a model file it can hide a second payload. aigis ' +
    'scans every copy.',
  fix:
    'Check which copy your loader reads and why the archive holds two; get the model again from its publisher, ' +
    'preferably as safetensors.',
};
