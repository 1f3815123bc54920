/** `model-signatures` and `model-signatures-verified` evidence, on sample projects run through the engine. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { generateKeyPair, signModel, type GeneratedKeyPair } from '../../lib/model-signing/index.js';
import { modelSignatureAnalyzer } from './analyzer.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function safetensors(values: number[]): Uint8Array {
  const data = Buffer.from(new Float32Array(values).buffer);
  const header = Buffer.from(JSON.stringify({ weight: { dtype: 'F32', shape: [values.length], data_offsets: [0, data.length] } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, data]);
}

const gguf = (extra = 0) => Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(20 + extra)]);
const PICKLE = Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]);
const CONFIG = JSON.stringify({ architectures: ['BertForSequenceClassification'], hidden_size: 4 });
const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let keys: GeneratedKeyPair;
let otherKeys: GeneratedKeyPair;
beforeAll(() => {
  keys = generateKeyPair('p256');
  otherKeys = generateKeyPair('p256');
});

async function project(spec: TreeSpec, sign: Record<string, string> = {}) {
  const root = makeTree(spec);
  roots.push(root);
  for (const [folder, pem] of Object.entries(sign)) {
    const result = await signModel(join(root, folder), pem, { signatureInModel: 'model.sig', workers: 0 });
    writeFileSync(join(root, folder, 'model.sig'), result.bundle);
  }
  return root;
}

async function scan(root: string, config = '') {
  const result = await scanTree(root, [modelSignatureAnalyzer], config);
  expect(result.notices).toEqual([]);
  const byCheck = (check: string) => result.evidence.filter((e) => e.check === check);
  return { result, document: byCheck('model-signatures'), verified: byCheck('model-signatures-verified'), rules: result.findings.map((f) => f.ruleId) };
}

/** The key inside the project, as teams keep it: keys/release.pub, referenced from aigis.yaml. */
const KEY_IN_PROJECT = (root: string) => `signing:\n  publicKey: ${join(root, 'keys/release.pub')}\n`;

