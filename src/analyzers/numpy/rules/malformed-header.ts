import type { NumpyRule } from '../rule.js';

export const malformedHeader: NumpyRule = {
  meta: {
    id: 'numpy/malformed-header',
    title: 'Malformed or ambiguous .npy header',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-20'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The `.npy` header is one numpy would refuse or that readers can disagree about: a bad magic or version, ' +
      'a header length past the end of the file, a header that is not the Python dict numpy writes, a repeated ' +
      'key (numpy keeps the last value, a naive reader the first), a negative dimension, or a dtype spelled in ' +
      'a way numpy never writes. numpy itself never writes such files, so this one was damaged or crafted, ' +
      'possibly to show a scanner one array while the loader sees another.',
    fix:
      'Regenerate the file with `numpy.save` from a trusted source, or better, ship the weights as safetensors. ' +
      'Do not load it with `allow_pickle=True`.',
  },
  check(npy, _size, report) {
    for (const problem of npy.problems) {
      report({
        message: `The .npy header is malformed: ${problem.message}.`,
        ...(problem.evidence === undefined ? {} : { evidence: problem.evidence }),
        position: { offset: problem.offset },
      });
    }
  },
};
