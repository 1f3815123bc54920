import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { generateKeyPair, signModel, type GeneratedKeyPair } from '../../lib/model-signing/index.js';
import { modelSignatureAnalyzer } from './analyzer.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

/** A small but well-formed safetensors file: an 8-byte header length, the JSON header, then the tensor bytes. */
function safetensors(values: number[]): Uint8Array {
  const data = Buffer.from(new Float32Array(values).buffer);
  const header = Buffer.from(JSON.stringify({ weight: { dtype: 'F32', shape: [values.length], data_offsets: [0, data.length] } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, data]);
}

const MODEL_CARD = '---\nlicense: apache-2.0\n---\n# Sentiment classifier\nFine-tuned on our support tickets.\n';
const CONFIG = JSON.stringify({ architectures: ['BertForSequenceClassification'], hidden_size: 4 });

let keys: GeneratedKeyPair;
let otherKeys: GeneratedKeyPair;
let keyDir: string;
beforeAll(() => {
  keys = generateKeyPair('p256');
  otherKeys = generateKeyPair('p384');
  keyDir = makeTree({ 'release.pub': keys.publicKeyPem, 'other.pub': otherKeys.publicKeyPem });
});
afterAll(() => removeTree(keyDir));

async function project(spec: TreeSpec, sign: Record<string, string> = {}) {
  const root = makeTree(spec);
  roots.push(root);
  for (const [folder, pem] of Object.entries(sign)) {
    const result = await signModel(join(root, folder), pem, { signatureInModel: 'model.sig', workers: 0 });
    writeFileSync(join(root, folder, 'model.sig'), result.bundle);
  }
  return root;
}

async function findings(root: string, config = '') {
  const result = await scanTree(root, [modelSignatureAnalyzer], config);
  expect(result.notices).toEqual([]);
  return result.findings.map((f) => ({ rule: f.ruleId, path: f.location.path, severity: f.severity, message: f.message }));
}

const withKey = (name = 'release.pub') => `signing:\n  publicKey: ${join(keyDir, name)}\n`;

describe('model-signature/unsigned-model', () => {
  it('reports a folder of model files with no model.sig, once, at its first model file', async () => {
    const root = await project({
      'models/bert/model.safetensors': safetensors([0.1, 0.2, 0.3]),
      'models/bert/pytorch_model.bin': Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]),
      'models/bert/config.json': CONFIG,
      'models/bert/README.md': MODEL_CARD,
    });
    const list = await findings(root);
    expect(list).toEqual([
      expect.objectContaining({ rule: 'model-signature/unsigned-model', path: 'models/bert/model.safetensors', severity: 'low' }),
    ]);
    expect(list[0]!.message).toMatch(/models\/bert holds 2 model files \(model\.safetensors, pytorch_model\.bin\) but no model\.sig/);
  });

  it('is quiet for a signed folder, for model files in its subfolders, and for folders without models', async () => {
    const root = await project(
      {
        'models/bert/model.safetensors': safetensors([1, 2]),
        'models/bert/onnx/model.onnx': Buffer.from([0x08, 0x07, 0x12, 0x04, 0x74, 0x65, 0x73, 0x74]),
        'models/bert/config.json': CONFIG,
        'docs/README.md': MODEL_CARD,
        'src/train.py': 'import torch\n\ndef train(model):\n    torch.save(model.state_dict(), "out/model.pt")\n',
      },
      { 'models/bert': keys.privateKeyPem },
    );
    expect(await findings(root)).toEqual([]);
  });

  it('counts a PyTorch zip checkpoint as a model, but not a zip of data or a model named only in code', async () => {
    const zip = (name: string) => {
      // A one-entry stored zip: local header, data, central directory, end record.
      const data = Buffer.from('PK-free payload');
      const nameBytes = Buffer.from(name);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(nameBytes.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt32LE(data.length, 20);
      central.writeUInt32LE(data.length, 24);
      central.writeUInt16LE(nameBytes.length, 28);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(1, 8);
      end.writeUInt16LE(1, 10);
      end.writeUInt32LE(46 + nameBytes.length, 12);
      end.writeUInt32LE(30 + nameBytes.length + data.length, 16);
      return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
    };
    const root = await project({
      'checkpoints/epoch-3.pt': zip('archive/version'),
      'data/images.zip': zip('img/0001.txt'),
      'src/load.py': 'import torch\n\nmodel = torch.load("checkpoints/epoch-3.pt", weights_only=True)\n',
    });
    expect((await findings(root)).map((f) => `${f.rule} @ ${f.path}`)).toEqual(['model-signature/unsigned-model @ checkpoints/epoch-3.pt']);
  });

  it('honours signing.signatureName', async () => {
    const root = await project({ 'weights/model.safetensors': safetensors([1]), 'weights/release.sig': '{}' });
    expect(await findings(root)).toHaveLength(1);
    expect(await findings(root, 'signing:\n  signatureName: release.sig\n')).toEqual([]);
  });
});

