import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../lib/byte-source.js';
import { DeflatedMemberSource } from './member-source.js';

const text = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `row ${i} ${(i * 7919) % 10007}\n`).join(''));
const compressed = new BufferSource(deflateRawSync(text));

describe('DeflatedMemberSource', () => {
  it('serves a sniff from a prefix without inflating the whole member', () => {
    expect(compressed.size).toBeGreaterThan(16 * 1024);
    const member = new DeflatedMemberSource(compressed, text.length);
    expect(Buffer.from(member.read(0, 1032)).equals(text.subarray(0, 1032))).toBe(true);
    expect(member.outcome).toBeUndefined();
  });

  it('inflates the whole member for a deeper read, and slices it', () => {
    const member = new DeflatedMemberSource(compressed, text.length);
    expect(Buffer.from(member.read(text.length - 10, 100)).equals(text.subarray(text.length - 10))).toBe(true);
    expect(member.outcome).toMatchObject({ end: 'complete' });
    expect(Buffer.from(member.slice(5, 10).read(0, 100)).equals(text.subarray(5, 15))).toBe(true);
    expect(member.readPastLimit).toBe(false);
  });

  it('keeps its declared size but inflates no more than its limit, and records reads past it', () => {
    const member = new DeflatedMemberSource(compressed, text.length, 1000);
    expect(member.size).toBe(text.length);
    expect(member.read(0, 500).length).toBe(500);
    expect(member.readPastLimit).toBe(false);
    expect(member.read(0, 5000).length).toBe(1000);
    expect(member.readPastLimit).toBe(true);
  });
});
