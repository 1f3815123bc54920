import type { SafetensorsRule } from '../rule.js';
import { reportProblems } from '../rule.js';

export const invalidHeader: SafetensorsRule = {
  meta: {
    id: 'safetensors/invalid-header',
    title: 'safetensors header the safetensors library refuses',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-20'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The header is not what the format requires: its length runs past the file or over the 100 MB limit, it ' +
      'is not UTF-8 JSON, `__metadata__` is not a map of strings, or a tensor entry lacks a known dtype, a ' +
      'shape of non-negative integers or a pair of data offsets. The safetensors library refuses such a file, ' +
      'so it was damaged or crafted; hand-written readers that do not validate the same way may misread it.',
    fix:
      'Re-download the file and compare its hash with the publisher\'s, or regenerate it with ' +
      '`safetensors.torch.save_file` from a trusted checkpoint. Load weights only through the safetensors library.',
  },
  check(file, _layout, report) {
    reportProblems(file.invalid, 'The safetensors header is invalid: ', report);
  },
};
