/**
 * @module Signing and verifying a model folder or file in the OpenSSF model-signing format, key mode.
 * Signing writes what the reference `model_signing` 1.x verifier accepts; verifying accepts what the
 * reference 1.0-1.1 signers wrote (and the 0.2 compatibility form), for P-256, P-384 and P-521 keys.
 */
import { X509Certificate, sign as ecSign, verify as ecVerify } from 'node:crypto';
import { IN_TOTO_PAYLOAD_TYPE, pae, paeCompat } from './dsse.js';
import { ModelSigningError } from './errors.js';
import { hashAll, type HashTask } from './hash.js';
import { hashForCurve, keyHint, loadPrivateKey, loadPublicKey } from './keys.js';
import { compareCodePoints, compareShards, normalizePosix, parseShardName } from './paths.js';
import { BUNDLE_MEDIA_TYPE, readBundle, writeBundle, type ParsedBundle } from './bundle.js';
import {
  buildStatement,
  DEFAULT_IGNORES,
  parseStatement,
  resourceAlgorithm,
  statementBytes,
  type Manifest,
  type Resource,
  type Serialization,
} from './statement.js';
import { walkModel, type ModelFile, type ModelTree } from './walk.js';

export interface HashingOptions {
  /** Extra model-relative POSIX paths to leave out (files or folders). */
  readonly ignorePaths?: readonly string[];
  /** The signature file's path relative to the model root, when it lies inside the model: always left out. */
  readonly signatureInModel?: string;
  /** Hashing threads (default: the number of cores; 0 = the calling thread). */
  readonly workers?: number;
  /** Bytes hashed so far, of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SignOptions extends HashingOptions {
  /** Default `files` (one resource per file); `shards` splits files into `shardSize`-byte ranges. */
  readonly method?: 'files' | 'shards';
  readonly shardSize?: number;
}

export interface SignResult {
  /** The bundle JSON to write to the signature file. */
  readonly bundle: string;
  readonly manifest: Manifest;
  readonly bytesHashed: number;
}

export const DEFAULT_SHARD_SIZE = 1_000_000_000;

function ignoresFor(options: HashingOptions, recorded: readonly string[] = []): string[] {
  const list = [...DEFAULT_IGNORES, ...recorded, ...(options.ignorePaths ?? [])].map(normalizePosix);
  if (options.signatureInModel !== undefined) list.push(normalizePosix(options.signatureInModel));
  return [...new Set(list)];
}

/** The hashing tasks of a tree: one per file, or one per shard (empty files have no shard, as in the reference). */
function tasksOf(tree: ModelTree, serialization: Serialization): { task: HashTask; name: string }[] {
  const noFollow = !serialization.allowSymlinks;
  if (serialization.method === 'files') {
    return tree.files.map((file) => ({ name: file.name, task: { name: file.name, absolutePath: file.absolutePath, start: 0, size: file.size, noFollow } }));
  }
  const shards: { task: HashTask; name: string; path: string; start: number; end: number }[] = [];
  for (const file of tree.files) {
    for (let start = 0; start < file.size; start += serialization.shardSize) {
      const end = Math.min(file.size, start + serialization.shardSize);
      const name = `${file.name}:${start}:${end}`;
      shards.push({ name, path: file.name, start, end, task: { name, absolutePath: file.absolutePath, start, end, size: end - start, noFollow } });
    }
  }
  return shards.sort(compareShards);
}

async function hashTasks(list: readonly { task: HashTask; name: string }[], algorithm: string, options: HashingOptions): Promise<Resource[]> {
  const total = list.reduce((sum, item) => sum + item.task.size, 0);
  const digests = await hashAll(
    list.map((item) => item.task),
    {
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.onProgress ? { onProgress: (done: number) => options.onProgress!(done, total) } : {}),
    },
  );
  return list.map((item, index) => ({ name: item.name, algorithm, digest: digests[index]! }));
}

