/**
 * fast-check arbitraries that damage real fixtures the ways hostile files do: cut them short, flip bytes in
 * their headers, write huge or random lengths over fields, splice junk in. Property tests feed the result to a
 * parser and check that it neither hangs, nor crashes, nor allocates past what the input and budgets allow.
 */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number[]; mask: number }
  | { kind: 'overwrite'; at: number; value: number; width: 2 | 4 | 8 }
  | { kind: 'splice'; at: number; junk: Uint8Array };

/** Positions biased to the start and the end, where archive headers live. */
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
  fc.record({ kind: fc.constant('splice' as const), at: position, junk: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

function index(length: number, at: number): number {
  if (length === 0) return 0;
  return at < 0 ? Math.max(0, length + at) : at % length;
}

export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(input);
  for (const m of mutations) {
    if (m.kind === 'truncate') bytes = bytes.slice(0, index(bytes.length, m.at));
    else if (m.kind === 'flip') for (const at of m.at) bytes[index(bytes.length, at)]! ^= m.mask;
    else if (m.kind === 'overwrite') {
      const at = index(bytes.length, m.at);
      for (let i = 0; i < m.width && at + i < bytes.length; i++) bytes[at + i] = Math.floor(m.value / 2 ** (8 * i)) & 0xff;
    } else {
      const at = index(bytes.length, m.at);
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.junk, ...bytes.subarray(at)]);
    }
  }
  return bytes;
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
