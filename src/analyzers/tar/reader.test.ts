import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../lib/byte-source.js';
import { pickleExtent } from './pickle-extent.js';
import { checksumMatches, fieldNumber } from './reader/header.js';
import { parsePax } from './reader/pax.js';
import { splitStorages, splitTensors } from './torch-legacy.js';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('tar header fields', () => {
  it('reads octal and GNU base-256 numbers, and refuses anything else', () => {
    expect(fieldNumber(bytes('0000644\0'), 0, 8)).toBe(0o644);
    expect(fieldNumber(bytes('  17 \0\0\0'), 0, 8)).toBe(0o17);
    expect(fieldNumber(bytes('\0\0\0\0\0\0\0\0'), 0, 8)).toBe(0);
    expect(fieldNumber(Uint8Array.from([0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]), 0, 12)).toBe(2 ** 32);
    expect(fieldNumber(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0, 8)).toBeUndefined();
    expect(fieldNumber(Uint8Array.from([0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0, 12)).toBeUndefined();
    expect(fieldNumber(bytes('12a4\0'), 0, 5)).toBeUndefined();
  });

  it('accepts the checksum summed unsigned or signed, as tarfile does', () => {
    const block = new Uint8Array(512);
    block[0] = 0xff;
    const unsigned = 0xff + 8 * 0x20;
    block.set(bytes(`${unsigned.toString(8).padStart(6, '0')}\0 `), 148);
    expect(checksumMatches(block)).toBe(true);
    block.set(bytes(`${(8 * 0x20 - 1).toString(8).padStart(6, '0')}\0 `), 148);
    expect(checksumMatches(block)).toBe(true);
    block[1] = 1;
    expect(checksumMatches(block)).toBe(false);
  });
});

describe('parsePax', () => {
  it('reads records and stops at the first malformed one', () => {
    expect([...parsePax(bytes('16 path=a/b.txt\n15 size=123456\n')).values]).toEqual([['path', 'a/b.txt'], ['size', '123456']]);
    const broken = parsePax(bytes('16 path=a/b.txt\n99999 size=1\n'));
    expect([...broken.values.keys()]).toEqual(['path']);
    expect(broken.error).toMatch(/malformed pax record at byte 16/);
    expect(parsePax(bytes('11 novalue\n')).error).toMatch(/without "="/);
  });
});

describe('pickleExtent', () => {
  it('finds the end of protocol 0 and 2 pickles and the last GLOBAL', () => {
    const p0 = bytes("cos\nsystem\n(S'true'\ntR.rest");
    expect(pickleExtent(p0, 0)).toEqual({ end: p0.indexOf(0x2e) + 1, lastGlobal: 'os.system' });
    const p2 = bytes('\x80\x02X\x03\x00\x00\x00abcq\x00ctorch\nFloatStorage\nq\x01\x86q\x02.');
    expect(pickleExtent(p2, 0)).toEqual({ end: p2.length, lastGlobal: 'torch.FloatStorage' });
  });

  it('gives up on unknown opcodes, missing STOP and lengths past the end', () => {
    expect(pickleExtent(bytes('\x80\x02\xff.'), 0)).toBeUndefined();
    expect(pickleExtent(bytes('\x80\x02K\x01'), 0)).toBeUndefined();
    expect(pickleExtent(bytes('\x80\x02\x8e\xff\xff\xff\xff\xff\xff\xff\x7f.'), 0)).toBeUndefined();
  });
});

describe('PyTorch legacy records', () => {
  const args = (type: string) => `\x80\x02X\x01\x00\x00\x000q\x00X\x03\x00\x00\x00cpuq\x01ctorch\n${type}\nq\x02\x87q\x03.`;
  const int64 = (n: number) => String.fromCharCode(...new Uint8Array(new BigInt64Array([BigInt(n)]).buffer));

  it('walks storages of several element sizes, keeping only the pickles', () => {
    const record = bytes(`\x80\x02K\x02.${args('DoubleStorage')}${int64(2)}${'A'.repeat(16)}${args('HalfStorage')}${int64(3)}BBBBBB\x80\x02].`);
    const split = splitStorages(new BufferSource(record));
    expect(split.problem).toBeUndefined();
    expect(Buffer.from(split.pickles).toString('latin1')).toBe(`\x80\x02K\x02.${args('DoubleStorage')}${args('HalfStorage')}\x80\x02].`);
  });

  it('stops with a reason at an unknown storage type or an element count past the end', () => {
    expect(splitStorages(new BufferSource(bytes(`\x80\x02K\x01.${args('EvilStorage')}${int64(1)}AAAA\x80\x02].`)))).toMatchObject({ problem: expect.stringMatching(/storage type torch.EvilStorage/) });
    expect(splitStorages(new BufferSource(bytes(`\x80\x02K\x01.${args('FloatStorage')}${int64(2 ** 40)}\x80\x02].`)))).toMatchObject({ problem: expect.stringMatching(/runs past the end/) });
    expect(splitStorages(new BufferSource(bytes('\x80\x02M\xff\xff.')))).toMatchObject({ problem: expect.stringMatching(/pickle 2 .* does not end/) });
  });

  it('walks tensors by their rank', () => {
    const tensor = `${args('FloatTensor')}\x02\x00\x00\x00\x00\x00\x00\x00${'S'.repeat(16)}${'T'.repeat(16)}${'O'.repeat(8)}`;
    const split = splitTensors(new BufferSource(bytes(`\x80\x02K\x02.${tensor}${tensor}`)));
    expect(split.problem).toBeUndefined();
    expect(split.pickles.length).toBe(5 + 2 * args('FloatTensor').length);
  });
});
