/**
 * @module tensorflow: SavedModels (`saved_model.pb`), MetaGraphDefs (`.meta`) and GraphDefs (`.pb`), walked
 * field by field without reading constant tensors. It lists every op that runs Python, touches files or the
 * network, in the graph and in its function library, and tells the standard Saver's checkpoint ops apart so
 * ordinary SavedModels stay quiet.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { kindByName } from './graph-kind.js';
import type { TensorflowRule } from './rule.js';
import { fileSystemOp } from './rules/file-system-op.js';
import { malformedGraph } from './rules/malformed-graph.js';
import { networkOp } from './rules/network-op.js';
import { pythonOp } from './rules/python-op.js';

export const TENSORFLOW_RULES: readonly TensorflowRule[] = [pythonOp, fileSystemOp, networkOp, malformedGraph];

export const tensorflowAnalyzer = defineAnalyzer({
  id: 'tensorflow',
  version: '1',
  description: 'Walks TensorFlow SavedModels and GraphDefs without reading tensors: ops that run Python, touch files outside the Saver, or open connections.',
  rules: TENSORFLOW_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  fileTypes: ['protobuf'],
  // A saved_model.pb or .meta whose first byte is not a valid field tag is still what TensorFlow will parse.
  claims: (file) => file.type === 'binary' && kindByName(file.member ?? file.path) !== undefined,
  async analyzeFile(file, context) {
    // The reader brings protobufjs: loaded on first use, so a scan without TensorFlow files never pays for it.
    const { readTensorflowGraph } = await import('./graph-model.js');
    const graph = readTensorflowGraph(file.source, file.member ?? file.path);
    if (graph.kind === undefined) {
      context.note('protobuf, but neither a SavedModel nor a GraphDef: no TensorFlow ops to check');
      return;
    }
    for (const rule of TENSORFLOW_RULES) rule.check(graph, (report) => context.report(rule.meta, report));
    if (graph.stoppedAt !== undefined) context.inconclusive(`the ${graph.kind} breaks at offset ${graph.stoppedAt}; nothing after it was checked`);
    if (graph.unlisted > 0) context.inconclusive(`${graph.unlisted} watched nodes past the listing cap were not judged`);
  },
});
