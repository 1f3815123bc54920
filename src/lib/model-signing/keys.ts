/**
 * @module EC keys for model signing: PEM reading (text before `-----BEGIN` is skipped, as OpenSSL does), the
 * curves the reference accepts (P-256, P-384, P-521), the hash each curve signs with, and the key hint.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ModelSigningError } from './errors.js';

export const CURVES = ['p256', 'p384', 'p521'] as const;
export type Curve = (typeof CURVES)[number];

const NAMED_CURVE: Record<Curve, string> = { p256: 'prime256v1', p384: 'secp384r1', p521: 'secp521r1' };
const HASH: Record<Curve, string> = { p256: 'sha256', p384: 'sha384', p521: 'sha512' };
const KEY_DETAILS: Record<Curve, string> = { p256: 'PKIX_ECDSA_P256_SHA_256', p384: 'PKIX_ECDSA_P384_SHA_384', p521: 'PKIX_ECDSA_P521_SHA_512' };

/** Node reports P-256 as `prime256v1`; some builds say `P-256`. */
function curveOfNamed(name: string | undefined): Curve | undefined {
  switch (name) {
    case 'prime256v1':
    case 'P-256':
    case 'secp256r1':
      return 'p256';
    case 'secp384r1':
    case 'P-384':
      return 'p384';
    case 'secp521r1':
    case 'P-521':
      return 'p521';
    default:
      return undefined;
  }
}

export interface EcKey {
  readonly key: KeyObject;
  readonly curve: Curve;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/;

/**
 * The first PEM block of `text` whose label is one of `labels`, from its `-----BEGIN` line on. Key files made by
 * GnuTLS `certtool` open with a text dump of the key, which a PEM reader must skip.
 */
export function pemBlock(text: string, labels: readonly string[]): string | undefined {
  let rest = text;
  for (;;) {
    const match = PEM_BLOCK.exec(rest);
    if (!match) return undefined;
    if (labels.includes(match[1]!)) return match[0];
    rest = rest.slice(match.index + match[0].length);
  }
}

function checkCurve(key: KeyObject, what: string): Curve {
  if (key.asymmetricKeyType !== 'ec') {
    throw new ModelSigningError('key', `${what} is a ${key.asymmetricKeyType ?? 'non-EC'} key; model signing takes EC keys on P-256, P-384 or P-521`);
  }
  const curve = curveOfNamed(key.asymmetricKeyDetails?.namedCurve);
  if (!curve) {
    throw new ModelSigningError('key', `${what} is on curve ${key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}; model signing takes P-256, P-384 or P-521`);
  }
  return curve;
}

/** Reads an EC public key from PEM (a certificate's key is not accepted: this is key mode). */
export function loadPublicKey(pem: string, what = 'the public key'): EcKey {
  const block = pemBlock(pem, ['PUBLIC KEY', 'EC PUBLIC KEY']);
  if (!block) {
    if (pemBlock(pem, ['PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'])) {
      throw new ModelSigningError('key', `${what} holds a private key; give the public key (aigis keygen writes both)`);
    }
    throw new ModelSigningError('key', `${what} is not a PEM public key (no "-----BEGIN PUBLIC KEY-----" block)`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: block, format: 'pem' });
  } catch (error) {
    throw new ModelSigningError('key', `${what} cannot be read: ${(error as Error).message}`);
  }
  return { key, curve: checkCurve(key, what) };
}

/** Reads an unencrypted EC private key from PEM (PKCS#8 or SEC1). */
export function loadPrivateKey(pem: string, what = 'the private key'): EcKey {
  const block = pemBlock(pem, ['PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
  if (!block) {
    if (pemBlock(pem, ['PUBLIC KEY'])) throw new ModelSigningError('key', `${what} holds a public key; signing needs the private key`);
    throw new ModelSigningError('key', `${what} is not a PEM private key (no "-----BEGIN PRIVATE KEY-----" block)`);
  }
  if (block.startsWith('-----BEGIN ENCRYPTED')) {
    throw new ModelSigningError('key', `${what} is encrypted; aigis signs with unencrypted keys only (decrypt it with openssl pkcs8)`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: block, format: 'pem' });
  } catch (error) {
    throw new ModelSigningError('key', `${what} cannot be read: ${(error as Error).message}`);
  }
  return { key, curve: checkCurve(key, what) };
}

/** The hash ECDSA uses with this curve, as the reference and Sigstore pair them. */
export function hashForCurve(curve: Curve): string {
  return HASH[curve];
}

/** Sigstore's `keyDetails` name for the curve (the 1.0.x bundle layout). */
export function keyDetailsFor(curve: Curve): string {
  return KEY_DETAILS[curve];
}

/** The SubjectPublicKeyInfo PEM as the reference re-exports it (64-column base64, final newline). */
export function spkiPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }) as string;
}

/**
 * The key hint of a 1.1.x bundle: the hex SHA-256 of the re-exported SPKI PEM, not of the key file's bytes
 * (the file may hold other text, or the key in another encoding).
 */
export function keyHint(key: KeyObject): string {
  return createHash('sha256').update(spkiPem(key)).digest('hex');
}

export interface GeneratedKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly hint: string;
}

export function generateKeyPair(curve: Curve): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: NAMED_CURVE[curve] });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyPem: spkiPem(publicKey),
    hint: keyHint(publicKey),
  };
}
