/**
 * The interop vectors made by the reference `model_signing` (../shared/vectors/model-signing): each untampered
 * key-mode vector verifies, each tampered one fails, and keyless bundles are refused as needing trust roots.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ModelSigningError } from './errors.js';
import { keyHint, loadPublicKey } from './keys.js';
import { verifyModel } from './model.js';

const VECTORS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/vectors/model-signing');
const present = existsSync(join(VECTORS, 'cases.json'));
if (!present) console.warn(`model-signing vectors skipped: ${VECTORS} is absent (the ../shared checkout holds them)`);

interface Case {
  id: string;
  mode: 'key' | 'sigstore';
  model: string;
  signature: string;
  public_key?: string;
  ignore_paths: string[];
  expect: 'verify' | 'fail' | 'verify-online';
}

const cases: Case[] = present ? (JSON.parse(readFileSync(join(VECTORS, 'cases.json'), 'utf8')) as { cases: Case[] }).cases : [];
const read = (path: string) => readFileSync(join(VECTORS, path), 'utf8');

/** The CLI takes ignore paths relative to the working directory (the vectors folder); the library takes model-relative ones. */
function modelRelative(model: string, paths: readonly string[]): string[] {
  return paths.map((p) => relative(join(VECTORS, model), join(VECTORS, p)).split('\\').join('/'));
}

describe.skipIf(!present)('reference vectors', () => {
  it('lists the cases it checks', () => {
    expect(cases.filter((c) => c.mode === 'key')).toHaveLength(6);
    expect(cases.filter((c) => c.mode === 'sigstore')).toHaveLength(3);
  });

  it('computes the v1.1.0 key hint from the re-exported SPKI PEM, not the file bytes', () => {
    const { key } = loadPublicKey(read('keys/signing-key-pub.pem'));
    expect(keyHint(key)).toBe('e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e');
  });

  for (const c of cases.filter((x) => x.mode === 'key' && x.expect === 'verify')) {
    it(`${c.id} verifies`, async () => {
      const result = await verifyModel(join(VECTORS, c.model), read(c.public_key!), read(c.signature), {
        ignorePaths: modelRelative(c.model, c.ignore_paths),
        ...(c.signature.startsWith(`${c.model}/`) ? { signatureInModel: relative(join(VECTORS, c.model), join(VECTORS, c.signature)) } : {}),
        workers: 0,
      });
      expect({ changed: result.changed, missing: result.missing, extra: result.extra }).toEqual({ changed: [], missing: [], extra: [] });
      expect(result.ok).toBe(true);
    });
  }

  it('v1.0.0-elliptic-key-tampered: the changed file is reported', async () => {
    const result = await verifyModel(join(VECTORS, 'v1.0.0-elliptic-key-tampered/signme-1'), read('keys/signing-key-pub.pem'), read('v1.0.0-elliptic-key-tampered/model.sig'));
    expect(result.ok).toBe(false);
    expect(result.changed).toEqual(['.']);
  });

  it('v1.0.1-elliptic-key-tampered: the rewritten statement fails the ECDSA check', async () => {
    await expect(
      verifyModel(join(VECTORS, 'v1.0.1-elliptic-key-tampered'), read('keys/signing-key-pub.pem'), read('v1.0.1-elliptic-key-tampered/model.sig'), {
        ignorePaths: ['ignore-me'],
        signatureInModel: 'model.sig',
      }),
    ).rejects.toMatchObject({ code: 'signature', message: expect.stringMatching(/does not verify/) });
  });

  it('v1.1.0-elliptic-key-tampered: the renamed file is missing and its new name extra', async () => {
    const result = await verifyModel(join(VECTORS, 'v1.1.0-elliptic-key-tampered'), read('keys/signing-key-pub.pem'), read('v1.1.0-elliptic-key-tampered/model.sig'), {
      signatureInModel: 'model.sig',
    });
    expect(result).toMatchObject({ ok: false, changed: [], missing: ['signme-2'], extra: ['signme-3'] });
  });

  it('v1.0.1 without the caller ignoring ignore-me fails: 1.0.x did not record ignore paths', async () => {
    const result = await verifyModel(join(VECTORS, 'v1.0.1-elliptic-key'), read('keys/signing-key-pub.pem'), read('v1.0.1-elliptic-key/model.sig'), {
      signatureInModel: 'model.sig',
    });
    expect(result).toMatchObject({ ok: false, extra: ['ignore-me'] });
    expect(result.warnings.join(' ')).toMatch(/without a key hint/);
  });

  for (const c of cases.filter((x) => x.mode === 'key' && x.expect === 'fail')) {
    it(`${c.id} fails (exactly as cases.json runs it)`, async () => {
      const outcome = await verifyModel(join(VECTORS, c.model), read(c.public_key!), read(c.signature), {
        ignorePaths: modelRelative(c.model, c.ignore_paths),
        ...(c.signature.startsWith(`${c.model}/`) ? { signatureInModel: 'model.sig' } : {}),
      }).then(
        (result) => result.ok,
        (error: unknown) => (error instanceof ModelSigningError ? false : error),
      );
      expect(outcome).toBe(false);
    });
  }

  for (const c of cases.filter((x) => x.mode === 'sigstore')) {
    it(`${c.id} is recognised as keyless and refused, naming the identity`, async () => {
      await expect(verifyModel(join(VECTORS, c.model), read('keys/signing-key-pub.pem'), read(c.signature))).rejects.toMatchObject({
        code: 'needs-trust-root',
        message: expect.stringMatching(/keyless \(Sigstore\) signature by stefanb@us\.ibm\.com/),
      });
    });
  }
});
