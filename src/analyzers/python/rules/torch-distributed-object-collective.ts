import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';

const COLLECTIVES = new Set(['broadcast_object_list', 'all_gather_object', 'gather_object', 'scatter_object_list', 'recv_object_list']);
const PREFIXES = ['torch.distributed.', 'torch.distributed.distributed_c10d.'];

export const torchDistributedObjectCollective: PythonRule = {
  meta: {
    id: 'python/torch-distributed-object-collective',
    title: 'torch.distributed object collective unpickles data from other ranks',
    severity: 'low',
    principle: '3.1',
    references: { cwe: ['CWE-502'], atlas: ['AML.T0011.000'] },
    description:
      'broadcast_object_list, all_gather_object, gather_object, scatter_object_list and recv_object_list pickle Python objects on one rank and unpickle them on the others. Any process that can join the process group (an exposed MASTER_ADDR port, a compromised worker) can make every rank run code. Related rules: Trail of Bits pickles-in-pytorch-distributed.',
    fix: 'Exchange tensors (broadcast, all_gather) instead of Python objects where possible, keep the rendezvous port on a private network, and never join a process group with untrusted participants.',
  },
  check(module, report) {
    for (const call of module.calls) {
      const callee = call.callee;
      if (callee === undefined) continue;
      const prefix = PREFIXES.find((p) => callee.startsWith(p));
      if (!prefix || !COLLECTIVES.has(callee.slice(prefix.length))) continue;
      report({
        node: call.node,
        message: `${call.calleeText} unpickles objects sent by other ranks: a rogue participant in the process group runs code on this one`,
        evidence: snippet(call.node),
      });
    }
  },
};
