import type { SafetensorsRule } from '../rule.js';
import { reportProblems } from '../rule.js';

export const ambiguousHeader: SafetensorsRule = {
  meta: {
    id: 'safetensors/ambiguous-header',
    title: 'safetensors header that readers interpret differently',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-436'], owaspLlm: ['LLM03:2025', 'LLM04:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The header holds something parsers disagree about: a repeated key (which entry wins depends on the ' +
      'reader), an unknown field inside a tensor entry (ignored by loaders, so a place to hide data), a lone ' +
      'surrogate escape (refused by the Rust library, accepted by Python and JavaScript), or text before the ' +
      'opening brace. Writers never produce these; a crafted header can show a reviewer or scanner one set of ' +
      'tensors while the loader uses another.',
    fix:
      'Rewrite the file with the safetensors library (load it with `safetensors.safe_open` in a sandbox and save ' +
      'it again with `save_file`), or obtain it from a trusted source and pin its hash.',
  },
  check(file, _layout, report) {
    reportProblems(file.ambiguous, 'The safetensors header is ambiguous: ', report);
  },
};
