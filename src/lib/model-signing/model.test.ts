import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { IN_TOTO_PAYLOAD_TYPE } from './dsse.js';
import { CURVES, generateKeyPair, keyHint, type Curve } from './keys.js';
import { signModel, verifyModel, verifySignedStatement } from './model.js';
import { comparePosixPaths } from './paths.js';
import { rootDigestOf } from './statement.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(spec: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'aigis-sign-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(spec)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A model folder as people keep them: weights, config, tokenizer, a card, a git folder. */
const MODEL = {
  'model.safetensors': Buffer.alloc(4096, 7),
  'config.json': '{"architectures":["LlamaForCausalLM"],"hidden_size":64}\n',
  'tokenizer/tokenizer.json': '{"version":"1.0","model":{"type":"BPE"}}\n',
  'tokenizer/special_tokens_map.json': '{"eos_token":"</s>"}\n',
  'README.md': '# tiny-llama\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.gitattributes': '*.safetensors filter=lfs diff=lfs merge=lfs -text\n',
};

function decodeBundle(bundle: string) {
  const json = JSON.parse(bundle) as {
    mediaType: string;
    verificationMaterial: { publicKey: { hint: string }; tlogEntries: unknown[] };
    dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid: string }[] };
  };
  const statement = JSON.parse(Buffer.from(json.dsseEnvelope.payload, 'base64').toString('utf8')) as {
    _type: string;
    subject: { name: string; digest: { sha256: string } }[];
    predicateType: string;
    predicate: {
      serialization: { method: string; hash_type: string; allow_symlinks: boolean; ignore_paths: string[] };
      resources: { name: string; algorithm: string; digest: string }[];
    };
  };
  return { json, statement };
}

