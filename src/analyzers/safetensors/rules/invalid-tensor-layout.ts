import type { SafetensorsRule } from '../rule.js';
import { reportProblems } from '../rule.js';

export const invalidTensorLayout: SafetensorsRule = {
  meta: {
    id: 'safetensors/invalid-tensor-layout',
    title: 'safetensors tensors out of bounds, overlapping or of the wrong size',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-125'], owaspLlm: ['LLM03:2025', 'LLM04:2025'], atlas: ['AML.T0010.003'] },
    description:
      'A tensor\'s data_offsets point past the end of the file, overlap another tensor, end before they start, ' +
      'or span a byte length that is not shape x dtype size. The safetensors library refuses the file, but a ' +
      'reader that seeks to each offset on its own reads out of bounds or lets two tensors share bytes, so ' +
      'different tools see different weights.',
    fix:
      'Do not use the file. Obtain the weights again from a trusted source and verify the hash, or re-export ' +
      'them with `safetensors.torch.save_file`, which always writes a contiguous, exact layout.',
  },
  check(_file, layout, report) {
    reportProblems(layout.problems, 'The safetensors tensor layout is invalid: ', report);
  },
};
