/**
 * Hostile input: mutated real fixtures, random opcode streams and huge declared lengths never make the scan
 * throw anything, hang, or stop early; every outcome is a set of events (malformed at worst).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../lib/byte-source.js';
import { Op } from './parser/opcodes.js';
import { PicklePolicy } from './policy/policy.js';
import { PROFILE_IDS } from './policy/profiles.js';
import { scanPickle } from './scan.js';
import { mutate, mutations } from '../../../test/support/mutations.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/pickle/', import.meta.url));
const fixtures = ['benign', 'malicious'].flatMap((kind) =>
  readdirSync(`${FIXTURES}${kind}`).map((name) => new Uint8Array(readFileSync(`${FIXTURES}${kind}/${name}`))),
);
const policy = new PicklePolicy(PROFILE_IDS);

function scanWithin(data: Uint8Array, ms = 2000): void {
  const started = performance.now();
  const outcome = scanPickle(new BufferSource(data), { policy });
  expect(Array.isArray(outcome.events)).toBe(true);
  expect(performance.now() - started).toBeLessThan(ms);
}

const OPCODES = Object.values(Op);

describe('pickle scan on hostile input', () => {
  it('survives mutated fixtures', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), mutations, (fixture, changes) => {
        scanWithin(mutate(fixture, changes));
      }),
      { numRuns: 400 },
    );
  });

  it('survives random opcode streams', () => {
    const token = fc.oneof(
      fc.constantFrom(...OPCODES).map((op) => [op]),
      fc.uint8Array({ maxLength: 9 }).map((bytes) => [...bytes]),
      fc.constantFrom('cos\nsystem\n', 'X\x04\x00\x00\x00true', '\x8c\x02os', '\x95\x05\x00\x00\x00\x00\x00\x00\x00').map((s) => [...Buffer.from(s, 'latin1')]),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 200 }), (tokens) => {
        scanWithin(Uint8Array.from([0x80, 0x04, ...tokens.flat()]));
      }),
      { numRuns: 600 },
    );
  });

  it('survives every truncation of a malicious and a benign fixture', () => {
    for (const name of ['malicious/24_frame_length_lie.pkl', 'benign/sklearn_logreg.joblib', 'benign/torch_legacy_state_dict.pt']) {
      const data = new Uint8Array(readFileSync(`${FIXTURES}${name}`));
      for (let end = 0; end < Math.min(data.length, 2000); end++) scanWithin(data.subarray(0, end));
    }
  });
});
