/** fast-check mutations of real fixtures: truncation, flipped bytes, spliced ranges and huge varint lengths. */
import fc from 'fast-check';

export type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly at: number; readonly byte: number }
  | { readonly kind: 'splice'; readonly at: number; readonly from: number; readonly length: number }
  | { readonly kind: 'huge-length'; readonly at: number; readonly length: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('huge-length' as const), at: fc.nat(), length: fc.constantFrom(2 ** 31 - 1, 2 ** 32 + 7, 2 ** 53 - 1, 2 ** 62) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
);

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return bytes;
}

/** Applies mutations in order; positions wrap around the current length. */
export function mutate(original: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(original);
  for (const m of mutations) {
    const at = m.at % (bytes.length + 1);
    switch (m.kind) {
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'flip':
        if (at < bytes.length) bytes[at] = m.byte;
        break;
      case 'splice': {
        const from = m.from % (bytes.length + 1);
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(from, from + m.length), ...bytes.subarray(at)]);
        break;
      }
      case 'huge-length':
        // A length-delimited field 1 claiming far more bytes than exist, the shape of a huge-declared-length attack.
        bytes = Uint8Array.from([...bytes.subarray(0, at), 0x0a, ...varint(m.length), ...bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + m.length)]);
        break;
    }
  }
  return bytes;
}
