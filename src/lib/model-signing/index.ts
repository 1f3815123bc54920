/** @module OpenSSF model signing (sigstore/model-transparency format), key mode, with node:crypto only. */
export { BUNDLE_MEDIA_TYPE, MAX_BUNDLE_BYTES, readBundle, writeBundle, type ParsedBundle } from './bundle.js';
export { IN_TOTO_PAYLOAD_TYPE, pae, paeCompat, pythonBytesRepr } from './dsse.js';
export { ModelSigningError, type ModelSigningErrorCode } from './errors.js';
export { hashAll, type HashTask } from './hash.js';
export { CURVES, generateKeyPair, hashForCurve, keyHint, loadPrivateKey, loadPublicKey, pemBlock, spkiPem, type Curve, type GeneratedKeyPair } from './keys.js';
export {
  DEFAULT_SHARD_SIZE,
  signModel,
  summarizeSignature,
  verifyModel,
  verifySignedStatement,
  type SignOptions,
  type SignResult,
  type SignatureSummary,
  type VerifyResult,
} from './model.js';
export { compareCodePoints, comparePosixPaths, isUnder, normalizePosix, parseShardName } from './paths.js';
export { DEFAULT_IGNORES, PREDICATE_TYPE, STATEMENT_TYPE, buildStatement, parseStatement, rootDigestOf, type Manifest, type Resource } from './statement.js';
export { walkModel, type ModelFile, type ModelTree } from './walk.js';
