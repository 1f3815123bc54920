/** @module DSSE v1 pre-authentication encoding, and the v0.2 `model_signing` variant its verifier still accepts. */

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** `DSSEv1 <len(type)> <type> <len(payload)> <payload>`, lengths in bytes. */
export function pae(payload: Uint8Array, payloadType = IN_TOTO_PAYLOAD_TYPE): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  const head = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, 'utf8');
  return Buffer.concat([head, payload]);
}

/**
 * Python's `repr(bytes)`: `b'...'` (or `b"..."` when the bytes hold `'` but no `"`), with `\\`, the quote,
 * `\t`, `\n`, `\r` escaped and every other byte outside 0x20-0x7e as `\xhh`.
 */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const hasSingle = bytes.includes(0x27);
  const hasDouble = bytes.includes(0x22);
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = `b${quote}`;
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}${quote}`;
}

/**
 * The PAE `model_signing` 0.2 signed by mistake: `DSSEV1` in capitals and the payload as Python's repr of the
 * bytes. The reference verifier falls back to it, so signatures from 0.2 still verify.
 */
export function paeCompat(payload: Uint8Array, payloadType = IN_TOTO_PAYLOAD_TYPE): Buffer {
  const typeLength = Buffer.byteLength(payloadType, 'utf8');
  return Buffer.from(`DSSEV1 ${typeLength} ${payloadType} ${payload.length} ${pythonBytesRepr(payload)}`, 'utf8');
}
