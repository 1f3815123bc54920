/**
 * @module The in-toto Statement v1 that a model signature signs: one subject (the model name and the root
 * digest) and, in the predicate, how the model was serialized and one resource per file (or file shard).
 * The reader is strict where the reference is (type, subject count, root digest) and never throws anything
 * but ModelSigningError on hostile input.
 */
import { createHash } from 'node:crypto';
import { ModelSigningError } from './errors.js';
import { isSafeRelativePath, normalizePosix, parseShardName } from './paths.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://model_signing/signature/v1.0';
/** The v0.2 predicate: one subject per file, no root digest. */
export const PREDICATE_TYPE_COMPAT = 'https://model_signing/Digests/v0.1';

/** The git files every signature leaves out, plus the signature file itself. */
export const DEFAULT_IGNORES = ['.git', '.gitattributes', '.github', '.gitignore'] as const;

export type Serialization =
  | { readonly method: 'files'; readonly hashType: 'sha256'; readonly allowSymlinks: boolean; readonly ignorePaths?: readonly string[] }
  | {
      readonly method: 'shards';
      readonly hashType: 'sha256';
      readonly shardSize: number;
      readonly allowSymlinks: boolean;
      readonly ignorePaths?: readonly string[];
    };

export interface Resource {
  readonly name: string;
  readonly algorithm: string;
  /** Lower-case hex. */
  readonly digest: string;
}

export interface Manifest {
  readonly modelName: string;
  readonly serialization: Serialization;
  /** In signature order. */
  readonly resources: readonly Resource[];
  /** The statement's root digest (hex); undefined for a v0.2 statement, which has none. */
  readonly rootDigest?: string;
  /** Which predicate the statement used. */
  readonly predicateType: string;
}

/** SHA-256 over the raw bytes of the resource digests, in the order given. */
export function rootDigestOf(resources: readonly Resource[]): string {
  const hash = createHash('sha256');
  for (const resource of resources) hash.update(Buffer.from(resource.digest, 'hex'));
  return hash.digest('hex');
}

/** The `algorithm` a resource of this serialization must carry. */
export function resourceAlgorithm(serialization: Serialization): string {
  return serialization.method === 'files' ? 'sha256' : `sha256-sharded-${serialization.shardSize}`;
}

/** The statement object, keys in the order the reference writes them (the bytes are signed as written). */
export function buildStatement(modelName: string, serialization: Serialization, resources: readonly Resource[]): Record<string, unknown> {
  const serializationJson: Record<string, unknown> = { method: serialization.method, hash_type: serialization.hashType };
  if (serialization.method === 'shards') serializationJson['shard_size'] = serialization.shardSize;
  serializationJson['allow_symlinks'] = serialization.allowSymlinks;
  if (serialization.ignorePaths) serializationJson['ignore_paths'] = [...serialization.ignorePaths];
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: modelName, digest: { sha256: rootDigestOf(resources) } }],
    predicateType: PREDICATE_TYPE,
    predicate: {
      serialization: serializationJson,
      resources: resources.map((r) => ({ name: r.name, algorithm: r.algorithm, digest: r.digest })),
    },
  };
}

/** The payload bytes: JSON with two-space indent, as protobuf's MessageToJson writes it. */
export function statementBytes(statement: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify(statement, null, 2), 'utf8');
}

const bad = (message: string) => new ModelSigningError('bundle', `the signed statement ${message}`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hexDigest(value: unknown, where: string, bytes = 32): string {
  if (typeof value !== 'string' || !new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(value)) {
    throw bad(`has ${where} that is not a ${bytes * 8}-bit hex digest`);
  }
  return value.toLowerCase();
}

/** `shard_size` is a protobuf Struct number, so the reference may write `8.0`; it must still be a whole number. */
function shardSize(value: unknown): number {
  const size = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) throw bad('has a shard_size that is not a positive whole number');
  return size;
}

function parseSerialization(value: unknown): Serialization {
  if (!isRecord(value)) throw bad('has no predicate.serialization object');
  const method = value['method'];
  const hashType = value['hash_type'];
  const allowSymlinks = value['allow_symlinks'];
  if (typeof allowSymlinks !== 'boolean') throw bad('has a serialization.allow_symlinks that is not true or false');
  let ignorePaths: string[] | undefined;
  if (value['ignore_paths'] !== undefined) {
    const list = value['ignore_paths'];
    if (!Array.isArray(list) || !list.every((item): item is string => typeof item === 'string')) {
      throw bad('has a serialization.ignore_paths that is not a list of paths');
    }
    ignorePaths = list;
  }
  if (method === 'files') {
    if (hashType !== 'sha256') throw bad(`uses hash_type ${JSON.stringify(hashType)}; aigis verifies sha256 signatures only`);
    return { method, hashType, allowSymlinks, ...(ignorePaths ? { ignorePaths } : {}) };
  }
  if (method === 'shards') {
    const size = shardSize(value['shard_size']);
    if (hashType !== 'sha256' && hashType !== `sha256-sharded-${size}`) {
      throw bad(`uses hash_type ${JSON.stringify(hashType)}; aigis verifies sha256 signatures only`);
    }
    return { method, hashType: 'sha256', shardSize: size, allowSymlinks, ...(ignorePaths ? { ignorePaths } : {}) };
  }
  throw bad(`uses serialization method ${JSON.stringify(method)}; the format knows "files" and "shards"`);
}

