import type { GgufRule } from '../rule.js';
import { reportEach } from '../rule.js';

export const tensorDataOutOfBounds: GgufRule = {
  meta: {
    id: 'gguf/tensor-data-out-of-bounds',
    title: 'GGUF tensor data past the end of the file',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-125'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003', 'AML.T0011.000'] },
    description:
      'A tensor info places the tensor\'s data, by its offset, shape and type, beyond the end of the file. An ' +
      'honest file like this is truncated; a crafted one makes a reader that maps the file and trusts the ' +
      'offsets read outside it, which leaked process memory (prompts, keys) from Ollama in CVE-2026-7482 and ' +
      'crashes others.',
    fix:
      'Do not serve the file. Download it again and verify its hash against the publisher\'s, and keep the ' +
      'inference server (llama.cpp, Ollama) updated so it checks tensor bounds.',
  },
  check(_file, layout, report) {
    reportEach(layout.outOfBounds, 'GGUF tensor data is out of bounds: ', report);
  },
};