describe('sign -> verify round trip', () => {
  for (const curve of CURVES) {
    it(`signs and verifies with ${curve}, and the signature uses the curve's hash`, async () => {
      const keys = generateKeyPair(curve);
      const root = tree(MODEL);
      const signed = await signModel(root, keys.privateKeyPem, { signatureInModel: 'model.sig', workers: 0 });
      writeFileSync(join(root, 'model.sig'), signed.bundle);
      const result = await verifyModel(root, keys.publicKeyPem, signed.bundle, { signatureInModel: 'model.sig', workers: 0 });
      expect(result).toMatchObject({ ok: true, changed: [], missing: [], extra: [], warnings: [] });
      expect(result.manifest.resources.map((r) => r.name)).toEqual([
        'README.md',
        'config.json',
        'model.safetensors',
        'tokenizer/special_tokens_map.json',
        'tokenizer/tokenizer.json',
      ]);
      // The DER signature of P-521 is longer than P-256's: the curve was really used.
      const sig = Buffer.from(decodeBundle(signed.bundle).json.dsseEnvelope.signatures[0]!.sig, 'base64');
      expect(sig[0]).toBe(0x30);
      expect(sig.length).toBeGreaterThan({ p256: 60, p384: 90, p521: 120 }[curve as Curve]);
    });
  }

  it('fails with another key, naming the key mismatch', async () => {
    const root = tree(MODEL);
    const signed = await signModel(root, generateKeyPair('p256').privateKeyPem, { workers: 0 });
    await expect(verifyModel(root, generateKeyPair('p256').publicKeyPem, signed.bundle)).rejects.toMatchObject({ code: 'signature', message: expect.stringMatching(/^key mismatch/) });
  });

  it('names changed, missing and extra files, and leaves the ignored ones alone', async () => {
    const keys = generateKeyPair('p384');
    const root = tree({ ...MODEL, 'logs/train.log': 'epoch 1\n' });
    const signed = await signModel(root, keys.privateKeyPem, { ignorePaths: ['logs'], workers: 0 });
    writeFileSync(join(root, 'config.json'), '{"hidden_size":65}\n');
    rmSync(join(root, 'tokenizer/tokenizer.json'));
    writeFileSync(join(root, 'tokenizer/merges.txt'), 'a b\n');
    writeFileSync(join(root, 'logs/train.log'), 'epoch 2\n');
    writeFileSync(join(root, '.git/HEAD'), 'ref: refs/heads/dev\n');
    const result = await verifyModel(root, keys.publicKeyPem, signed.bundle);
    expect(result).toMatchObject({ ok: false, changed: ['config.json'], missing: ['tokenizer/tokenizer.json'], extra: ['tokenizer/merges.txt'] });
  });

  it('hashes in worker threads the same as on the calling thread', async () => {
    const keys = generateKeyPair('p256');
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    const root = tree({ 'a.bin': big, 'b.bin': big.subarray(1), 'c.bin': big.subarray(2), 'small.json': '{}' });
    const threaded = await signModel(root, keys.privateKeyPem, { workers: 2 });
    const inline = await signModel(root, keys.privateKeyPem, { workers: 0 });
    expect(threaded.manifest.resources).toEqual(inline.manifest.resources);
    expect(threaded.manifest.resources[0]!.digest).toBe(sha256(big));
    let last = 0;
    await verifyModel(root, keys.publicKeyPem, threaded.bundle, { workers: 2, onProgress: (done, total) => { expect(total).toBe(big.length * 3 - 3 + 2); last = done; } });
    expect(last).toBe(big.length * 3 - 3 + 2);
  });

  it('signs a single file: one resource named ".", the subject named after the file', async () => {
    const keys = generateKeyPair('p256');
    const root = tree({ 'model.gguf': 'GGUF\u0003\u0000\u0000\u0000' });
    const signed = await signModel(join(root, 'model.gguf'), keys.privateKeyPem, { workers: 0 });
    const { statement } = decodeBundle(signed.bundle);
    expect(statement.subject[0]!.name).toBe('model.gguf');
    expect(statement.predicate.resources).toEqual([{ name: '.', algorithm: 'sha256', digest: sha256('GGUF\u0003\u0000\u0000\u0000') }]);
    expect((await verifyModel(join(root, 'model.gguf'), keys.publicKeyPem, signed.bundle)).ok).toBe(true);
  });

  it('signs and verifies with the shards method, hashing shards in parallel', async () => {
    const keys = generateKeyPair('p256');
    const weights = Buffer.alloc(40 * 1024 * 1024 + 5);
    for (let i = 0; i < weights.length; i += 1000) weights[i] = (i / 1000) % 251;
    const root = tree({ 'w.bin': weights, 'empty.txt': '', 'c.json': '{}' });
    const signed = await signModel(root, keys.privateKeyPem, { method: 'shards', shardSize: 16 * 1024 * 1024, workers: 2 });
    const { statement } = decodeBundle(signed.bundle);
    expect(statement.predicate.serialization).toMatchObject({ method: 'shards', hash_type: 'sha256', shard_size: 16 * 1024 * 1024 });
    const mib16 = 16 * 1024 * 1024;
    // Empty files have no shard (as in the reference); shards sort by path, then numerically by offset.
    expect(statement.predicate.resources.map((r) => r.name)).toEqual(['c.json:0:2', `w.bin:0:${mib16}`, `w.bin:${mib16}:${2 * mib16}`, `w.bin:${2 * mib16}:${weights.length}`]);
    expect(statement.predicate.resources[1]).toEqual({ name: `w.bin:0:${mib16}`, algorithm: `sha256-sharded-${mib16}`, digest: sha256(weights.subarray(0, mib16)) });
    expect((await verifyModel(root, keys.publicKeyPem, signed.bundle, { workers: 2 })).ok).toBe(true);
    writeFileSync(join(root, 'w.bin'), Buffer.concat([weights, Buffer.from('x')]));
    expect(await verifyModel(root, keys.publicKeyPem, signed.bundle)).toMatchObject({ ok: false, changed: ['w.bin'], missing: [], extra: [] });
  });
});

