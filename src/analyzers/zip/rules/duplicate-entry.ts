import type { RuleMeta } from '../../../core/rule.js';

/** Two entries share a name, exactly or with ASCII case folded as PyTorch's lookup does. */
export const duplicateEntry: RuleMeta = {
  id: 'zip/duplicate-entry',
  title: 'Zip archive holds two entries with one name',
  severity: 'high',
  principle: '2.1',
  references: { cwe: ['CWE-436'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'Two entries have the same name, or names that differ only in ASCII case. Python\'s zipfile takes the last ' +
    'one, PyTorch\'s reader finds names by a case-insensitive binary search and may take either, and a scanner ' +
    'that opens one copy never sees the other. A benign data.pkl next to a malicious one is a known way past ' +
    'model scanners. aigis scans every copy.',
  fix:
    'Do not load this file: no ordinary writer (torch.save, numpy.savez, Keras) produces duplicate names. Get the ' +
    'model again from its publisher, preferably as safetensors.',
};
