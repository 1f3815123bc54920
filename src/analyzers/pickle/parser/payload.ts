/**
 * @module Reading what a value holds, on demand: the text of a str, the bytes of a bytes or str, and the
 * values of protocol 0's text opcodes (INT, LONG, FLOAT, STRING, UNICODE), whose lines stay in the input
 * until something needs them.
 */
import type { ChunkReader } from './chunk-reader.js';
import { Op } from './opcodes.js';
import { PickleError } from './pickle-error.js';
import { decodeLatin1, decodeQuotedString, decodeRawUnicodeEscape, decodeUtf8 } from './text.js';
import type { PickleObject, Value } from './values.js';
import { Encoding, FLOAT, Kind, LONG, make } from './values.js';

/** Lazily decoded protocol 0 lines: a quoted STRING and a raw-unicode-escape UNICODE. */
export const LineEncoding = { quoted: 3, rawUnicode: 4 } as const;

/** Longest text a name or a decoder argument is read for. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/**
 * The value of an INT, LONG, FLOAT, STRING or UNICODE opcode whose argument line runs from the reader's
 * offset to `end` (the newline). A malformed line is a PickleError.
 */
export function readLineValue(op: number, reader: ChunkReader, opcodeOffset: number, end: number): Value {
  const start = reader.offset;
  const length = end - start;
  if (op === Op.STRING) {
    const first = reader.bytesAt(start, 1)[0];
    const last = reader.bytesAt(end - 1, 1)[0];
    if (length < 2 || (first !== 0x27 && first !== 0x22) || last !== first) {
      throw lineError('the STRING opcode argument must be quoted', opcodeOffset);
    }
    return lazyLine(start, length, LineEncoding.quoted);
  }
  if (op === Op.UNICODE) return lazyLine(start, length, LineEncoding.rawUnicode);
  if (length > 4096) return op === Op.FLOAT ? FLOAT : LONG;
  const text = decodeLatin1(reader.bytesAt(start, length)).trim();
  if (op === Op.FLOAT) {
    if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|nan|infinity)$/i.test(text)) throw lineError('could not convert the FLOAT argument to a float', opcodeOffset);
    return FLOAT;
  }
  if (op === Op.INT && text === '00') return false;
  if (op === Op.INT && text === '01') return true;
  const digits = op === Op.LONG && text.endsWith('L') ? text.slice(0, -1) : text;
  if (!/^[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0|[1-9][0-9_]*|0+)$/.test(digits)) {
    throw lineError(`invalid literal for int() in ${op === Op.INT ? 'INT' : 'LONG'}`, opcodeOffset);
  }
  const value = BigInt(digits.replace(/_/g, '').replace(/^([+-]?)0+(?=\d)/, '$1'));
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function lazyLine(start: number, length: number, encoding: number): PickleObject {
  const value = make(Kind.str, null, length, start);
  value.encoding = encoding;
  return value;
}

function lineError(message: string, offset: number): Error {
  return new PickleError(message, offset);
}

/** The text of a str value, read from the input when needed; undefined when longer than `maxBytes`. */
export function textOf(reader: ChunkReader, value: PickleObject, maxBytes = 65_536): string | undefined {
  if (value.text !== null) return value.text;
  if (value.kind !== Kind.str || value.size > maxBytes) return undefined;
  const bytes = reader.bytesAt(value.offset, value.size);
  let text: string;
  if (value.encoding === Encoding.utf8) text = decodeUtf8(bytes);
  else if (value.encoding === LineEncoding.quoted) text = decodeQuotedString(decodeLatin1(bytes)) ?? decodeLatin1(bytes);
  else if (value.encoding === LineEncoding.rawUnicode) text = decodeRawUnicodeEscape(decodeLatin1(bytes));
  else text = decodeLatin1(bytes);
  value.text = text;
  return text;
}

/**
 * The bytes a str or bytes value stands for, as a loader would receive them (a str as Latin-1, as
 * `_codecs.encode(text, 'latin1')` does); undefined for other values or beyond `maxBytes`.
 */
export function bytesOf(reader: ChunkReader, value: Value, maxBytes: number): Uint8Array | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (value.data !== null) return value.data.length <= maxBytes ? value.data : undefined;
  if (value.size > maxBytes) return undefined;
  if (value.kind === Kind.bytes) return reader.bytesAt(value.offset, value.size).slice();
  if (value.kind !== Kind.str) return undefined;
  if (value.encoding === Encoding.latin1) return reader.bytesAt(value.offset, value.size).slice();
  const text = textOf(reader, value, maxBytes);
  if (text === undefined) return undefined;
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}
