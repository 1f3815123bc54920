import type { GgufRule } from '../rule.js';
import { reportEach } from '../rule.js';

export const malformedHeader: GgufRule = {
  meta: {
    id: 'gguf/malformed-header',
    title: 'GGUF header with lengths, counts or types that do not fit the file',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-787', 'CWE-190'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003', 'AML.T0011.000'] },
    description:
      'The GGUF header, metadata or tensor infos declare something the file cannot hold: a string, array, ' +
      'tensor count or metadata count larger than the bytes that remain, dimensions whose product overflows, ' +
      'more than 4 dimensions, a value or tensor type id that does not exist, or a file that ends inside them. ' +
      'These are the shapes of the heap overflows and out-of-bounds reads found in GGUF readers (Cisco Talos ' +
      'reports such as TALOS-2024-1913 and CVE-2024-21802, then CVE-2025-53630, CVE-2026-27940 and ' +
      'CVE-2026-33298 in llama.cpp): loading the file in an older or less careful reader can corrupt memory and ' +
      'run code.',
    fix:
      'Do not load the file. Obtain the model from its publisher again and compare the hash, keep llama.cpp, ' +
      'Ollama and other GGUF readers up to date, and prefer models whose conversion you can reproduce.',
  },
  check(file, _layout, report) {
    reportEach(file.problems.filter((p) => p.kind === 'malformed'), 'The GGUF header is malformed: ', report);
  },
};
