import type { PickleRule } from '../rule.js';

export const trailingData: PickleRule = {
  meta: {
    id: 'pickle/trailing-data',
    title: 'Bytes after the pickle that are not a pickle',
    severity: 'low',
    principle: '2.1',
    references: { cwe: ['CWE-20'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'After a complete pickle the file holds bytes that are not another pickle. A loader stops at the first STOP, ' +
      'but junk between pickles is used to desynchronise scanners from loaders that read several pickles in a row; ' +
      'aigis searches the following bytes for the next pickle and scans it.',
    fix: 'Find out what wrote the extra bytes; re-export the model (as safetensors) from a trusted source.',
  },
  check(event, report) {
    if (event.type !== 'trailing-data') return;
    report({ message: `${event.length} bytes at offset ${event.offset} follow a pickle and are not a pickle.`, offset: event.offset });
  },
};
