import { PYTHON_OPS } from '../ops.js';
import type { TensorflowRule } from '../rule.js';
import { reportUses, whereOf } from '../rule.js';

export const pythonOp: TensorflowRule = {
  meta: {
    id: 'tensorflow/python-op',
    title: 'TensorFlow graph calls Python (PyFunc, EagerPyFunc)',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-94'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'The graph holds a `PyFunc`, `PyFuncStateless` or `EagerPyFunc` node (what `tf.py_function` and ' +
      '`tf.numpy_function` create). When the graph runs, TensorFlow calls back into Python: whatever function ' +
      'the loading process has registered under the token, or code an attacker planted alongside. A model ' +
      'exported for serving never needs one, and no scanner can see what the Python side will do.',
    fix:
      'Do not run this model from an untrusted source. Re-export it with the Python parts rewritten as ' +
      'TensorFlow ops, or serve it with TensorFlow Serving, which has no Python to call back into.',
  },
  check(graph, report) {
    reportUses(
      graph.uses.filter((use) => PYTHON_OPS.has(use.op)),
      report,
      (use) => `Node "${use.node}" in ${whereOf(use)} is a ${use.op} op: running the graph calls into Python.`,
    );
  },
};
