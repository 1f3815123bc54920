import { NETWORK_OPS } from '../ops.js';
import type { TensorflowRule } from '../rule.js';
import { reportUses, whereOf } from '../rule.js';

export const networkOp: TensorflowRule = {
  meta: {
    id: 'tensorflow/network-op',
    title: 'TensorFlow graph opens network connections',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-918'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'The graph holds ops that connect to an address it names: RPC clients and servers (`RpcClient`, ' +
      '`RpcCall`, `Rpc`), tf.data service ops (`RegisterDataset`, `DataServiceDataset`, `DistributedSave`). ' +
      'Running the model can send its inputs, or files other ops read, to a remote host, or fetch data from ' +
      'one, with no Python involved (the TensorAbuse attacks). A model for inference does not need them.',
    fix:
      'Do not run this model from an untrusted source. Re-export it without network ops, and serve models ' +
      'with egress blocked so a graph cannot reach other hosts.',
  },
  check(graph, report) {
    reportUses(
      graph.uses.filter((use) => NETWORK_OPS.has(use.op)),
      report,
      (use) => `Node "${use.node}" in ${whereOf(use)} is a ${use.op} op: running it connects to a network address the graph names.`,
    );
  },
};