/** Hashes and signs a model. The private key PEM may be PKCS#8 or SEC1, unencrypted. */
export async function signModel(modelPath: string, privateKeyPem: string, options: SignOptions = {}): Promise<SignResult> {
  const { key, curve } = loadPrivateKey(privateKeyPem);
  const ignorePaths = ignoresFor(options);
  const tree = walkModel(modelPath, { ignorePaths, allowSymlinks: false });
  if (tree.files.length === 0) {
    throw new ModelSigningError('model', `the model ${modelPath} holds no regular files after leaving out ${ignorePaths.join(', ')}; there is nothing to sign`);
  }
  if (options.method === 'shards') {
    const colon = tree.files.find((file) => file.name.includes(':'));
    // A shard is named path:start:end; the reference verifier cannot read back a path holding ':'.
    if (colon) throw new ModelSigningError('model', `${JSON.stringify(colon.name)} holds ':', which the shards method cannot name; sign by files, or rename it`);
  }
  const shardSize = options.shardSize ?? DEFAULT_SHARD_SIZE;
  if (!Number.isSafeInteger(shardSize) || shardSize <= 0) throw new ModelSigningError('model', `the shard size must be a positive whole number, not ${shardSize}`);
  const serialization: Serialization =
    options.method === 'shards'
      ? { method: 'shards', hashType: 'sha256', shardSize, allowSymlinks: false, ignorePaths }
      : { method: 'files', hashType: 'sha256', allowSymlinks: false, ignorePaths };
  const resources = await hashTasks(tasksOf(tree, serialization), resourceAlgorithm(serialization), options);
  const statement = buildStatement(tree.modelName, serialization, resources);
  const payload = statementBytes(statement);
  const signature = ecSign(hashForCurve(curve), pae(payload), key);
  const manifest = parseStatement(payload);
  return {
    bundle: writeBundle({ payload, signature, hint: keyHint(key) }),
    manifest,
    bytesHashed: tree.files.reduce((sum, file: ModelFile) => sum + file.size, 0),
  };
}

export interface VerifyResult {
  /** Every signed file matches and no unsigned file is present. */
  readonly ok: boolean;
  readonly manifest: Manifest;
  /** Files (paths) whose content differs from the signed digest. */
  readonly changed: readonly string[];
  /** Signed files that are not there. */
  readonly missing: readonly string[];
  /** Files that are there but not signed (and not ignored). */
  readonly extra: readonly string[];
  /** Remarks, e.g. an old bundle layout without a key hint. */
  readonly warnings: readonly string[];
}

/** The e-mail or URI a keyless bundle's leaf certificate names, for a helpful message; undefined if unreadable. */
function keylessIdentity(bundleText: string): string | undefined {
  try {
    const json = JSON.parse(bundleText) as { verificationMaterial?: { certificate?: { rawBytes?: string } } };
    const raw = json.verificationMaterial?.certificate?.rawBytes;
    if (typeof raw !== 'string') return undefined;
    const san = new X509Certificate(Buffer.from(raw, 'base64')).subjectAltName;
    return san?.replace(/^(email|URI):/, '');
  } catch {
    return undefined;
  }
}

function refuseWithoutKey(bundle: ParsedBundle, bundleText: string): void {
  if (bundle.kind === 'keyless') {
    const identity = keylessIdentity(bundleText);
    throw new ModelSigningError(
      'needs-trust-root',
      `this is a keyless (Sigstore) signature${identity ? ` by ${identity}` : ''}: its short-lived certificate and transparency-log entry ` +
        'can only be checked against Sigstore\'s trust root (Fulcio CA, Rekor key), which is fetched online; aigis verifies key-mode ' +
        'signatures offline only. Verify it with "model_signing verify sigstore --identity ... --identity_provider ...", or re-sign with a key',
    );
  }
  if (bundle.kind === 'certificate') {
    throw new ModelSigningError(
      'needs-trust-root',
      'this signature was made with a certificate: it must be checked against the issuing CA chain, which aigis does not do; ' +
        'verify it with "model_signing verify certificate --certificate_chain ...", or re-sign with a key',
    );
  }
}