describe('the bundle layout, field by field (the reference 1.1.0 vector is the model)', () => {
  it('writes what model_signing 1.1.x writes', async () => {
    const keys = generateKeyPair('p384');
    const root = tree(MODEL);
    const signed = await signModel(root, keys.privateKeyPem, { signatureInModel: 'model.sig', ignorePaths: ['README.md'], workers: 0 });
    const { json, statement } = decodeBundle(signed.bundle);
    expect(Object.keys(json)).toEqual(['mediaType', 'verificationMaterial', 'dsseEnvelope']);
    expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(json.verificationMaterial).toEqual({ publicKey: { hint: keyHint(createPublicKey(keys.publicKeyPem)) }, tlogEntries: [] });
    expect(json.verificationMaterial.publicKey.hint).toBe(sha256(keys.publicKeyPem));
    expect(Object.keys(json.dsseEnvelope)).toEqual(['payload', 'payloadType', 'signatures']);
    expect(json.dsseEnvelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    expect(json.dsseEnvelope.signatures).toHaveLength(1);
    expect(json.dsseEnvelope.signatures[0]!.keyid).toBe('');
    expect(signed.bundle.endsWith('}')).toBe(true); // compact, no final newline, like 1.1.0
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe('https://model_signing/signature/v1.0');
    expect(statement.subject).toHaveLength(1);
    expect(statement.subject[0]!.name).toBe(root.slice(root.lastIndexOf('/') + 1));
    expect(statement.predicate.serialization).toEqual({
      method: 'files',
      hash_type: 'sha256',
      allow_symlinks: false,
      ignore_paths: ['.git', '.gitattributes', '.github', '.gitignore', 'README.md', 'model.sig'],
    });
    expect(statement.predicate.resources).toEqual([
      { name: 'config.json', algorithm: 'sha256', digest: sha256(MODEL['config.json']) },
      { name: 'model.safetensors', algorithm: 'sha256', digest: sha256(MODEL['model.safetensors']) },
      { name: 'tokenizer/special_tokens_map.json', algorithm: 'sha256', digest: sha256(MODEL['tokenizer/special_tokens_map.json']) },
      { name: 'tokenizer/tokenizer.json', algorithm: 'sha256', digest: sha256(MODEL['tokenizer/tokenizer.json']) },
    ]);
    const root_digest = createHash('sha256')
      .update(Buffer.concat(statement.predicate.resources.map((r) => Buffer.from(r.digest, 'hex'))))
      .digest('hex');
    expect(statement.subject[0]!.digest).toEqual({ sha256: root_digest });
    expect(rootDigestOf(statement.predicate.resources)).toBe(root_digest);
    // The payload is the statement as MessageToJson writes it: two-space indented JSON.
    expect(Buffer.from(json.dsseEnvelope.payload, 'base64').toString('utf8')).toBe(JSON.stringify(statement, null, 2));
  });

  it('matches the reference root digest of the shared vectors (signme-1 + signme-2)', () => {
    const resources = [
      { name: 'signme-1', algorithm: 'sha256', digest: sha256('signme-1\n') },
      { name: 'signme-2', algorithm: 'sha256', digest: sha256('signme-2') },
    ];
    expect(rootDigestOf(resources)).toBe('92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4');
  });
});

describe('path ordering', () => {
  it('sorts by components, as Python sorts PurePosixPath', () => {
    expect(['a0', 'a.txt', 'a-b', 'a/b.c', 'a/b', 'B'].sort(comparePosixPaths)).toEqual(['B', 'a/b', 'a/b.c', 'a-b', 'a.txt', 'a0']);
  });

  it('compares by code point, not UTF-16 unit (an astral character sorts after U+FFFD)', () => {
    expect(['\u{1F600}', '\uFFFD', 'z'].sort(comparePosixPaths)).toEqual(['z', '\uFFFD', '\u{1F600}']);
  });

  it('lists resources in that order in a signed folder', async () => {
    const root = tree({ B: '1', 'a/b': '2', 'a/b.c': '3', 'a-b': '4', 'a.txt': '5', a0: '6' });
    const signed = await signModel(root, generateKeyPair('p256').privateKeyPem, { workers: 0 });
    expect(signed.manifest.resources.map((r) => r.name)).toEqual(['B', 'a/b', 'a/b.c', 'a-b', 'a.txt', 'a0']);
  });
});

describe('what the reference refuses, and what it accepts', () => {
  const pem = generateKeyPair('p256').privateKeyPem;

  it('refuses a symlink in the model, naming it', async () => {
    const root = tree({ 'model.bin': 'w' });
    symlinkSync('model.bin', join(root, 'alias.bin'));
    await expect(signModel(root, pem)).rejects.toMatchObject({ code: 'model', message: '"alias.bin" is a symlink; the reference refuses symlinks in a model (replace it with the file, or ignore it)' });
    // An ignored symlink is fine.
    expect((await signModel(root, pem, { ignorePaths: ['alias.bin'] })).manifest.resources.map((r) => r.name)).toEqual(['model.bin']);
  });

  it('refuses a model path that is itself a symlink', async () => {
    const root = tree({ 'real/model.bin': 'w' });
    symlinkSync(join(root, 'real'), join(root, 'link'));
    await expect(signModel(join(root, 'link'), pem)).rejects.toMatchObject({ code: 'model', message: expect.stringMatching(/is a symlink/) });
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO', async () => {
    const root = tree({ 'model.bin': 'w' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    await expect(signModel(root, pem)).rejects.toMatchObject({ code: 'model', message: expect.stringMatching(/^"pipe" is a FIFO \(named pipe\); the reference refuses special files/) });
  });

  it('signs empty files, unusual names and skips empty folders', async () => {
    const names = ['empty.bin', 'spa ce.txt', 'new\nline', 'colon:name', 'ünïcödé/日本.json', 'quote"\'s', 'back\\slash', '-dash', '#hash'];
    const root = tree(Object.fromEntries(names.map((name, i) => [name, i === 0 ? '' : name])));
    mkdirSync(join(root, 'empty-folder/nested'), { recursive: true });
    const keys = generateKeyPair('p256');
    const signed = await signModel(root, keys.privateKeyPem, { workers: 0 });
    const listed = signed.manifest.resources.map((r) => r.name);
    expect([...listed].sort()).toEqual([...names].sort());
    expect(signed.manifest.resources.find((r) => r.name === 'empty.bin')!.digest).toBe(sha256(''));
    expect((await verifyModel(root, keys.publicKeyPem, signed.bundle)).ok).toBe(true);
  });

  it('refuses a name with ":" under the shards method, whose resource names it would break', async () => {
    const root = tree({ 'ok.bin': 'w', 'a:b.bin': 'x' });
    await expect(signModel(root, pem, { method: 'shards', shardSize: 1024 })).rejects.toMatchObject({ code: 'model', message: '"a:b.bin" holds \':\', which the shards method cannot name; sign by files, or rename it' });
  });

  it('refuses a folder with no files to sign', async () => {
    const root = tree({ '.git/HEAD': 'ref' });
    mkdirSync(join(root, 'empty'));
    await expect(signModel(root, pem)).rejects.toMatchObject({ code: 'model', message: expect.stringMatching(/holds no regular files after leaving out \.git/) });
  });

  it.skipIf(process.platform !== 'linux')('refuses a file name that is not UTF-8 instead of signing a garbled name', async () => {
    const root = tree({ 'ok.bin': 'w' });
    writeFileSync(Buffer.from(join(root, 'x\xff.bin'), 'latin1'), 'w');
    await expect(signModel(root, pem)).rejects.toMatchObject({ code: 'model', message: expect.stringMatching(/is not valid UTF-8/) });
  });
});

describe('survives git', () => {
  const git = spawnSync('git', ['--version']).status === 0;
  it.skipIf(!git)('verifies after a commit and a fresh clone of the repository', async () => {
    const keys = generateKeyPair('p256');
    const root = tree({ ...MODEL, 'bin/weights.bin': Buffer.from([0, 1, 2, 255, 13, 10, 26]), 'crlf.txt': 'line\r\n' });
    rmSync(join(root, '.git'), { recursive: true });
    writeFileSync(join(root, '.gitattributes'), '*.bin binary\n');
    const signed = await signModel(root, keys.privateKeyPem, { signatureInModel: 'model.sig', workers: 0 });
    writeFileSync(join(root, 'model.sig'), signed.bundle);
    const run = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'pipe' });
    run(root, 'init', '-q');
    run(root, 'add', '-A');
    run(root, 'commit', '-q', '-m', 'model');
    const clone = mkdtempSync(join(tmpdir(), 'aigis-clone-'));
    dirs.push(clone);
    run(clone, 'clone', '-q', root, 'model');
    const cloned = join(clone, 'model');
    const bundle = readFileSync(join(cloned, 'model.sig'), 'utf8');
    expect(bundle).toBe(signed.bundle);
    expect(await verifyModel(cloned, keys.publicKeyPem, bundle, { signatureInModel: 'model.sig' })).toMatchObject({ ok: true });
    expect(verifySignedStatement(bundle, keys.publicKeyPem).manifest.rootDigest).toBe(signed.manifest.rootDigest);
  });
});
