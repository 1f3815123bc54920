/** @module What every decoder returns: the output it could produce, and how the stream ended. */

export interface Decoded {
  /** The decompressed bytes, never more than the limit asked for. */
  readonly bytes: Uint8Array;
  /** The stream ended cleanly; or the output limit stopped it; or it is truncated or corrupt. */
  readonly end: 'complete' | 'limit' | 'broken';
  /** Why a broken stream broke. */
  readonly error?: string;
  /** Bytes after the last complete stream that do not start another one (loaders ignore or reject them). */
  readonly trailing?: number;
}

export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