/** Checks the DSSE signature and returns the statement, or throws why not. */
export function verifySignedStatement(bundleText: string, publicKeyPem: string): { manifest: Manifest; warnings: string[] } {
  const bundle = readBundle(bundleText);
  refuseWithoutKey(bundle, bundleText);
  const { key, curve } = loadPublicKey(publicKeyPem);
  const warnings: string[] = [];
  if (bundle.hint !== undefined) {
    if (bundle.hint !== keyHint(key)) {
      throw new ModelSigningError('signature', `key mismatch: the signature names a signing key with hint ${bundle.hint}, not the given public key (hint ${keyHint(key)})`);
    }
  } else {
    warnings.push('the signature uses the older 1.0.x layout without a key hint; re-sign it to record one');
  }
  const hash = hashForCurve(curve);
  const verifies = (message: Buffer, algorithm: string) => {
    try {
      return ecVerify(algorithm, message, key, bundle.signature);
    } catch {
      return false;
    }
  };
  const valid =
    verifies(pae(bundle.payload), hash) ||
    // model_signing 0.2 signed a mis-encoded PAE; its verifier still accepts it (and 0.2 hashed with SHA-256).
    verifies(paeCompat(bundle.payload), hash) ||
    (hash !== 'sha256' && verifies(paeCompat(bundle.payload), 'sha256'));
  if (!valid) {
    throw new ModelSigningError('signature', 'the signature does not verify with the given public key: the signed statement or the signature was changed, or another key signed it');
  }
  if (bundle.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new ModelSigningError('bundle', `the envelope's payloadType is ${JSON.stringify(bundle.payloadType)}; expected ${IN_TOTO_PAYLOAD_TYPE}`);
  }
  return { manifest: parseStatement(bundle.payload), warnings };
}

function pathOfResource(name: string, serialization: Serialization): string {
  return serialization.method === 'files' ? name : (parseShardName(name)?.path ?? name);
}

const sortedPaths = (set: Set<string>) => [...set].sort(compareCodePoints);

/** Verifies the signature, then hashes the model and compares it with what was signed. */
export async function verifyModel(modelPath: string, publicKeyPem: string, bundleText: string, options: HashingOptions = {}): Promise<VerifyResult> {
  const { manifest, warnings } = verifySignedStatement(bundleText, publicKeyPem);
  const { serialization } = manifest;
  const tree = walkModel(modelPath, { ignorePaths: ignoresFor(options, serialization.ignorePaths), allowSymlinks: serialization.allowSymlinks });
  const expected = new Map(manifest.resources.map((r) => [r.name, r.digest]));
  const local = tasksOf(tree, serialization);
  // An unsigned file is extra whatever its content: only signed resources need hashing.
  const toHash = local.filter((item) => expected.has(item.name));
  const actual = new Map((await hashTasks(toHash, resourceAlgorithm(serialization), options)).map((r) => [r.name, r.digest]));
  const localNames = new Set(local.map((item) => item.name));
  const changed = new Set<string>();
  const missing = new Set<string>();
  const extra = new Set<string>();
  for (const [name, digest] of expected) {
    if (!localNames.has(name)) missing.add(pathOfResource(name, serialization));
    else if (actual.get(name) !== digest) changed.add(pathOfResource(name, serialization));
  }
  for (const name of localNames) if (!expected.has(name)) extra.add(pathOfResource(name, serialization));
  // With shards, a file that changed length loses some shards and gains others: it is changed, not both.
  for (const path of missing) {
    if (extra.has(path)) {
      missing.delete(path);
      extra.delete(path);
      changed.add(path);
    }
  }
  for (const path of changed) {
    missing.delete(path);
    extra.delete(path);
  }
  return {
    ok: changed.size === 0 && missing.size === 0 && extra.size === 0,
    manifest,
    changed: sortedPaths(changed),
    missing: sortedPaths(missing),
    extra: sortedPaths(extra),
    warnings,
  };
}

/** What a signature says about itself before any check: for choosing what to verify. Never trusted. */
export interface SignatureSummary {
  readonly kind: ParsedBundle['kind'];
  /** The subject name (the model folder or file name), when the statement can be read. */
  readonly modelName?: string;
  /** The signature covers a single file (its only resource is `.`). */
  readonly singleFile?: boolean;
}

export function summarizeSignature(bundleText: string): SignatureSummary {
  const bundle = readBundle(bundleText);
  if (bundle.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { kind: bundle.kind };
  try {
    const manifest = parseStatement(bundle.payload);
    const singleFile = manifest.resources.length > 0 && manifest.resources.every((r) => pathOfResource(r.name, manifest.serialization) === '.');
    return { kind: bundle.kind, modelName: manifest.modelName, singleFile };
  } catch {
    return { kind: bundle.kind };
  }
}

export { BUNDLE_MEDIA_TYPE };
