/**
 * fast-check mutations that damage real fixtures the ways hostile files do: cut them short, flip bytes, write
 * huge little-endian lengths over fields, insert a protobuf-style field claiming a huge length, splice in junk
 * or a copy of another range, delete a range. Property tests feed the result to a parser and check that it
 * neither hangs, nor crashes, nor allocates past what the input and the budgets allow.
 */
import fc from 'fast-check';
import { varint } from './varint.js';

export type Mutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly at: readonly number[]; readonly mask: number }
  | { readonly kind: 'overwrite'; readonly at: number; readonly value: number; readonly width: 2 | 4 | 8 }
  | { readonly kind: 'splice-junk'; readonly at: number; readonly junk: Uint8Array }
  | { readonly kind: 'splice-copy'; readonly at: number; readonly from: number; readonly length: number }
  | { readonly kind: 'huge-varint-field'; readonly at: number; readonly length: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number };

/** Positions biased to the start and the end of the input, where headers and directories live. */
const position = fc.oneof(fc.nat({ max: 600 }), fc.nat({ max: 1 << 20 }), fc.integer({ min: -300, max: -1 }));

const HUGE = [0xffffffff, 0x7fffffff, 0xffff, 0x80000000, 2 ** 40, 2 ** 53 - 1, 0];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(position, { minLength: 1, maxLength: 8 }), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: position,
    value: fc.oneof(fc.constantFrom(...HUGE), fc.nat()),
    width: fc.constantFrom(2 as const, 4 as const, 8 as const),
  }),
  fc.record({ kind: fc.constant('splice-junk' as const), at: position, junk: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('splice-copy' as const), at: position, from: position, length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('huge-varint-field' as const), at: position, length: fc.constantFrom(2 ** 31 - 1, 2 ** 32 + 7, 2 ** 53 - 1, 2 ** 62) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
);

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** A position inside `length` bytes: negative counts from the end, large ones wrap. */
function index(length: number, at: number): number {
  if (length === 0) return 0;
  return at < 0 ? Math.max(0, length + at) : at % length;
}


/** Applies mutations in order to a copy of `input`. */
export function mutate(input: Uint8Array, list: readonly Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(input);
  for (const m of list) {
    const at = m.kind === 'flip' ? 0 : index(bytes.length, m.at);
    switch (m.kind) {
      case 'truncate':
        bytes = bytes.slice(0, at);
        break;
      case 'flip':
        for (const p of m.at) if (bytes.length > 0) bytes[index(bytes.length, p)]! ^= m.mask;
        break;
      case 'overwrite':
        for (let i = 0; i < m.width && at + i < bytes.length; i++) bytes[at + i] = Math.floor(m.value / 2 ** (8 * i)) & 0xff;
        break;
      case 'splice-junk':
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.junk, ...bytes.subarray(at)]);
        break;
      case 'splice-copy': {
        const from = index(bytes.length, m.from);
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(from, from + m.length), ...bytes.subarray(at)]);
        break;
      }
      case 'huge-varint-field':
        // A length-delimited protobuf field 1 claiming far more bytes than exist.
        bytes = Uint8Array.from([...bytes.subarray(0, at), 0x0a, ...varint(m.length), ...bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + m.length)]);
        break;
    }
  }
  return bytes;
}