function checkResourceName(name: string, serialization: Serialization): string {
  if (serialization.method === 'files') {
    const normal = normalizePosix(name);
    if (!isSafeRelativePath(normal)) throw bad(`names a resource outside the model: ${JSON.stringify(name)}`);
    return normal;
  }
  const shard = parseShardName(name);
  if (!shard) throw bad(`has a shard resource not in the form path:start:end: ${JSON.stringify(name)}`);
  if (!isSafeRelativePath(shard.path)) throw bad(`names a resource outside the model: ${JSON.stringify(name)}`);
  if (shard.end - shard.start > serialization.shardSize) throw bad(`has a shard longer than shard_size: ${JSON.stringify(name)}`);
  return `${shard.path}:${shard.start}:${shard.end}`;
}

function parseCompat(statement: Record<string, unknown>): Manifest {
  const subjects = statement['subject'];
  if (!Array.isArray(subjects) || subjects.length === 0) throw bad('(v0.2) has no subjects');
  const serialization: Serialization = { method: 'files', hashType: 'sha256', allowSymlinks: false };
  const resources = subjects.map((subject, index): Resource => {
    if (!isRecord(subject) || typeof subject['name'] !== 'string' || !isRecord(subject['digest'])) throw bad(`(v0.2) has a malformed subject ${index}`);
    return {
      name: checkResourceName(subject['name'], serialization),
      algorithm: 'sha256',
      digest: hexDigest(subject['digest']['sha256'], `subject ${index}`),
    };
  });
  return { modelName: 'compat-undefined-not-present', serialization, resources, predicateType: PREDICATE_TYPE_COMPAT };
}

/** Parses and checks the statement bytes a verified DSSE envelope carried. */
export function parseStatement(payload: Uint8Array): Manifest {
  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw bad('is not UTF-8 JSON');
  }
  if (!isRecord(statement)) throw bad('is not a JSON object');
  if (statement['_type'] !== STATEMENT_TYPE) throw bad(`has _type ${JSON.stringify(statement['_type'])}; expected ${STATEMENT_TYPE}`);
  const predicateType = statement['predicateType'];
  if (predicateType === PREDICATE_TYPE_COMPAT) return parseCompat(statement);
  if (predicateType !== PREDICATE_TYPE) throw bad(`has predicateType ${JSON.stringify(predicateType)}; expected ${PREDICATE_TYPE}`);
  const subjects = statement['subject'];
  if (!Array.isArray(subjects) || subjects.length !== 1) {
    throw bad(`must have exactly one subject, not ${Array.isArray(subjects) ? subjects.length : 'none'}`);
  }
  const subject = subjects[0] as unknown;
  if (!isRecord(subject) || typeof subject['name'] !== 'string' || !isRecord(subject['digest'])) throw bad('has a malformed subject');
  const rootDigest = hexDigest(subject['digest']['sha256'], 'a subject digest');
  const predicate = statement['predicate'];
  if (!isRecord(predicate)) throw bad('has no predicate object');
  const serialization = parseSerialization(predicate['serialization']);
  const list = predicate['resources'];
  if (!Array.isArray(list)) throw bad('has no predicate.resources list');
  const expectedAlgorithm = resourceAlgorithm(serialization);
  const seen = new Set<string>();
  const resources = list.map((item: unknown, index): Resource => {
    if (!isRecord(item) || typeof item['name'] !== 'string' || typeof item['algorithm'] !== 'string') throw bad(`has a malformed resource ${index}`);
    const name = checkResourceName(item['name'], serialization);
    if (seen.has(name)) throw bad(`lists the resource ${JSON.stringify(name)} twice`);
    seen.add(name);
    if (item['algorithm'] !== expectedAlgorithm) {
      throw bad(`has resource ${JSON.stringify(name)} with algorithm ${JSON.stringify(item['algorithm'])}; expected ${expectedAlgorithm}`);
    }
    return { name, algorithm: item['algorithm'], digest: hexDigest(item['digest'], `resource ${JSON.stringify(name)}`) };
  });
  const computed = rootDigestOf(resources);
  if (computed !== rootDigest) {
    throw bad(`is inconsistent: its root digest is ${rootDigest}, but its resources hash to ${computed}`);
  }
  return { modelName: subject['name'], serialization, resources, rootDigest, predicateType };
}
