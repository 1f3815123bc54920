/**
 * @module Static evaluation of the decoders payloads hide behind (`zlib.decompress`, `base64.b64decode`,
 * `codecs.decode(.., 'hex')`, `bytes.fromhex`, `_codecs.encode(.., 'latin1')`, `io.BytesIO`), when their
 * arguments are constants. Output is bounded; nothing is executed.
 */
import { constants, gunzipSync, inflateRawSync, inflateSync, unzipSync } from 'node:zlib';
import type { ChunkReader } from '../parser/chunk-reader.js';
import { bytesOf, textOf } from '../parser/payload.js';
import type { Value } from '../parser/values.js';
import { Kind } from '../parser/values.js';

const BASE64 = new Set(['base64.b64decode', 'base64.standard_b64decode', 'base64.decodebytes', 'base64.decodestring', 'binascii.a2b_base64']);
const HEX = new Set(['base64.b16decode', 'binascii.unhexlify', 'binascii.a2b_hex', 'builtins:bytes.fromhex', 'builtins:bytearray.fromhex']);
const IDENTITY = new Set(['io.BytesIO', '_io.BytesIO', 'builtins.bytes', 'builtins.bytearray']);
const CODECS = new Set(['codecs.decode', '_codecs.decode']);
const LATIN1 = new Set(['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1']);

/** The names this module can evaluate (`module.name`, or `module:dotted.name`). */
export function isDecoder(key: string): boolean {
  return BASE64.has(key) || HEX.has(key) || IDENTITY.has(key) || CODECS.has(key) || key === 'zlib.decompress' || key === 'gzip.decompress' ||
    key === 'base64.urlsafe_b64decode' || key === '_codecs.encode' || key === 'codecs.encode';
}

function firstArgs(args: Value): readonly Value[] {
  return typeof args === 'object' && args !== null && args.kind === Kind.tuple ? args.items ?? [] : [];
}

function hex(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

function inflate(data: Uint8Array, wbits: Value, maxOutputLength: number): Uint8Array {
  const options = { maxOutputLength, finishFlush: constants.Z_SYNC_FLUSH };
  if (typeof wbits === 'number' && wbits < 0) return inflateRawSync(data, options);
  if (typeof wbits === 'number' && wbits > 31) return unzipSync(data, options);
  if (typeof wbits === 'number' && wbits > 15) return gunzipSync(data, options);
  return inflateSync(data, options);
}

/**
 * Evaluates `key(args)` when it is a known decoder with constant input. Returns the bytes, `undefined` when
 * the call is not a decoder or its input is not constant, or a string saying why decoding failed.
 */
export function evaluateDecoder(key: string, args: Value, reader: ChunkReader, maxBytes: number): Uint8Array | string | undefined {
  if (!isDecoder(key)) return undefined;
  const [first, second] = firstArgs(args);
  if (first === undefined) return undefined;
  const input = bytesOf(reader, first, maxBytes);
  if (input === undefined) return undefined;
  try {
    if (IDENTITY.has(key)) return input;
    if (key === 'zlib.decompress' || key === 'gzip.decompress') return Uint8Array.from(key === 'gzip.decompress' ? gunzipSync(input, { maxOutputLength: maxBytes }) : inflate(input, second ?? null, maxBytes));
    const text = Buffer.from(input).toString('latin1');
    if (BASE64.has(key)) return Uint8Array.from(Buffer.from(text, 'base64'));
    if (key === 'base64.urlsafe_b64decode') return Uint8Array.from(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    if (HEX.has(key)) return hex(text) ?? 'not valid hexadecimal';
    const codec = typeof second === 'object' && second !== null && second.kind === Kind.str ? textOf(reader, second, 64)?.toLowerCase().replace(/_codec$/, '') : undefined;
    if (key === '_codecs.encode' || key === 'codecs.encode') return codec === undefined || LATIN1.has(codec) ? input : undefined;
    if (codec === 'base64' || codec === 'base_64') return Uint8Array.from(Buffer.from(text, 'base64'));
    if (codec === 'hex') return hex(text) ?? 'not valid hexadecimal';
    if (codec === 'zlib' || codec === 'zip') return Uint8Array.from(inflateSync(input, { maxOutputLength: maxBytes }));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `decoded output exceeds ${maxBytes} bytes` : `cannot be decoded (${(error as Error).message})`;
  }
}
