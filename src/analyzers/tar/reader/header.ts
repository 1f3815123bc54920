/**
 * @module One 512-byte tar header: ustar, GNU and pre-POSIX (v7) layouts, numbers in octal or GNU base-256,
 * the checksum accepted signed or unsigned as CPython's tarfile does.
 */

export const BLOCK = 512;

export interface RawHeader {
  readonly name: string;
  readonly linkName: string;
  /** The type flag as a character; `'\0'` for old regular files. */
  readonly type: string;
  readonly size: number;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** A NUL-terminated string field. */
export function fieldText(bytes: Uint8Array, at: number, length: number): string {
  const field = bytes.subarray(at, at + length);
  const nul = field.indexOf(0);
  return decoder.decode(nul < 0 ? field : field.subarray(0, nul));
}

/** A numeric field: octal text (NUL or space padded) or GNU base-256; undefined when it is neither. */
export function fieldNumber(bytes: Uint8Array, at: number, length: number): number | undefined {
  const first = bytes[at]!;
  if (first & 0x80) {
    if (first === 0xff) return undefined; // negative
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + bytes[at + i]!;
    return Number.isSafeInteger(value) ? value : undefined;
  }
  const text = Buffer.from(bytes.subarray(at, at + length)).toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

export function isZeroBlock(block: Uint8Array): boolean {
  return block.every((byte) => byte === 0);
}

/** Whether the checksum field matches the header, summed unsigned or signed. */
export function checksumMatches(block: Uint8Array): boolean {
  const stored = fieldNumber(block, 148, 8);
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte >= 0x80 ? byte - 0x100 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** The header's fields, or undefined when its size field is not a number. */
export function parseHeader(block: Uint8Array): RawHeader | undefined {
  const size = fieldNumber(block, 124, 12);
  if (size === undefined) return undefined;
  let name = fieldText(block, 0, 100);
  // POSIX ustar ("ustar\0") splits long names into prefix + name; GNU ("ustar  ") uses those bytes otherwise.
  const magic = Buffer.from(block.subarray(257, 263)).toString('latin1');
  if (magic === 'ustar\0') {
    const prefix = fieldText(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  return { name, linkName: fieldText(block, 157, 100), type: String.fromCharCode(block[156]!), size };
}
