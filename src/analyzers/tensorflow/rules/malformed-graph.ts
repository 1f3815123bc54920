import { reportLimited } from '../../../lib/limited-reports.js';
import type { TensorflowRule } from '../rule.js';

export const malformedGraph: TensorflowRule = {
  meta: {
    id: 'tensorflow/malformed-graph',
    title: 'Malformed TensorFlow SavedModel or GraphDef',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-20'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The file is a SavedModel, MetaGraphDef or GraphDef by its name or shape but is not valid protobuf: a ' +
      'length runs past its message, a varint is broken, or the SaverDef does not decode. TensorFlow refuses ' +
      'it, so it was damaged or crafted; the parts after the damage were not checked.',
    fix:
      'Re-download the model and compare its hash with the publisher\'s, or re-export it from its source. ' +
      'Check that `tf.saved_model.load` accepts it in a sandbox before use.',
  },
  check(graph, report) {
    reportLimited(
      report,
      graph.problems.map((problem) => ({ message: `The ${graph.kind ?? 'graph'} is not valid protobuf: ${problem.message}.`, evidence: problem.message, offset: problem.offset })),
    );
  },
};
