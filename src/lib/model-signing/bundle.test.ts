import { sign as ecSign } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from './bundle.js';
import { pae, paeCompat, pythonBytesRepr } from './dsse.js';
import { ModelSigningError } from './errors.js';
import { generateKeyPair, keyHint, loadPrivateKey, loadPublicKey, pemBlock } from './keys.js';
import { summarizeSignature, verifySignedStatement } from './model.js';
import { buildStatement, parseStatement, rootDigestOf, statementBytes } from './statement.js';

const keys = generateKeyPair('p256');
const privateKey = createPrivateKey(keys.privateKeyPem);
const hint = keyHint(privateKey);

const RESOURCES = [
  { name: 'config.json', algorithm: 'sha256', digest: 'aa'.repeat(32) },
  { name: 'model.safetensors', algorithm: 'sha256', digest: 'bb'.repeat(32) },
];

function statement(): Record<string, any> {
  return buildStatement('tiny-llama', { method: 'files', hashType: 'sha256', allowSymlinks: false, ignorePaths: ['.git', 'model.sig'] }, RESOURCES);
}

/** A bundle whose signature really covers `payload`: every check after the ECDSA one is reached. */
function signed(payload: Buffer | Record<string, unknown>, options: { payloadType?: string; compat?: boolean } = {}): string {
  const bytes = Buffer.isBuffer(payload) ? payload : statementBytes(payload);
  const signature = ecSign('sha256', options.compat ? paeCompat(bytes) : pae(bytes), privateKey);
  const bundle = JSON.parse(writeBundle({ payload: bytes, signature, hint })) as { dsseEnvelope: { payloadType: string } };
  if (options.payloadType) bundle.dsseEnvelope.payloadType = options.payloadType;
  return JSON.stringify(bundle);
}

function errorOf(run: () => unknown): ModelSigningError {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelSigningError) return error;
    throw error;
  }
  throw new Error('expected a ModelSigningError');
}

