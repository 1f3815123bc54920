/**
 * @module Walks the protobuf wire format over a ByteSource without decoding whole messages: it yields each
 * field's number and wire type and, for length-delimited fields, only where the payload lies. Callers descend
 * into the messages they need and skip the rest (tensor bytes, say) by length, so a multi-gigabyte model costs
 * the reads of its small fields. Every length is checked against the bytes its enclosing message has left.
 */
import type { ByteSource } from './byte-source.js';

export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;

export type WireType = typeof VARINT | typeof FIXED64 | typeof LEN | typeof FIXED32;

/** Bad wire format: a broken varint, a length past its message, a group or an unknown wire type. */
export class ProtobufWireError extends Error {
  constructor(
    message: string,
    /** Where in the source the problem is. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ProtobufWireError';
  }
}

export interface WireField {
  readonly number: number;
  readonly wireType: WireType;
  /** Offset of the field's tag. */
  readonly offset: number;
  /** The payload: the value bytes, or for a length-delimited field the bytes after its length. */
  readonly start: number;
  readonly end: number;
  /** The value of a varint field (precise up to 2^53), 0 for the other wire types. */
  readonly varint: number;
}

const MAX_FIELD_NUMBER = 2 ** 29 - 1;
const MAX_VARINT_BYTES = 10;
const WINDOW = 64 * 1024;
const utf8 = new TextDecoder('utf-8');

export class WireReader {
  /** The bytes last read from the source, indexed directly: tags and varints cost no allocation. */
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;

  constructor(readonly source: ByteSource) {}

  /** The fields of the message held in [start, end); throws ProtobufWireError at the first bad one. */
  *fields(start: number, end: number): Generator<WireField> {
    let at = start;
    while (at < end) {
      const offset = at;
      const [tag, afterTag] = this.varint(at, end);
      const number = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (number < 1 || number > MAX_FIELD_NUMBER) throw new ProtobufWireError(`invalid field number ${number}`, offset);
      switch (wireType) {
        case VARINT: {
          const [value, next] = this.varint(afterTag, end);
          yield { number, wireType, offset, start: afterTag, end: next, varint: value };
          at = next;
          break;
        }
        case FIXED64:
        case FIXED32: {
          const next = afterTag + (wireType === FIXED64 ? 8 : 4);
          if (next > end) throw new ProtobufWireError(`field ${number} needs ${next - afterTag} bytes but ${end - afterTag} are left`, offset);
          yield { number, wireType, offset, start: afterTag, end: next, varint: 0 };
          at = next;
          break;
        }
        case LEN: {
          const [length, payload] = this.varint(afterTag, end);
          if (length > end - payload) throw new ProtobufWireError(`field ${number} declares ${length} bytes but ${end - payload} are left`, offset);
          yield { number, wireType, offset, start: payload, end: payload + length, varint: 0 };
          at = payload + length;
          break;
        }
        default:
          // Groups (3, 4) are deprecated and unused by ONNX and TensorFlow; 6 and 7 do not exist.
          throw new ProtobufWireError(`field ${number} has unsupported wire type ${wireType}`, offset);
      }
    }
  }

  /** A copy of a field's payload. The caller bounds its length. */
  bytes(field: WireField): Uint8Array {
    return this.view(field.start, field.end - field.start).slice();
  }

  /** A field's payload as UTF-8, cut at `maxBytes` (the source is never read further). */
  text(field: WireField, maxBytes: number): { text: string; truncated: boolean } {
    const length = field.end - field.start;
    return { text: utf8.decode(this.view(field.start, Math.min(length, maxBytes))), truncated: length > maxBytes };
  }

  /** Up to `length` bytes at `offset` (fewer where the source ends), valid until the next read. */
  private view(offset: number, length: number): Uint8Array {
    const start = offset - this.windowStart;
    if (start < 0 || start + length > this.window.length) {
      this.window = this.source.read(offset, Math.max(length, WINDOW));
      this.windowStart = offset;
      return this.window.subarray(0, length);
    }
    return this.window.subarray(start, start + length);
  }

  private varint(at: number, end: number): [value: number, next: number] {
    const available = Math.min(MAX_VARINT_BYTES, end - at);
    if (at - this.windowStart < 0 || at - this.windowStart + available > this.window.length) this.view(at, available);
    const window = this.window;
    const base = at - this.windowStart;
    const count = Math.min(available, window.length - base);
    let value = 0;
    let scale = 1;
    for (let i = 0; i < count; i++) {
      const byte = window[base + i]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return [value, at + i + 1];
      scale *= 128;
    }
    const problem = count === MAX_VARINT_BYTES ? 'a varint longer than 10 bytes' : 'a varint cut off by the end of its message';
    throw new ProtobufWireError(problem, at);
  }
}
