import type { OpUse } from '../graph-model.js';
import { CHECKPOINT_RESTORE_OPS, CHECKPOINT_SAVE_OPS, FILE_OPS, PRINT_OP } from '../ops.js';
import type { TensorflowRule } from '../rule.js';
import { reportUses, whereOf } from '../rule.js';

/** The Saver's own checkpoint ops, each on its own path: restoring may only restore. */
function isSaverCheckpointOp(use: OpUse): boolean {
  if (use.saverRole === undefined) return false;
  if (CHECKPOINT_RESTORE_OPS.has(use.op)) return true;
  return CHECKPOINT_SAVE_OPS.has(use.op) && use.saverRole !== 'restore';
}

function touchesFiles(use: OpUse): boolean {
  if (use.op === PRINT_OP) return use.outputStream?.startsWith('file://') ?? false;
  return FILE_OPS.has(use.op) && !isSaverCheckpointOp(use);
}

export const fileSystemOp: TensorflowRule = {
  meta: {
    id: 'tensorflow/file-system-op',
    title: 'TensorFlow graph reads or writes files',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-73'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'Outside the Saver that every SavedModel carries, the graph holds ops that read or write files whose ' +
      'names the graph supplies: `ReadFile`, `WriteFile`, `MatchingFiles`, checkpoint ops such as `SaveV2` ' +
      '(or a save op on the restore path, which writes while loading), dataset readers, `ImmutableConst`, ' +
      'debug dumps, or `PrintV2` into a file. Running the model can then read secrets such as SSH keys into ' +
      'its outputs or overwrite files, with no Python involved (the TensorAbuse attacks). Serving models do ' +
      'not need these.',
    fix:
      'Do not run this model from an untrusted source. If you own it, re-export the serving signature ' +
      'without file I/O (feed data as tensors). Run TensorFlow Serving in a sandbox with a read-only file ' +
      'system limited to the model folder.',
  },
  check(graph, report) {
    reportUses(
      graph.uses.filter(touchesFiles),
      report,
      (use) => {
        const target = use.op === PRINT_OP ? ` into ${use.outputStream}` : '';
        const role = use.saverRole === 'restore' ? ' on the Saver\'s restore path, so it runs while the model loads' : '';
        return `Node "${use.node}" in ${whereOf(use)} is a ${use.op} op${target}${role}: running it reads or writes files the graph names.`;
      },
    );
  },
};
