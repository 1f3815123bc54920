import { reportLimited } from '../../../lib/limited-reports.js';
import type { OnnxRule } from '../rule.js';

export const malformedModel: OnnxRule = {
  meta: {
    id: 'onnx/malformed-model',
    title: 'Malformed ONNX protobuf',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-20'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The file is named and shaped like an ONNX model but is not valid protobuf: a length runs past its ' +
      'message, a varint is broken, messages nest deeper than protobuf allows, or a small message does not ' +
      'decode. ONNX Runtime refuses it, so it was damaged or crafted; the parts after the damage were not ' +
      'checked, and a parser that recovers differently could see another model there.',
    fix:
      'Re-download the model and compare its hash with the publisher\'s, or re-export it from its source ' +
      'framework. Check it with `onnx.checker.check_model` before use.',
  },
  check(model, report) {
    reportLimited(
      report,
      model.problems.map((problem) => ({ message: `The model is not valid ONNX: ${problem.message}.`, evidence: problem.message, offset: problem.offset })),
    );
  },
};
