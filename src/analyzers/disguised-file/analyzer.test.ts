import { deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileType } from '../../core/file-type.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { disguisedFileAnalyzer } from './analyzer.js';
import { claimedFormat, extensionOf } from './expectations.js';

const PICKLE = Buffer.from('\x80\x02cposix\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03.', 'latin1');
const PROTOCOL0_PICKLE = Buffer.from("cos\nsystem\n(S'true'\ntR.", 'latin1');
const ZIP = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00', 'latin1'), Buffer.alloc(40)]);
const SAFETENSORS = (() => {
  const json = Buffer.from('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}    ');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(4)]);
})();

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function findings(files: Record<string, Uint8Array | string>) {
  const root = makeTree(files);
  roots.push(root);
  const result = await scanTree(root, [disguisedFileAnalyzer]);
  return result.findings.map((f) => [f.location.path, f.ruleId, f.severity, f.evidence]);
}

describe('disguised-file analyzer', () => {
  it('reports disguised-file/content-mismatch (high) for a pickle named as a safe format (CVE-2025-1889 shape)', async () => {
    expect(await findings({ 'model.safetensors': PICKLE, 'flax_model.msgpack': PICKLE, 'weights.npy': PROTOCOL0_PICKLE, 'avatar.png': PICKLE, 'config.json': PICKLE })).toEqual([
      ['avatar.png', 'disguised-file/content-mismatch', 'high', '.png file sniffed as pickle'],
      ['config.json', 'disguised-file/content-mismatch', 'high', '.json file sniffed as pickle'],
      ['flax_model.msgpack', 'disguised-file/content-mismatch', 'high', '.msgpack file sniffed as pickle'],
      ['model.safetensors', 'disguised-file/content-mismatch', 'high', '.safetensors file sniffed as pickle'],
      ['weights.npy', 'disguised-file/content-mismatch', 'high', '.npy file sniffed as pickle'],
    ]);
  });

  it('reports archives and compressed streams under a safe name', async () => {
    expect(await findings({ 'model.gguf': ZIP, 'notes.txt': gzipSync(PICKLE), 'tokenizer.json': deflateSync(Buffer.alloc(2000, 0x80)) })).toEqual([
      ['model.gguf', 'disguised-file/content-mismatch', 'high', '.gguf file sniffed as zip'],
      ['notes.txt', 'disguised-file/content-mismatch', 'high', '.txt file sniffed as gzip'],
      ['tokenizer.json', 'disguised-file/content-mismatch', 'high', '.json file sniffed as zlib'],
    ]);
  });

  it('is quiet where name and content agree, and where the name promises nothing', async () => {
    expect(await findings({
      'model.safetensors': SAFETENSORS,
      'weights.npz': ZIP,
      'model.keras': ZIP,
      'pytorch_model.bin': PICKLE,
      'model.pt': ZIP,
      'classifier.pkl': PICKLE,
      'model.joblib': deflateSync(PICKLE),
      'notes.md': '# notes\n',
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'lfs/model.safetensors': 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n',
    })).toEqual([]);
  });

  it('judges archive members by their own names', () => {
    expect(disguisedFileAnalyzer.claims!({ path: 'repo.zip', member: 'model/model.safetensors', type: 'pickle', size: 10 }, {})).toBe(true);
    expect(disguisedFileAnalyzer.claims!({ path: 'ckpt.zip', member: 'archive/data.pkl', type: 'pickle', size: 10 }, {})).toBe(false);
  });

  it('knows which contents are loadable and which extensions promise what', () => {
    const types: FileType[] = ['numpy', 'hdf5', 'text', 'binary', 'safetensors', 'onnx', 'gguf'];
    for (const type of types) expect(claimedFormat('x.json', type)).toBeUndefined();
    expect(claimedFormat('MODEL.SafeTensors', 'pickle')).toBe('safetensors');
    expect(extensionOf('a.zip!dir/w.tar.gz')).toBe('gz');
    expect(extensionOf('.safetensors')).toBe('');
  });
});
