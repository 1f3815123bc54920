import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import type { ByteSource } from '../../lib/byte-source.js';
import { BufferSource } from '../../lib/byte-source.js';
import { onnxAnalyzer } from './analyzer.js';
import { locationEscape } from './rules/external-data-path-traversal.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/onnx/${name}`, import.meta.url));
const run = (name: string, content: Uint8Array | ByteSource = fixture(name)) => runAnalyzer(onnxAnalyzer, { path: name, type: 'onnx' }, content);
const ids = (result: { findings: { ruleId: string }[] }) => result.findings.map((f) => f.ruleId);

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

describe('onnx analyzer', () => {
  it('is quiet on an ordinary model, external data beside it or in a subfolder, com.microsoft ops and local functions', async () => {
    for (const name of ['matmul.onnx', 'external-data.onnx', 'external-data-subfolder.onnx', 'com-microsoft.onnx', 'local-function.onnx']) {
      const result = await run(name);
      expect([name, result.findings, result.inconclusive]).toEqual([name, [], []]);
    }
  });

  it('notes external data, which is scanned only as files of its own', async () => {
    expect((await run('external-data.onnx')).notes).toEqual(['1 tensor keeps its data in an external file, scanned only as files of their own']);
  });

  it('reports an absolute external data location', async () => {
    const result = await run('external-absolute.onnx');
    expect(ids(result)).toEqual(['onnx/external-data-path-traversal']);
    expect(result.findings[0]!.severity).toBe('critical');
    expect(result.findings[0]!.evidence).toBe('external_data location=/etc/passwd');
  });

  it('reports a traversal hidden in an If branch\'s initializer', async () => {
    const result = await run('external-traversal-in-subgraph.onnx');
    expect(ids(result)).toEqual(['onnx/external-data-path-traversal']);
    expect(result.findings[0]!.message).toContain('Tensor "W_then" in graph > node "branch" (If) then_branch keeps its data at "../../.ssh/id_rsa"');
  });

  it('reports custom operator domains, in the graph and inside a Loop body', async () => {
    const contrib = await run('custom-domain.onnx');
    expect(ids(contrib)).toEqual(['onnx/custom-operator-domain']);
    expect(contrib.findings[0]!.evidence).toBe('domain ai.onnx.contrib (opset 1): StringNormalizer');
    const loop = await run('custom-op-in-loop.onnx');
    expect(ids(loop)).toEqual(['onnx/custom-operator-domain']);
    expect(loop.findings[0]!.message).toContain('first in graph > node "loop" (Loop) body');
  });

  it('reports a truncated model as malformed and leaves it inconclusive', async () => {
    const result = await run('truncated.onnx');
    expect(ids(result)).toEqual(['onnx/malformed-model']);
    expect(result.inconclusive).toHaveLength(1);
  });

  it('never reads tensor bytes: a 1 GiB raw_data initializer costs a few reads', async () => {
    // ModelProto{ir_version 8, graph{initializer{name "W", raw_data <1 GiB>}}}, the weights never present.
    const rawLength = 2 ** 30;
    const tensorHead = Buffer.concat([Buffer.from([0x42, 0x01, 0x57]), Buffer.from([0x4a]), varint(rawLength)]);
    const tensorLength = tensorHead.length + rawLength;
    const graphHead = Buffer.concat([Buffer.from([0x2a]), varint(tensorLength)]);
    const head = Buffer.concat([Buffer.from([0x08, 0x08, 0x3a]), varint(graphHead.length + tensorLength), graphHead, tensorHead]);
    let read = 0;
    const lazy: ByteSource = {
      size: head.length + rawLength,
      read(offset, length) {
        const bytes = offset < head.length ? head.subarray(offset, offset + length) : new Uint8Array(0);
        read += Math.min(length, Math.max(0, head.length + rawLength - offset));
        return bytes;
      },
      slice: () => new BufferSource(new Uint8Array(0)),
    };
    const result = await run('huge.onnx', lazy);
    expect(result.findings).toEqual([]);
    expect(read).toBeLessThan(1024 * 1024);
  });

  it('checks a location for every escape route, and lets plain relative names through', () => {
    for (const location of ['/etc/passwd', '\\\\server\\share\\w.bin', 'C:\\weights.bin', 'file:///etc/passwd', '~/.ssh/id_rsa', '../w.bin', 'a/../../w.bin', 'a/../w.bin', 'w\0.bin']) {
      expect([location, locationEscape(location)]).not.toEqual([location, undefined]);
    }
    for (const location of ['model.onnx.data', 'weights/W.bin', './w.bin', '..w.bin', 'w..bin']) {
      expect([location, locationEscape(location)]).toEqual([location, undefined]);
    }
  });

  it('runs through the engine on models sniffed by their name, broken ones included', async () => {
    const root = makeTree({
      'models/model.onnx': fixture('external-absolute.onnx'),
      'models/ok.onnx': fixture('matmul.onnx'),
      'models/broken.onnx': Buffer.from([0x07, 0x00, 0xff, 0xff]),
    });
    roots.push(root);
    const result = await scanTree(root, [onnxAnalyzer]);
    expect(result.findings.map((f) => `${f.ruleId} @ ${f.location.path}`)).toEqual([
      'onnx/malformed-model @ models/broken.onnx',
      'onnx/external-data-path-traversal @ models/model.onnx',
    ]);
    expect(result.files.map((f) => [f.path, f.type, f.status])).toEqual([
      ['models/broken.onnx', 'binary', 'inconclusive'],
      ['models/model.onnx', 'onnx', 'scanned'],
      ['models/ok.onnx', 'onnx', 'scanned'],
    ]);
  });
});

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}
