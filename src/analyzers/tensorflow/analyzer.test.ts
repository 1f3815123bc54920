import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { tensorflowAnalyzer } from './analyzer.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/tensorflow/${name}`, import.meta.url));
const run = (name: string) => runAnalyzer(tensorflowAnalyzer, { path: name, type: 'protobuf' }, fixture(name));
const summary = (result: { findings: { ruleId: string; evidence?: string }[] }) => result.findings.map((f) => `${f.ruleId}: ${f.evidence}`);

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

describe('tensorflow analyzer', () => {
  it('is quiet on ordinary TF2 and TF1 SavedModels, whose Savers use SaveV2, RestoreV2 and MergeV2Checkpoints', async () => {
    for (const name of ['tf2-savedmodel/saved_model.pb', 'tf1-savedmodel/saved_model.pb']) {
      const result = await run(name);
      expect([name, result.findings, result.inconclusive]).toEqual([name, [], []]);
    }
  });

  it('is quiet on frozen GraphDefs, with or without a save/ subgraph', async () => {
    for (const name of ['frozen/frozen_graph.pb', 'frozen/graph_with_saver.pb']) {
      const result = await run(name);
      expect([name, result.findings, result.inconclusive]).toEqual([name, [], []]);
    }
  });

  it('leaves other protobufs of a SavedModel folder alone', async () => {
    for (const name of ['tf2-savedmodel/fingerprint.pb', 'tf2-savedmodel/keras_metadata.pb']) {
      const result = await run(name);
      expect([name, result.findings, result.notes]).toEqual([name, [], ['protobuf, but neither a SavedModel nor a GraphDef: no TensorFlow ops to check']]);
    }
  });

  it('reports Python ops in a library function and in a frozen graph', async () => {
    expect(summary(await run('tf2-pyfunc/saved_model.pb'))).toEqual(['tensorflow/python-op: EagerPyFunc node "EagerPyFunc" in function __inference_serve_90']);
    expect(summary(await run('frozen/frozen_pyfunc.pb'))).toEqual(['tensorflow/python-op: PyFunc node "PyFunc" in the graph']);
  });

  it('reports ReadFile and WriteFile wherever they are', async () => {
    expect(summary(await run('tf2-read-write-file/saved_model.pb'))).toEqual([
      'tensorflow/file-system-op: WriteFile node "leak/WriteFile" in the graph',
      'tensorflow/file-system-op: ReadFile node "ReadFile" in function __inference_serve_90',
    ]);
  });

  it('reports checkpoint ops outside the Saver, and a save op on the Saver\'s restore path', async () => {
    expect(summary(await run('tf2-save-in-serve/saved_model.pb'))).toEqual(['tensorflow/file-system-op: SaveV2 node "SaveV2" in function __inference_serve_90']);
    const tf2 = await run('tf2-save-on-restore/saved_model.pb');
    expect(summary(tf2)).toEqual(['tensorflow/file-system-op: SaveV2 node "SaveV2_1" in function __inference__traced_restore_180']);
    expect(tf2.findings[0]!.message).toContain("on the Saver's restore path, so it runs while the model loads");
    expect(summary(await run('tf1-save-on-restore/saved_model.pb'))).toEqual(['tensorflow/file-system-op: SaveV2 node "save/SaveV2_1" in the graph']);
  });

  it('reports PrintV2 into a file, not into stderr', async () => {
    const result = await run('tf2-print-to-file/saved_model.pb');
    expect(summary(result)).toEqual(['tensorflow/file-system-op: PrintV2 node "PrintV2_1" in function __inference_serve_90']);
    expect(result.findings[0]!.message).toContain('into file:///tmp/leak.txt');
  });

  it('reports network ops', async () => {
    expect(summary(await run('tf2-network/saved_model.pb'))).toEqual([
      'tensorflow/network-op: RpcClient node "RpcClient" in function __inference_serve_90',
      'tensorflow/network-op: DataServiceDatasetV4 node "DataServiceDatasetV4" in function __inference_serve_90',
    ]);
  });

  it('reads a TF1 checkpoint .meta as a MetaGraphDef', async () => {
    const result = await runAnalyzer(tensorflowAnalyzer, { path: 'ckpt/model.ckpt.meta', type: 'binary' }, fixture('checkpoint/model.ckpt.meta'));
    expect(summary(result)).toEqual(['tensorflow/file-system-op: ReadFile node "ReadFile" in the graph']);
  });

  it('reports a truncated saved_model.pb as malformed and leaves it inconclusive', async () => {
    const result = await run('truncated/saved_model.pb');
    expect(result.findings.map((f) => f.ruleId)).toEqual(['tensorflow/malformed-graph']);
    expect(result.inconclusive).toHaveLength(1);
  });

  it('runs through the engine on a SavedModel folder', async () => {
    const root = makeTree({
      'export/saved_model.pb': fixture('tf2-pyfunc/saved_model.pb'),
      'export/fingerprint.pb': fixture('tf2-savedmodel/fingerprint.pb'),
      'export/keras_metadata.pb': fixture('tf2-savedmodel/keras_metadata.pb'),
    });
    roots.push(root);
    const result = await scanTree(root, [tensorflowAnalyzer]);
    expect(result.findings.map((f) => `${f.ruleId} @ ${f.location.path}`)).toEqual(['tensorflow/python-op @ export/saved_model.pb']);
    expect(result.files.map((f) => [f.path, f.type, f.status])).toEqual([
      ['export/fingerprint.pb', 'protobuf', 'scanned'],
      ['export/keras_metadata.pb', 'protobuf', 'scanned'],
      ['export/saved_model.pb', 'protobuf', 'scanned'],
    ]);
  });
});
