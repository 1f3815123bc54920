import type { GgufRule } from '../rule.js';
import { reportEach } from '../rule.js';

export const irregularTensorLayout: GgufRule = {
  meta: {
    id: 'gguf/irregular-tensor-layout',
    title: 'GGUF tensors misaligned, overlapping, out of order or followed by hidden bytes',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-506'], owaspLlm: ['LLM03:2025', 'LLM04:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The tensor data does not follow the layout GGUF writers produce (each tensor aligned, back to back in ' +
      'file order): tensors overlap, sit out of order or off alignment, or bytes between or after them belong ' +
      'to no tensor. ggml refuses most of these, but readers that seek to each offset accept them, so tools ' +
      'disagree about the weights, and unreferenced bytes can carry a second payload. aigis scans those bytes ' +
      'as a member of the file.',
    fix:
      'Re-convert the model with `gguf-py`/`convert_hf_to_gguf.py` from a trusted checkpoint, or obtain it again ' +
      'from its publisher and pin its hash; find out who added the extra bytes.',
  },
  check(_file, layout, report) {
    reportEach(layout.irregular, 'The GGUF tensor layout is irregular: ', report);
  },
};
