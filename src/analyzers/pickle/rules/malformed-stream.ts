import type { PickleRule } from '../rule.js';

export const malformedStream: PickleRule = {
  meta: {
    id: 'pickle/malformed-stream',
    title: 'Pickle stream is broken or truncated',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-502', 'CWE-20'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The stream stops being a valid pickle before its STOP opcode. An unpickler runs every opcode before the ' +
      'break, so a payload placed first still runs, while scanners that give up on an error report nothing ' +
      '(nullifAI, 2025). Findings from the part before the break are reported with this one. A file that is merely ' +
      'truncated cannot be loaded either.',
    fix:
      'Do not load the file. Get an intact copy from a trusted, pinned source (verify its hash or signature), ' +
      'preferably as safetensors.',
  },
  check(event, report) {
    if (event.type !== 'malformed') return;
    const context = event.afterFindings ? ' after opcodes that are reported as findings: those ran before the break' : '';
    report({ message: `The pickle is malformed at offset ${event.offset}: ${event.message}${context}.`, evidence: event.message, offset: event.offset });
  },
};
