import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferSource } from './byte-source.js';
import type { WireField } from './protobuf-wire.js';
import { FIXED32, FIXED64, LEN, ProtobufWireError, VARINT, WireReader } from './protobuf-wire.js';
import { varint } from '../../test/support/varint.js';


type Field = { number: number; wireType: typeof VARINT; value: number } | { number: number; wireType: typeof LEN | typeof FIXED32 | typeof FIXED64; payload: Uint8Array };

function encode(fields: readonly Field[]): Uint8Array {
  const bytes: number[] = [];
  for (const field of fields) {
    bytes.push(...varint(field.number * 8 + field.wireType));
    if (field.wireType === VARINT) bytes.push(...varint(field.value));
    else {
      if (field.wireType === LEN) bytes.push(...varint(field.payload.length));
      bytes.push(...field.payload);
    }
  }
  return Uint8Array.from(bytes);
}

const fieldNumber = fc.integer({ min: 1, max: 2 ** 29 - 1 });
const arbitraryField: fc.Arbitrary<Field> = fc.oneof(
  fc.record({ number: fieldNumber, wireType: fc.constant(VARINT), value: fc.maxSafeNat() }),
  fc.record({ number: fieldNumber, wireType: fc.constant(LEN), payload: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ number: fieldNumber, wireType: fc.constant(FIXED32), payload: fc.uint8Array({ minLength: 4, maxLength: 4 }) }),
  fc.record({ number: fieldNumber, wireType: fc.constant(FIXED64), payload: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
);

/** Walks every field, and every length-delimited payload as a message too, as a parser descending blindly would. */
function walkAll(reader: WireReader, start: number, end: number, depth = 0): WireField[] {
  const seen: WireField[] = [];
  for (const field of reader.fields(start, end)) {
    seen.push(field);
    if (field.wireType === LEN && depth < 8) {
      try {
        seen.push(...walkAll(reader, field.start, field.end, depth + 1));
      } catch (error) {
        if (!(error instanceof ProtobufWireError)) throw error;
      }
    }
  }
  return seen;
}

describe('protobuf wire walker', () => {
  it('yields exactly the fields that were encoded', () => {
    fc.assert(
      fc.property(fc.array(arbitraryField, { maxLength: 30 }), (fields) => {
        const bytes = encode(fields);
        const reader = new WireReader(new BufferSource(bytes));
        const read = [...reader.fields(0, bytes.length)].map((field) =>
          field.wireType === VARINT
            ? { number: field.number, wireType: VARINT, value: field.varint }
            : { number: field.number, wireType: field.wireType, payload: reader.bytes(field) },
        );
        expect(read).toEqual(fields);
      }),
    );
  });

  it('on any bytes, yields fields inside their message or throws its own error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const reader = new WireReader(new BufferSource(bytes));
        try {
          let previous = 0;
          for (const field of reader.fields(0, bytes.length)) {
            expect(field.offset).toBeGreaterThanOrEqual(previous);
            expect(field.start).toBeGreaterThan(field.offset);
            expect(field.end).toBeGreaterThanOrEqual(field.start);
            expect(field.end).toBeLessThanOrEqual(bytes.length);
            previous = field.end;
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ProtobufWireError);
          expect((error as ProtobufWireError).offset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('survives mutations of valid messages: truncation, flipped bytes, spliced huge lengths', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), length: fc.constantFrom(2 ** 31, 2 ** 53, 2 ** 62) }),
    );
    fc.assert(
      fc.property(fc.array(arbitraryField, { minLength: 1, maxLength: 20 }), fc.array(mutation, { maxLength: 5 }), (fields, mutations) => {
        let bytes = encode(fields);
        for (const m of mutations) {
          const at = m.at % (bytes.length + 1);
          if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
          else if (m.kind === 'flip' && at < bytes.length) bytes[at] = m.byte;
          else if (m.kind === 'huge') bytes = Uint8Array.from([...bytes.subarray(0, at), 0x0a, ...varint(m.length), ...bytes.subarray(at)]);
        }
        try {
          walkAll(new WireReader(new BufferSource(bytes)), 0, bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtobufWireError);
        }
      }),
    );
  });

  it('refuses a length past its message without reading it', () => {
    const bytes = Uint8Array.from([0x0a, ...varint(2 ** 50), 1, 2, 3]);
    const reads: number[] = [];
    const source = new BufferSource(bytes);
    const counting = { size: source.size, read: (offset: number, length: number) => (reads.push(length), source.read(offset, length)), slice: source.slice.bind(source) };
    expect(() => [...new WireReader(counting).fields(0, bytes.length)]).toThrow(/declares 1125899906842624 bytes but 3 are left/);
    expect(Math.max(...reads)).toBeLessThanOrEqual(64 * 1024);
  });

  it('names the problem: group wire types, field number 0, endless varints', () => {
    const walk = (bytes: number[]) => () => [...new WireReader(new BufferSource(Uint8Array.from(bytes))).fields(0, bytes.length)];
    expect(walk([0x0b])).toThrow(/unsupported wire type 3/);
    expect(walk([0x02, 0x00])).toThrow(/invalid field number 0/);
    expect(walk([0x08, ...Array(11).fill(0xff)])).toThrow(/longer than 10 bytes/);
    expect(walk([0x08, 0xff])).toThrow(/cut off/);
  });
});