describe('model-signatures and model-signatures-verified with signatures', () => {
  it('a signed model folder with the key configured satisfies both, naming the folder, the signature and the key', async () => {
    const root = await project(
      { 'models/bert/model.safetensors': safetensors([0.1, 0.2]), 'models/bert/config.json': CONFIG, 'keys/release.pub': '' },
      { 'models/bert': keys.privateKeyPem },
    );
    writeFileSync(join(root, 'keys/release.pub'), keys.publicKeyPem);
    const { document, verified, rules } = await scan(root, KEY_IN_PROJECT(root));
    expect(rules).toEqual([]);
    expect(document).toEqual([
      { check: 'model-signatures', analyzer: 'model-signature', summary: 'The model folder is signed: models/bert (model.sig)', location: { path: 'models/bert/model.sig' } },
    ]);
    expect(verified).toEqual([
      {
        check: 'model-signatures-verified',
        analyzer: 'model-signature',
        summary: 'The model folder verifies: 1 signature verified with keys/release.pub (models/bert/model.sig)',
        location: { path: 'models/bert/model.sig' },
      },
    ]);
  });

  it('counts folders under a signed parent as signed, and names an unsigned folder in both shortfalls', async () => {
    const root = await project(
      {
        'models/encoder/model.safetensors': safetensors([1]),
        'models/decoder/model.safetensors': safetensors([2]),
        'legacy/classifier.pkl': PICKLE,
        'keys/release.pub': '',
      },
      { models: keys.privateKeyPem },
    );
    writeFileSync(join(root, 'keys/release.pub'), keys.publicKeyPem);
    const { document, verified, rules } = await scan(root, KEY_IN_PROJECT(root));
    expect(rules).toEqual(['model-signature/unsigned-model']);
    expect(document).toEqual([
      expect.objectContaining({
        summary: '2 of 3 model folders are signed: models/decoder (models/model.sig), models/encoder (models/model.sig)',
        shortfall: 'not signed: legacy (classifier.pkl)',
        location: { path: 'legacy/classifier.pkl' },
      }),
    ]);
    expect(verified).toEqual([
      expect.objectContaining({
        summary: '2 of 3 model folders verified: 1 signature verified with keys/release.pub (models/model.sig)',
        shortfall: 'not signed: legacy',
      }),
    ]);
  });

  it('falls short when no signing.publicKey is configured: the signature is present but was not verified', async () => {
    const root = await project({ 'models/bert/model.safetensors': safetensors([0.5]) }, { 'models/bert': keys.privateKeyPem });
    const { document, verified } = await scan(root);
    expect(document[0]!.shortfall).toBeUndefined();
    expect(verified).toEqual([
      {
        check: 'model-signatures-verified',
        analyzer: 'model-signature',
        summary: '0 of 1 model folder verified',
        location: { path: 'models/bert/model.sig' },
        shortfall: 'no signing.publicKey in aigis.yaml: the signatures were not verified (models/bert/model.sig)',
      },
    ]);
  });

  it('falls short for a tampered model and for a signature made with another key, naming each', async () => {
    const root = await project(
      {
        'a/model.safetensors': safetensors([1, 2, 3]),
        'a/tokenizer.json': '{"version":"1.0"}',
        'b/model.gguf': gguf(),
        'keys/release.pub': '',
      },
      { a: keys.privateKeyPem, b: otherKeys.privateKeyPem },
    );
    writeFileSync(join(root, 'keys/release.pub'), keys.publicKeyPem);
    writeFileSync(join(root, 'a/model.safetensors'), safetensors([1, 2, 4]));
    const { verified, rules } = await scan(root, KEY_IN_PROJECT(root));
    expect(rules).toEqual(['model-signature/signature-mismatch', 'model-signature/signature-mismatch']);
    expect(verified).toHaveLength(1);
    expect(verified[0]!.summary).toBe('0 of 2 model folders verified');
    expect(verified[0]!.location).toEqual({ path: 'a/model.sig' });
    expect(verified[0]!.shortfall).toMatch(/^a\/model\.sig does not match \(changed: model\.safetensors\); b\/model\.sig does not verify with the key \(.*key mismatch/);
  });

  it('shows a key outside the project by its path', async () => {
    const keyDir = makeTree({ 'release.pub': '' });
    roots.push(keyDir);
    writeFileSync(join(keyDir, 'release.pub'), keys.publicKeyPem);
    const root = await project({ 'm/model.safetensors': safetensors([7]) }, { m: keys.privateKeyPem });
    const { verified } = await scan(root, `signing:\n  publicKey: ${join(keyDir, 'release.pub')}\n`);
    expect(verified[0]!.shortfall).toBeUndefined();
    expect(verified[0]!.summary).toContain('release.pub (m/model.sig)');
  });
});

describe('hash manifests beside models', () => {
  const CHECK_MANIFESTS = 'analyzers:\n  model-signature:\n    checkHashManifests: true\n';

  it('are not hashed unless asked: a scan reads only what it must, and the evidence says why it is not verified', async () => {
    const weights = gguf();
    const root = await project({ 'models/llama/tiny.gguf': weights, 'models/llama/SHA256SUMS': `${'00'.repeat(32)}  tiny.gguf\n` });
    const { document, verified, rules } = await scan(root);
    expect(document[0]!.shortfall).toBeUndefined();
    expect(verified[0]!.shortfall).toContain('not hashed (analyzers.model-signature.checkHashManifests turns this on');
    expect(rules).not.toContain('model-signature/hash-manifest-mismatch');
    // The wrong digest above is only noticed when hashing is on.
    const checked = await scan(root, CHECK_MANIFESTS);
    expect(checked.verified[0]!.shortfall).toContain('tiny.gguf');
    expect(checked.rules).toContain('model-signature/hash-manifest-mismatch');
  });

  it('a SHA256SUMS whose digests all match counts as signed and verified for its folder', async () => {
    const weights = gguf();
    const tokenizer = '{"model":{"type":"BPE"}}';
    const root = await project({
      'models/llama/tiny.gguf': weights,
      'models/llama/tokenizer.json': tokenizer,
      'models/llama/SHA256SUMS': `${sha256(weights)}  tiny.gguf\n${sha256(tokenizer)} *tokenizer.json\n`,
    });
    const { document, verified, rules } = await scan(root, CHECK_MANIFESTS);
    // The rule still asks for a signature; the hash manifest is evidence, not a signature.
    expect(rules).toEqual(['model-signature/unsigned-model']);
    expect(document).toEqual([
      expect.objectContaining({ summary: 'The model folder is signed or hash-listed: models/llama (SHA256SUMS)', location: { path: 'models/llama/SHA256SUMS' } }),
    ]);
    expect(document[0]!.shortfall).toBeUndefined();
    expect(verified).toEqual([
      {
        check: 'model-signatures-verified',
        analyzer: 'model-signature',
        summary: 'The model folder verifies: models/llama/SHA256SUMS (2 files match)',
        location: { path: 'models/llama/SHA256SUMS' },
      },
    ]);
  });

  it('a SHA256SUMS with a changed file or a listed file that is absent falls short, naming them', async () => {
    const weights = gguf();
    const root = await project({
      'models/llama/tiny.gguf': gguf(1),
      'models/llama/SHA256SUMS': `# release 2024-06-01\n${sha256(weights)}  ./tiny.gguf\n${'ab'.repeat(32)}  adapter.safetensors\n`,
    });
    const { document, verified, result } = await scan(root, CHECK_MANIFESTS);
    // Each file that differs from its listed digest, or is missing, is a finding of its own.
    expect(result.findings.filter((f) => f.ruleId === 'model-signature/hash-manifest-mismatch').map((f) => [f.location.path, f.evidence, f.severity])).toEqual([
      ['models/llama/SHA256SUMS', 'SHA256SUMS: adapter.safetensors', 'critical'],
      ['models/llama/tiny.gguf', 'SHA256SUMS: tiny.gguf', 'critical'],
    ]);
    expect(document[0]!.shortfall).toBeUndefined();
    expect(verified).toEqual([
      expect.objectContaining({
        summary: '0 of 1 model folder verified',
        location: { path: 'models/llama/SHA256SUMS' },
        shortfall: 'models/llama/SHA256SUMS: tiny.gguf does not match the listed digest; models/llama/SHA256SUMS lists adapter.safetensors, not in the project',
      }),
    ]);
  });

  it('reads a bare digest in <model>.sha256 and the BSD form; a manifest that leaves out a model does not cover the folder', async () => {
    const a = safetensors([1]);
    const b = safetensors([2]);
    const root = await project({
      'one/model.safetensors': a,
      'one/model.safetensors.sha256': `${sha256(a)}\n`,
      'two/a.safetensors': a,
      'two/b.safetensors': b,
      'two/checksums.txt': `SHA256 (a.safetensors) = ${sha256(a)}\n`,
    });
    const { document, verified } = await scan(root, CHECK_MANIFESTS);
    expect(document).toEqual([
      expect.objectContaining({
        summary: '1 of 2 model folders is signed or hash-listed: one (model.safetensors.sha256)',
        shortfall: 'not signed or hash-listed: two (checksums.txt does not list b.safetensors)',
        location: { path: 'two/a.safetensors' },
      }),
    ]);
    expect(verified).toEqual([
      expect.objectContaining({ summary: '1 of 2 model folders verified: one/model.safetensors.sha256 (1 file match)', shortfall: 'not signed or hash-listed: two' }),
    ]);
  });

  it('never hashes names outside the manifest folder, and ignores manifests that list no model file', async () => {
    const weights = safetensors([3]);
    const root = await project(
      {
        'm/model.safetensors': weights,
        'm/config.json': CONFIG,
        'dist/SHA256SUMS': `${'00'.repeat(32)}  aigis-linux-x64.tar.gz\n`,
        'dist/aigis-linux-x64.tar.gz': 'not really a tarball',
        'keys/release.pub': '',
      },
      { m: keys.privateKeyPem },
    );
    writeFileSync(join(root, 'keys/release.pub'), keys.publicKeyPem);
    writeFileSync(join(root, 'm/../evil.sha256'), `${sha256(weights)}  ../m/model.safetensors\n${sha256('x')}  /etc/passwd\n`);
    const { verified } = await scan(root, KEY_IN_PROJECT(root));
    expect(verified).toEqual([expect.objectContaining({ summary: 'The model folder verifies: 1 signature verified with keys/release.pub (m/model.sig)' })]);
    expect(verified[0]!.shortfall).toBeUndefined();
  });
});

describe('nothing to record', () => {
  it('records nothing without model files, even with signatures or hash manifests', async () => {
    const root = await project({ 'release/SHA256SUMS': `${'11'.repeat(32)}  app.tar.gz\n`, 'release/model.sig': '{}', 'src/app.py': 'print("hi")\n' });
    expect((await scan(root)).result.evidence).toEqual([]);
  });

  it('records nothing when model files have neither a signature nor a hash manifest (the check is missing)', async () => {
    const root = await project({ 'models/bert/model.safetensors': safetensors([1]), 'models/bert/README.md': '# BERT\n' });
    const { result, rules } = await scan(root);
    expect(rules).toEqual(['model-signature/unsigned-model']);
    expect(result.evidence).toEqual([]);
  });
});
