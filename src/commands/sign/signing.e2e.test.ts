/** `aigis keygen`, `aigis sign` and `aigis verify` as users run them: a separate process (dist/cli.js), real files, exit codes. */
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function folder(spec: TreeSpec): string {
  const root = makeTree(spec, 'aigis-sign-e2e-');
  roots.push(root);
  return root;
}

const MODEL: TreeSpec = {
  'bert/model.safetensors': Buffer.alloc(2048, 3),
  'bert/config.json': '{"architectures":["BertModel"]}\n',
  'bert/vocab.txt': '[PAD]\n[UNK]\n[CLS]\n',
  'bert/training_log.txt': 'step 100 loss 0.3\n',
};

function keysIn(root: string, curve = 'p256') {
  const result = runCli(['keygen', '--out', 'keys', '--curve', curve], { cwd: root });
  expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^aigis: wrote keys\/private\.pem \(keep it secret\) and keys\/public\.pem/) });
  return { privateKey: join(root, 'keys/private.pem'), publicKey: join(root, 'keys/public.pem') };
}

describe('aigis keygen', () => {
  it('writes a private key readable by its owner only, and a public key', () => {
    const root = folder({});
    keysIn(root, 'p521');
    expect(statSync(join(root, 'keys/private.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'keys/private.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readFileSync(join(root, 'keys/public.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('refuses to overwrite without --force (exit 2), and replaces with it', () => {
    const root = folder({});
    keysIn(root);
    const before = readFileSync(join(root, 'keys/private.pem'), 'utf8');
    expect(runCli(['keygen', '--out', 'keys'], { cwd: root })).toMatchObject({
      code: 2,
      stderr: 'aigis: keys/private.pem and keys/public.pem already exist; use --force to replace, or choose another --out\n',
    });
    expect(readFileSync(join(root, 'keys/private.pem'), 'utf8')).toBe(before);
    expect(runCli(['keygen', '--out', 'keys', '--force'], { cwd: root }).code).toBe(0);
    expect(readFileSync(join(root, 'keys/private.pem'), 'utf8')).not.toBe(before);
  });

  it('prints nothing with --quiet, and still writes both keys', () => {
    const root = folder({});
    expect(runCli(['keygen', '--out', 'keys', '--quiet'], { cwd: root })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(root, 'keys/public.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('rejects an unknown curve as a usage error', () => {
    expect(runCli(['keygen', '--out', 'k', '--curve', 'ed25519'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/Allowed choices are p256, p384, p521/) });
  });
});

describe('aigis sign and verify', () => {
  it('signs a folder into model.sig and verifies it (exit 0)', () => {
    const root = folder(MODEL);
    const { privateKey, publicKey } = keysIn(root, 'p384');
    const sign = runCli(['sign', 'bert', '--key', privateKey], { cwd: root });
    expect(sign).toMatchObject({ code: 0, stderr: '', stdout: expect.stringMatching(/^aigis: signed 4 files \(2,\d+ bytes\) of bert in [0-9.]+ s; signature written to bert\/model\.sig \(root digest [0-9a-f]{64}\)\n$/) });
    expect(runCli(['verify', 'bert', '--key', publicKey], { cwd: root })).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^aigis: verified bert: 4 files match the signature bert\/model\.sig/),
    });
  });

  it('names changed, missing and extra files and exits 1', () => {
    const root = folder(MODEL);
    const { privateKey, publicKey } = keysIn(root);
    expect(runCli(['sign', 'bert', '--key', privateKey, '--ignore', 'bert/training_log.txt'], { cwd: root }).code).toBe(0);
    writeFileSync(join(root, 'bert/model.safetensors'), Buffer.alloc(2048, 4));
    removeTree(join(root, 'bert/vocab.txt'));
    writeFileSync(join(root, 'bert/extra.pkl'), Buffer.from([0x80, 0x04, 0x4e, 0x2e]));
    writeFileSync(join(root, 'bert/training_log.txt'), 'step 200 loss 0.2\n');
    const verify = runCli(['verify', 'bert', '--key', publicKey], { cwd: root });
    expect(verify).toMatchObject({ code: 1, stdout: '' });
    expect(verify.stderr).toBe(
      'aigis: NOT verified: bert: the signature is valid, but the model does not match it: 1 changed, 1 missing, 1 unsigned (extra)\n' +
        '  changed: model.safetensors\n  missing: vocab.txt\n  extra: extra.pkl\n',
    );
  });

  it('takes --ignore relative to the model too, and a signature outside the model', () => {
    const root = folder(MODEL);
    const { privateKey, publicKey } = keysIn(root);
    expect(runCli(['sign', 'bert', '--key', privateKey, '--signature', 'bert.sig', '--ignore', 'training_log.txt'], { cwd: root }).code).toBe(0);
    expect(existsSync(join(root, 'bert/model.sig'))).toBe(false);
    writeFileSync(join(root, 'bert/training_log.txt'), 'changed\n');
    expect(runCli(['verify', 'bert', '--key', publicKey, '--signature', 'bert.sig'], { cwd: root }).code).toBe(0);
  });

  it('fails (exit 1) with another key', () => {
    const root = folder(MODEL);
    const { privateKey } = keysIn(root);
    runCli(['keygen', '--out', 'other'], { cwd: root });
    expect(runCli(['sign', 'bert', '--key', privateKey], { cwd: root }).code).toBe(0);
    expect(runCli(['verify', 'bert', '--key', 'other/public.pem'], { cwd: root })).toMatchObject({ code: 1, stderr: expect.stringMatching(/^aigis: NOT verified: bert: key mismatch/) });
  });

  it('exits 2 for unreadable inputs', () => {
    const root = folder(MODEL);
    const { privateKey } = keysIn(root);
    runCli(['keygen', '--out', 'other'], { cwd: root });
    expect(runCli(['sign', 'bert', '--key', privateKey], { cwd: root }).code).toBe(0);
    expect(runCli(['verify', 'bert', '--key', 'nope.pem'], { cwd: root })).toMatchObject({ code: 2, stderr: 'aigis: cannot read the public key nope.pem: ENOENT\n' });
    expect(runCli(['verify', 'bert', '--key', privateKey], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringMatching(/holds a private key; give the public key/) });
    expect(runCli(['verify', 'bert', '--key', 'other/public.pem', '--signature', 'missing.sig'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read the signature .*missing\.sig: ENOENT/) });
    expect(runCli(['verify', 'nowhere', '--key', 'other/public.pem'], { cwd: root })).toMatchObject({ code: 2, stderr: 'aigis: cannot read the model nowhere: ENOENT\n' });
    expect(runCli(['sign', 'bert'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringMatching(/required option '-k, --key <file>' not specified/) });
  });

  it('exits 1 for a truncated signature file, never crashing', () => {
    const root = folder(MODEL);
    const { privateKey, publicKey } = keysIn(root);
    runCli(['sign', 'bert', '--key', privateKey], { cwd: root });
    const text = readFileSync(join(root, 'bert/model.sig'), 'utf8');
    writeFileSync(join(root, 'bert/model.sig'), text.slice(0, text.length / 2));
    expect(runCli(['verify', 'bert', '--key', publicKey], { cwd: root })).toMatchObject({ code: 1, stderr: expect.stringMatching(/^aigis: NOT verified: bert: the signature is not a valid model signature bundle: it is not JSON/) });
  });

  it('refuses to sign a model holding a symlink (exit 2), as the reference does', () => {
    const root = folder(MODEL);
    const { privateKey } = keysIn(root);
    symlinkSync('config.json', join(root, 'bert/config-link.json'));
    expect(runCli(['sign', 'bert', '--key', privateKey], { cwd: root })).toMatchObject({
      code: 2,
      stderr: 'aigis: "config-link.json" is a symlink; the reference refuses symlinks in a model (replace it with the file, or ignore it)\n',
    });
    expect(existsSync(join(root, 'bert/model.sig'))).toBe(false);
  });
});

const VECTORS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/vectors/model-signing');
describe.skipIf(!existsSync(join(VECTORS, 'cases.json')))('the reference vectors through the CLI (commands as in their README)', () => {
  const verify = (...args: string[]) => runCli(['verify', ...args, '--key', 'keys/signing-key-pub.pem'], { cwd: VECTORS });
  it('verifies v1.0.0 (file), v1.0.1 (with --ignore) and v1.1.0', () => {
    expect(verify('v1.0.0-elliptic-key/signme-1', '--signature', 'v1.0.0-elliptic-key/model.sig')).toMatchObject({ code: 0 });
    expect(verify('v1.0.1-elliptic-key', '--ignore', 'v1.0.1-elliptic-key/ignore-me')).toMatchObject({ code: 0, stderr: expect.stringMatching(/older 1\.0\.x layout/) });
    expect(verify('v1.1.0-elliptic-key')).toMatchObject({ code: 0, stderr: '' });
  });

  it('fails every tampered vector with exit 1', () => {
    expect(verify('v1.0.0-elliptic-key-tampered/signme-1', '--signature', 'v1.0.0-elliptic-key-tampered/model.sig')).toMatchObject({ code: 1, stderr: expect.stringMatching(/changed: \./) });
    expect(verify('v1.0.1-elliptic-key-tampered', '--ignore', 'v1.0.1-elliptic-key-tampered/ignore-me')).toMatchObject({ code: 1, stderr: expect.stringMatching(/does not verify/) });
    expect(verify('v1.1.0-elliptic-key-tampered')).toMatchObject({ code: 1, stderr: expect.stringMatching(/missing: signme-2\n {2}extra: signme-3/) });
  });

  it('reports a keyless bundle as needing online trust roots (exit 2, never "verified")', () => {
    const result = verify('sigstore/v1.0.1-sigstore', '--ignore', 'sigstore/v1.0.1-sigstore/ignore-me');
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^aigis: NOT verified: this is a keyless \(Sigstore\) signature by stefanb@us\.ibm\.com/) });
  });
});
