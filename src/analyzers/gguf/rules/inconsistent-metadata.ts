import type { GgufRule } from '../rule.js';
import { reportEach } from '../rule.js';

export const inconsistentMetadata: GgufRule = {
  meta: {
    id: 'gguf/inconsistent-metadata',
    title: 'GGUF metadata that readers interpret differently',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-436'], owaspLlm: ['LLM03:2025', 'LLM04:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The metadata repeats a key or a tensor name, stores a bool that is neither 0 nor 1, or gives ' +
      '`general.alignment` or `tokenizer.chat_template` a type or value that ggml refuses (llama.cpp aborts on ' +
      'some of them). Writers never produce these; readers disagree about which value counts, so a reviewer, a ' +
      'scanner and the inference server can each see a different model or chat template.',
    fix:
      'Re-convert the model with the current `convert_hf_to_gguf.py` or `gguf-py` from a trusted checkpoint, ' +
      'or obtain it again from its publisher and pin its hash.',
  },
  check(file, _layout, report) {
    reportEach(file.problems.filter((p) => p.kind === 'inconsistent'), 'The GGUF metadata is inconsistent: ', report);
  },
};
