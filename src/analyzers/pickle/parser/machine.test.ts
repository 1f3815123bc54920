import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../lib/byte-source.js';
import { PicklePolicy } from '../policy/policy.js';
import { PROFILE_IDS } from '../policy/profiles.js';
import type { ScanOutcome } from '../scan.js';
import { scanPickle } from '../scan.js';

const policy = new PicklePolicy(PROFILE_IDS);
const bytes = (...parts: (string | Uint8Array | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const u64 = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return b; };
const sbu = (text: string) => bytes([0x8c, text.length], text);
const scan = (data: Uint8Array, budget?: Parameters<typeof scanPickle>[1]['budget']): ScanOutcome =>
  scanPickle(new BufferSource(data), { policy, ...(budget ? { budget } : {}) });
const types = (outcome: ScanOutcome) => outcome.events.map((e) => (e.type === 'global' ? `${e.type}:${e.global.written}:${e.use}:${e.verdict.kind}` : e.type));
const CALL_TRUE = bytes('X', u32(4), 'true', '\x85R');

describe('the symbolic pickle machine', () => {
  it('memoizes the stack top: BINPUT after POP stores what is left, not the popped value', () => {
    const data = bytes('\x80\x04', sbu('os'), sbu('x'), '0q\x01', sbu('system'), 'q\x02h\x01h\x02\x93', CALL_TRUE, '.');
    expect(types(scan(data))).toEqual(['global:os.system:invoked:dangerous']);
  });

  it('gives MEMOIZE the number of filled slots as its index, whatever PUT used', () => {
    // BINPUT 5, then MEMOIZE stores at index 1 (one slot filled), so GET 1 is "system".
    const data = bytes('\x80\x04', sbu('os'), 'q\x05', sbu('system'), '\x94h\x05h\x01\x93', CALL_TRUE, '.');
    expect(types(scan(data))).toEqual(['global:os.system:invoked:dangerous']);
  });

  it('fails on a memo slot that was never filled', () => {
    const outcome = scan(bytes('\x80\x02h\x07.'));
    expect(outcome.events).toEqual([expect.objectContaining({ type: 'malformed', message: expect.stringContaining('memo value not found') })]);
  });

  it('lets POP remove a mark on top, and keeps the mark fence for PUT and POP', () => {
    expect(types(scan(bytes('\x80\x02N(0.')))).toEqual([]);
    expect(scan(bytes('\x80\x02N(q\x00.')).events[0]).toMatchObject({ type: 'malformed', message: expect.stringContaining('underflow') });
  });

  it('resolves callables through DUP and tuples', () => {
    const data = bytes('\x80\x02cos\nsystem\n2', CALL_TRUE, '0', CALL_TRUE, '.');
    expect(types(scan(data))).toEqual(['global:os.system:invoked:dangerous']);
  });

  it('maps Python 2 names below protocol 3 only', () => {
    expect(types(scan(bytes('\x80\x02c__builtin__\nset\n)R.')))).toEqual([]);
    expect(types(scan(bytes('\x80\x03c__builtin__\nset\n)R.')))).toEqual(['global:__builtin__.set:invoked:unknown']);
    expect(types(scan(bytes('\x80\x04c__builtin__\neval\nN\x85R.')))).toEqual(['global:__builtin__.eval:invoked:dangerous']);
  });

  it('accepts a read that starts at a frame end and flags one that crosses it', () => {
    const inFrame = bytes('\x80\x04\x95', u64(2n), 'N0', 'N.');
    expect(types(scan(inFrame))).toEqual([]);
    const crossing = bytes('\x80\x04\x95', u64(2n), 'K', [1], '.');
    expect(types(scan(crossing))).toEqual([]);
    const outside = bytes('\x80\x04\x95', u64(1n), 'J', u32(7), '.');
    expect(types(scan(outside))).toEqual([]);
    const crosses = bytes('\x80\x04\x95', u64(2n), 'J', u32(7), '.');
    expect(types(scan(crosses))).toEqual(['frame']);
  });

  it('rejects protocols above 5 and unknown opcodes as malformed', () => {
    expect(scan(bytes('\x80\x06N.')).events[0]).toMatchObject({ type: 'malformed', message: 'unsupported pickle protocol: 6' });
    expect(scan(bytes('\x80\x02\xff')).events[0]).toMatchObject({ type: 'malformed', message: expect.stringContaining('invalid load key') });
  });

  it('does not allocate for huge declared lengths: BINBYTES8 of 2^60 is a truncation', () => {
    const outcome = scan(bytes('\x80\x04\x8e', u64(1n << 60n), 'xx'));
    expect(outcome.events).toEqual([expect.objectContaining({ type: 'malformed', message: expect.stringContaining('truncated') })]);
    expect(scan(bytes('\x80\x04\x95', u64(1n << 62n), 'N.')).events[0]).toMatchObject({ type: 'malformed' });
  });

  it('handles 200,000 nested lists without recursion', () => {
    const depth = 200_000;
    const data = bytes('\x80\x02', '('.repeat(depth), ']', 'l'.repeat(depth), '.');
    expect(types(scan(data))).toEqual([]);
    const appends = bytes('\x80\x02', ']('.repeat(depth), ']', 'e'.repeat(depth), '.');
    expect(types(scan(appends))).toEqual([]);
  });

  it('streams past 1.2 M padding opcodes and still finds the payload (no opcode cap)', () => {
    const data = bytes('\x80\x02', '(', 'N'.repeat(1_200_000), '1', 'cuuid\n_get_command_stdout\n', CALL_TRUE, '.');
    expect(types(scan(data))).toEqual(['global:uuid._get_command_stdout:invoked:dangerous']);
  });

  it('keeps findings and says inconclusive when a budget is exceeded, skimming the rest for names', () => {
    const data = bytes('\x80\x02', 'N'.repeat(70_000), 'cos\nsystem\n.');
    const outcome = scan(data, { maxStack: 1000, maxMarks: 10, maxMemo: 10 });
    expect(outcome.inconclusive[0]).toMatch(/value stack grew past 1000 items/);
    expect(types(outcome)).toEqual(['global:os.system:referenced:dangerous']);
  });

  it('scans several pickles and resyncs after junk, but never reads legacy torch storages', () => {
    const second = bytes('\x80\x04', 'cos\nsystem\n', CALL_TRUE, '.');
    const outcome = scan(bytes('\x80\x02N.', 'JUNK!!', second));
    expect(types(outcome)).toEqual(['trailing-data', 'global:os.system:invoked:dangerous']);
    const magic = bytes('\x80\x02\x8a\x0a', [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19], '.');
    const legacy = bytes(magic, '\x80\x02M\xe9\x03.', '\x80\x02}.', '\x80\x02}.', '\x80\x02].', second);
    const legacyOutcome = scan(legacy);
    expect(types(legacyOutcome)).toEqual([]);
    expect(legacyOutcome.notes[0]).toMatch(/raw tensor storage/);
  });

  it('reports nothing and does not fail on empty input', () => {
    expect(scan(new Uint8Array(0))).toMatchObject({ events: [], inconclusive: [] });
  });
});