describe('model-signature/signature-mismatch', () => {
  it('is quiet when the signature verifies with signing.publicKey', async () => {
    const root = await project({ 'm/model.safetensors': safetensors([1, 2, 3]), 'm/config.json': CONFIG }, { m: keys.privateKeyPem });
    expect(await findings(root, withKey())).toEqual([]);
  });

  it('reports a changed, a removed and an added file as critical, naming each', async () => {
    const root = await project(
      { 'm/model.safetensors': safetensors([1, 2, 3]), 'm/config.json': CONFIG, 'm/tokenizer.json': '{"version":"1.0"}' },
      { m: keys.privateKeyPem },
    );
    writeFileSync(join(root, 'm/model.safetensors'), safetensors([1, 2, 4]));
    removeTree(join(root, 'm/tokenizer.json'));
    writeFileSync(join(root, 'm/payload.pkl'), Buffer.from([0x80, 0x04, 0x4e, 0x2e]));
    const list = await findings(root, withKey());
    expect(list).toEqual([
      {
        rule: 'model-signature/signature-mismatch',
        path: 'm/model.sig',
        severity: 'critical',
        message: expect.stringContaining('m does not match its signature m/model.sig: changed: model.safetensors; missing: tokenizer.json; unsigned: payload.pkl.'),
      },
    ]);
  });

  it('reports a signature made with another key as critical', async () => {
    const root = await project({ 'm/model.safetensors': safetensors([5]) }, { m: otherKeys.privateKeyPem });
    const list = await findings(root, withKey());
    expect(list).toEqual([expect.objectContaining({ rule: 'model-signature/signature-mismatch', severity: 'critical', message: expect.stringMatching(/key mismatch/) })]);
  });

  it('verifies a single-file signature beside its model file (the subject names the file)', async () => {
    const root = await project({ 'gguf/tiny.gguf': Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(20)]), 'gguf/notes.txt': 'not signed' });
    const signed = await signModel(join(root, 'gguf/tiny.gguf'), keys.privateKeyPem, { workers: 0 });
    writeFileSync(join(root, 'gguf/model.sig'), signed.bundle);
    expect(await findings(root, withKey())).toEqual([]);
    writeFileSync(join(root, 'gguf/tiny.gguf'), Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(21)]));
    expect(await findings(root, withKey())).toEqual([
      expect.objectContaining({ rule: 'model-signature/signature-mismatch', message: expect.stringContaining('gguf/tiny.gguf does not match its signature gguf/model.sig: changed: .') }),
    ]);
  });
});

describe('model-signature/unverifiable-signature', () => {
  it('reports a model.sig that is not a bundle', async () => {
    const root = await project({ 'm/model.safetensors': safetensors([1]), 'm/model.sig': '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verificationMaterial": {' });
    const list = await findings(root, withKey());
    expect(list).toEqual([expect.objectContaining({ rule: 'model-signature/unverifiable-signature', path: 'm/model.sig', severity: 'medium', message: expect.stringMatching(/not JSON/) })]);
    // Without a key nothing is verified: the signature's presence is all that is checked.
    expect(await findings(root)).toEqual([]);
  });

  const vectors = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/vectors/model-signing/sigstore/v1.1.0-sigstore');
  it.skipIf(!existsSync(vectors))('reports a keyless (Sigstore) signature as needing online trust roots', async () => {
    const root = await project({ 'm/model.safetensors': safetensors([1]) });
    copyFileSync(join(vectors, 'model.sig'), join(root, 'm/model.sig'));
    const list = await findings(root, withKey());
    expect(list).toEqual([
      expect.objectContaining({ rule: 'model-signature/unverifiable-signature', message: expect.stringMatching(/keyless \(Sigstore\) signature by stefanb@us\.ibm\.com/) }),
    ]);
  });

  it('fails the project pass with a clear notice when signing.publicKey cannot be read', async () => {
    const root = await project({ 'm/model.safetensors': safetensors([1]) }, { m: keys.privateKeyPem });
    const result = await scanTree(root, [modelSignatureAnalyzer], 'signing:\n  publicKey: /no/such/key.pem\n');
    expect(result.notices).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/cannot read signing\.publicKey \/no\/such\/key\.pem: ENOENT/) })]);
    expect(readFileSync(join(root, 'm/model.sig'), 'utf8')).toMatch(/"hint"/);
  });
});

describe('model-signature assets', () => {
  it('records every model file with its format, size and whether a signature covers it', async () => {
    const weights = safetensors([0.1, 0.2, 0.3]);
    const root = await project(
      {
        'models/bert/model.safetensors': weights,
        'models/bert/config.json': CONFIG,
        'legacy/classifier.pkl': Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]),
        'data/notes.txt': 'not a model',
      },
      { 'models/bert': keys.privateKeyPem },
    );
    const result = await scanTree(root, [modelSignatureAnalyzer]);
    expect(result.assets).toEqual([
      { kind: 'model', name: 'legacy/classifier.pkl', location: { path: 'legacy/classifier.pkl' }, properties: { source: 'file', format: 'pickle', size: '6', signed: 'false' } },
      { kind: 'model', name: 'models/bert/model.safetensors', location: { path: 'models/bert/model.safetensors' }, properties: { source: 'file', format: 'safetensors', size: String(weights.length), signed: 'true' } },
    ]);
  });
});
