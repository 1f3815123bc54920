/** @module The one error type of model signing: a message a person can act on, and a code for callers. */

export type ModelSigningErrorCode =
  /** The model path cannot be hashed as the reference would (symlink, special file, unreadable, empty). */
  | 'model'
  /** A key file is missing, not PEM, not EC or on an unsupported curve. */
  | 'key'
  /** The signature file is not a bundle this verifier understands (bad JSON, base64, fields). */
  | 'bundle'
  /** The bundle is keyless or certificate-based: it needs trust roots this offline verifier does not have. */
  | 'needs-trust-root'
  /** The signature does not verify with the given key (wrong key, tampered payload or signature). */
  | 'signature';

export class ModelSigningError extends Error {
  override readonly name = 'ModelSigningError';
  constructor(
    readonly code: ModelSigningErrorCode,
    message: string,
  ) {
    super(message);
  }
}