describe('reading a bundle', () => {
  it('reads back what it wrote', () => {
    const text = signed(statement());
    const bundle = readBundle(text);
    expect(bundle).toMatchObject({ kind: 'key', hint, payloadType: 'application/vnd.in-toto+json' });
    expect(verifySignedStatement(text, keys.publicKeyPem).manifest).toMatchObject({ modelName: 'tiny-llama', resources: RESOURCES });
  });

  it('gives clear errors for tampered bundles', () => {
    const good = JSON.parse(signed(statement())) as Record<string, any>;
    const variant = (change: (b: Record<string, any>) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return JSON.stringify(copy);
    };
    const cases: [string, string, RegExp][] = [
      ['truncated JSON', signed(statement()).slice(0, 120), /it is not JSON/],
      ['bad base64 payload', variant((b) => (b.dsseEnvelope.payload = 'not base64!')), /dsseEnvelope\.payload is not valid base64/],
      ['bad base64 signature', variant((b) => (b.dsseEnvelope.signatures[0].sig = '@@@')), /signatures\[0\]\.sig is not valid base64/],
      ['no signatures', variant((b) => (b.dsseEnvelope.signatures = [])), /signatures is empty/],
      ['wrong media type', variant((b) => (b.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1')), /mediaType is .* expected application\/vnd\.dev\.sigstore\.bundle\.v0\.3\+json/],
      ['two kinds of material', variant((b) => (b.verificationMaterial.certificate = { rawBytes: 'AA==' })), /exactly one of publicKey, certificate/],
      ['a JSON array', '[1,2]', /not a JSON object/],
      ['a message signature', variant((b) => { delete b.dsseEnvelope; b.messageSignature = {}; }), /signs a single blob/],
    ];
    for (const [what, text, message] of cases) {
      const error = errorOf(() => verifySignedStatement(text, keys.publicKeyPem));
      expect([what, error.code, error.message]).toEqual([what, 'bundle', expect.stringMatching(message)]);
    }
  });

  it('checks the statement after the signature: payload type, subjects, root digest', () => {
    const two = statement();
    two.subject.push({ name: 'other', digest: { sha256: 'cc'.repeat(32) } });
    const wrongRoot = statement();
    wrongRoot.subject[0].digest.sha256 = 'dd'.repeat(32);
    const wrongType = statement();
    wrongType._type = 'https://in-toto.io/Statement/v0.1';
    const wrongPredicate = statement();
    wrongPredicate.predicateType = 'https://slsa.dev/provenance/v1';
    const escaping = buildStatement('m', { method: 'files', hashType: 'sha256', allowSymlinks: false }, [{ name: '../etc/passwd', algorithm: 'sha256', digest: 'aa'.repeat(32) }]);
    const blake = statement();
    blake.predicate.serialization.hash_type = 'blake3';
    const cases: [string, string, RegExp][] = [
      ['payloadType', signed(statement(), { payloadType: 'text/plain' }), /payloadType is "text\/plain"; expected application\/vnd\.in-toto\+json/],
      ['two subjects', signed(two), /must have exactly one subject, not 2/],
      ['root digest', signed(wrongRoot), /is inconsistent: its root digest is d{64}, but its resources hash to/],
      ['_type', signed(wrongType), /has _type/],
      ['predicateType', signed(wrongPredicate), /has predicateType "https:\/\/slsa\.dev\/provenance\/v1"/],
      ['path escape', signed(escaping), /names a resource outside the model: "\.\.\/etc\/passwd"/],
      ['hash type', signed(blake), /hash_type "blake3"; aigis verifies sha256 signatures only/],
      ['not JSON', signed(Buffer.from('{"_type": ')), /is not UTF-8 JSON/],
    ];
    for (const [what, text, message] of cases) {
      const error = errorOf(() => verifySignedStatement(text, keys.publicKeyPem));
      expect([what, error.code, error.message]).toEqual([what, 'bundle', expect.stringMatching(message)]);
    }
  });

  it('rejects a statement changed after signing, even when it stays self-consistent', () => {
    const original = statementBytes(statement());
    const text = JSON.parse(signed(original)) as Record<string, any>;
    const forged = statement();
    forged.predicate.resources[1].digest = 'ee'.repeat(32);
    forged.subject[0].digest.sha256 = rootDigestOf(forged.predicate.resources);
    text.dsseEnvelope.payload = statementBytes(forged).toString('base64');
    expect(errorOf(() => verifySignedStatement(JSON.stringify(text), keys.publicKeyPem))).toMatchObject({ code: 'signature', message: expect.stringMatching(/does not verify/) });
  });

  it('accepts the v0.2 compat form: capitalised PAE over the repr of the bytes, one subject per file', () => {
    const compat = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: RESOURCES.map((r) => ({ name: r.name, digest: { sha256: r.digest }, annotations: { actual_hash_algorithm: 'file-sha256' } })),
      predicateType: 'https://model_signing/Digests/v0.1',
      predicate: { unused: "it's \"here\"\n" },
    };
    const manifest = verifySignedStatement(signed(compat, { compat: true }), keys.publicKeyPem).manifest;
    expect(manifest.predicateType).toBe('https://model_signing/Digests/v0.1');
    expect(manifest.rootDigest).toBeUndefined();
    expect(manifest.resources).toEqual(RESOURCES);
  });

  it('reads the 1.0.x layout: rawBytes + keyDetails, no hint, keyid null', () => {
    const text = JSON.parse(signed(statement())) as Record<string, any>;
    text.verificationMaterial = { publicKey: { rawBytes: Buffer.from(keys.publicKeyPem).toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256' } };
    text.dsseEnvelope.signatures[0].keyid = null;
    const result = verifySignedStatement(JSON.stringify(text), keys.publicKeyPem);
    expect(result.warnings).toEqual([expect.stringMatching(/older 1\.0\.x layout without a key hint/)]);
    expect(readBundle(JSON.stringify(text)).embeddedPublicKeyPem).toBe(keys.publicKeyPem);
  });

  it('summarizes without trusting', () => {
    expect(summarizeSignature(signed(statement()))).toEqual({ kind: 'key', modelName: 'tiny-llama', singleFile: false });
    const single = buildStatement('m.gguf', { method: 'files', hashType: 'sha256', allowSymlinks: false }, [{ name: '.', algorithm: 'sha256', digest: 'aa'.repeat(32) }]);
    expect(summarizeSignature(signed(single))).toEqual({ kind: 'key', modelName: 'm.gguf', singleFile: true });
  });
});

describe('the bundle reader on hostile input (property)', () => {
  const good = signed(statement());
  const check = (text: string) => {
    try {
      verifySignedStatement(text, keys.publicKeyPem);
    } catch (error) {
      if (!(error instanceof ModelSigningError)) throw error;
    }
    try {
      summarizeSignature(text);
    } catch (error) {
      if (!(error instanceof ModelSigningError)) throw error;
    }
  };

  it('never throws anything but ModelSigningError on arbitrary or mutated bundles', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.tuple(fc.nat(good.length), fc.nat(good.length), fc.string({ maxLength: 8 })).map(([a, b, s]) => good.slice(0, Math.min(a, b)) + s + good.slice(Math.max(a, b)))), (text) => {
        const started = Date.now();
        check(text);
        expect(Date.now() - started).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but ModelSigningError on mutated JSON values and statements', () => {
    const base = JSON.parse(good) as Record<string, any>;
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('mediaType', 'verificationMaterial', 'dsseEnvelope', 'payloadType', 'signatures', 'payload', 'statement'), (value, key) => {
        const copy = structuredClone(base);
        if (key === 'payloadType' || key === 'signatures') copy.dsseEnvelope[key] = value;
        else if (key === 'payload') copy.dsseEnvelope.payload = Buffer.from(JSON.stringify(value) ?? '').toString('base64');
        else if (key === 'statement') {
          // A signed statement with a random predicate: parsing must still only throw ModelSigningError.
          const s = statement();
          s.predicate = value;
          try {
            parseStatement(statementBytes(s));
          } catch (error) {
            if (!(error instanceof ModelSigningError)) throw error;
          }
          return;
        } else copy[key] = value;
        check(JSON.stringify(copy));
      }),
      { numRuns: 300 },
    );
  });
});

describe('DSSE encodings', () => {
  it('builds the DSSE v1 PAE with byte lengths', () => {
    expect(pae(Buffer.from('{"a":"é"}')).toString('utf8')).toBe('DSSEv1 28 application/vnd.in-toto+json 10 {"a":"é"}');
  });

  it('renders bytes as Python repr does for the v0.2 compat PAE', () => {
    expect(pythonBytesRepr(Buffer.from('{\n  "a": 1\n}'))).toBe("b'{\\n  \"a\": 1\\n}'");
    expect(pythonBytesRepr(Buffer.from("it's"))).toBe('b"it\'s"');
    expect(pythonBytesRepr(Buffer.from('it\'s "x"'))).toBe("b'it\\'s \"x\"'");
    expect(pythonBytesRepr(Buffer.from([0x00, 0x09, 0x0d, 0x5c, 0x7f, 0xc3, 0xa9]))).toBe("b'\\x00\\t\\r\\\\\\x7f\\xc3\\xa9'");
    expect(paeCompat(Buffer.from('{}')).toString()).toBe("DSSEV1 28 application/vnd.in-toto+json 2 b'{}'");
  });
});

describe('keys', () => {
  it('skips text before -----BEGIN, as in certtool dumps', () => {
    const dump = `Public Key Information:\n\tPublic Key Algorithm: EC/ECDSA\n\nPublic Key ID:\n\t\tsha256:0123\n\n${keys.publicKeyPem}`;
    expect(pemBlock(dump, ['PUBLIC KEY'])).toBe(keys.publicKeyPem.trimEnd());
    expect(loadPublicKey(dump).curve).toBe('p256');
  });

  it('reads SEC1 private keys and refuses the wrong kind of key with a clear message', () => {
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    expect(loadPrivateKey(sec1).curve).toBe('p256');
    expect(() => loadPublicKey(keys.privateKeyPem)).toThrow(/holds a private key; give the public key/);
    expect(() => loadPrivateKey(keys.publicKeyPem)).toThrow(/holds a public key; signing needs the private key/);
    expect(() => loadPublicKey('hello')).toThrow(/not a PEM public key/);
  });

  it('refuses keys the reference refuses: RSA, Ed25519, secp256k1', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(() => loadPublicKey(rsa)).toThrow(/is a rsa key; model signing takes EC keys/);
    expect(() => loadPublicKey(ed)).toThrow(/is a ed25519 key/);
    expect(() => loadPublicKey(k1)).toThrow(/is on curve secp256k1; model signing takes P-256, P-384 or P-521/);
  });
});
