/**
 * @module The Sigstore bundle v0.3 JSON around the DSSE envelope. Writing follows the 1.1.x reference layout
 * (`publicKey.hint`, empty `tlogEntries`, `keyid: ""`, compact JSON); reading takes that, the 1.0.x layout
 * (`publicKey.rawBytes` + `keyDetails`, `keyid: null`), and recognises keyless and certificate bundles, which
 * need trust roots this offline verifier does not hold.
 */
import { ModelSigningError } from './errors.js';
import { IN_TOTO_PAYLOAD_TYPE } from './dsse.js';

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** Refuse signature files larger than this: a statement names every file, but not gigabytes of them. */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export type BundleKind = 'key' | 'keyless' | 'certificate';

export interface ParsedBundle {
  readonly kind: BundleKind;
  /** Key mode, 1.1.x: the SHA-256 of the signer's SPKI PEM. */
  readonly hint?: string;
  /** Key mode, 1.0.x: the signer's public key PEM carried in the bundle (informative only, never trusted). */
  readonly embeddedPublicKeyPem?: string;
  readonly payloadType: string;
  readonly payload: Buffer;
  readonly signature: Buffer;
}

export function writeBundle(input: { payload: Uint8Array; signature: Uint8Array; hint: string }): string {
  return JSON.stringify({
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: input.hint }, tlogEntries: [] },
    dsseEnvelope: {
      payload: Buffer.from(input.payload).toString('base64'),
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: Buffer.from(input.signature).toString('base64'), keyid: '' }],
    },
  });
}

const bad = (message: string) => new ModelSigningError('bundle', `the signature is not a valid model signature bundle: ${message}`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strict standard base64 (padding optional, no whitespace), as protobuf JSON writes bytes; `-_` too. */
function decodeBase64(value: unknown, what: string): Buffer {
  if (typeof value !== 'string') throw bad(`${what} is not a base64 string`);
  const text = value.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) throw bad(`${what} is not valid base64`);
  return Buffer.from(text, 'base64');
}

/** Parses the bundle JSON text. Never throws anything but ModelSigningError. */
export function readBundle(text: string): ParsedBundle {
  if (text.length > MAX_BUNDLE_BYTES) throw bad(`it is larger than ${MAX_BUNDLE_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw bad(`it is not JSON (${(error as Error).message})`);
  }
  if (!isRecord(json)) throw bad('it is not a JSON object');
  if (json['mediaType'] !== BUNDLE_MEDIA_TYPE) {
    throw bad(`mediaType is ${JSON.stringify(json['mediaType'])}; expected ${BUNDLE_MEDIA_TYPE}`);
  }
  const material = json['verificationMaterial'];
  if (!isRecord(material)) throw bad('verificationMaterial is missing');
  const present = (['publicKey', 'certificate', 'x509CertificateChain'] as const).filter((key) => material[key] !== undefined && material[key] !== null);
  if (present.length !== 1) {
    throw bad(`verificationMaterial must hold exactly one of publicKey, certificate, x509CertificateChain (found ${present.join(', ') || 'none'})`);
  }
  const kind: BundleKind = present[0] === 'publicKey' ? 'key' : present[0] === 'certificate' ? 'keyless' : 'certificate';
  let hint: string | undefined;
  let embeddedPublicKeyPem: string | undefined;
  if (kind === 'key') {
    const publicKey = material['publicKey'];
    if (!isRecord(publicKey)) throw bad('verificationMaterial.publicKey is not an object');
    if (publicKey['hint'] !== undefined && publicKey['hint'] !== null && publicKey['hint'] !== '') {
      if (typeof publicKey['hint'] !== 'string') throw bad('verificationMaterial.publicKey.hint is not a string');
      hint = publicKey['hint'];
    }
    if (publicKey['rawBytes'] !== undefined) {
      embeddedPublicKeyPem = decodeBase64(publicKey['rawBytes'], 'verificationMaterial.publicKey.rawBytes').toString('utf8');
    }
  }
  const envelope = json['dsseEnvelope'];
  if (!isRecord(envelope)) {
    throw bad(json['messageSignature'] !== undefined ? 'it signs a single blob (messageSignature), not a model statement' : 'dsseEnvelope is missing');
  }
  if (typeof envelope['payloadType'] !== 'string') throw bad('dsseEnvelope.payloadType is missing');
  const payload = decodeBase64(envelope['payload'], 'dsseEnvelope.payload');
  const signatures = envelope['signatures'];
  if (!Array.isArray(signatures) || signatures.length === 0) throw bad('dsseEnvelope.signatures is empty');
  const first = signatures[0] as unknown;
  if (!isRecord(first)) throw bad('dsseEnvelope.signatures[0] is not an object');
  const signature = decodeBase64(first['sig'], 'dsseEnvelope.signatures[0].sig');
  if (signature.length === 0) throw bad('dsseEnvelope.signatures[0].sig is empty');
  return {
    kind,
    ...(hint === undefined ? {} : { hint }),
    ...(embeddedPublicKeyPem === undefined ? {} : { embeddedPublicKeyPem }),
    payloadType: envelope['payloadType'],
    payload,
    signature,
  };
}
