/** @module Entry names: shown as UTF-8, compared as bytes (and without ASCII case, as miniz looks names up). */

export function decodeName(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The exact bytes as a string key. */
export function exactKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** miniz's sorted-directory lookup (PyTorch's `getRecord`) compares names with ASCII case folded. */
export function caseFoldedKey(bytes: Uint8Array): string {
  const key = exactKey(bytes);
  return /[A-Z]/.test(key) ? key.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : key;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
