/**
 * @module The end of central directory record (and its ZIP64 variant): where the central directory is and how
 * many entries it lists. Found the way miniz (PyTorch's reader) and CPython's zipfile both find it: the last
 * signature in the final 64 KiB + 22 bytes that leaves room for the record.
 */
import type { ByteSource } from '../../../lib/byte-source.js';
import { u16, u32, u64 } from '../../../lib/chunked-reader.js';

const END_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const END_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_END_SIZE = 56;
const MAX_COMMENT = 0xffff;

export interface EndRecord {
  /** Offset of the (classic) end record. */
  readonly offset: number;
  readonly entryCount: number;
  readonly directoryOffset: number;
  readonly directorySize: number;
  /** Where the central directory must end: the ZIP64 end record if there is one, else the classic one. */
  readonly directoryEnd: number;
  readonly zip64: boolean;
  /** Problems with the records themselves (a broken ZIP64 locator, several disks). */
  readonly problems: readonly string[];
}

function lastSignature(tail: Uint8Array): number {
  for (let i = tail.length - END_SIZE; i >= 0; i--) {
    if (tail[i] === 0x50 && u32(tail, i) === END_SIGNATURE) return i;
  }
  return -1;
}

/** Reads the end records, or returns undefined when the file has none (not a complete zip). */
export function readEndRecord(source: ByteSource): EndRecord | undefined {
  const tailStart = Math.max(0, source.size - END_SIZE - MAX_COMMENT);
  const tail = source.read(tailStart, source.size - tailStart);
  const at = lastSignature(tail);
  if (at < 0) return undefined;
  const offset = tailStart + at;
  const problems: string[] = [];
  if (u16(tail, at + 4) !== 0 || u16(tail, at + 6) !== 0) problems.push('the end record names several disks, which PyTorch and zipfile refuse');
  const classic = { entryCount: u16(tail, at + 10), directorySize: u32(tail, at + 12), directoryOffset: u32(tail, at + 16) };
  if (offset < ZIP64_LOCATOR_SIZE) return { offset, ...classic, directoryEnd: offset, zip64: false, problems };

  const locator = source.read(offset - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
  if (u32(locator, 0) !== ZIP64_LOCATOR_SIGNATURE) return { offset, ...classic, directoryEnd: offset, zip64: false, problems };
  const zip64Offset = u64(locator, 8);
  const record = Number.isFinite(zip64Offset) ? source.read(zip64Offset, ZIP64_END_SIZE) : new Uint8Array(0);
  if (record.length < ZIP64_END_SIZE || u32(record, 0) !== ZIP64_END_SIGNATURE) {
    problems.push(`the ZIP64 locator points to offset ${zip64Offset}, where there is no ZIP64 end record`);
    return { offset, ...classic, directoryEnd: offset - ZIP64_LOCATOR_SIZE, zip64: false, problems };
  }
  return {
    offset,
    entryCount: u64(record, 32),
    directorySize: u64(record, 40),
    directoryOffset: u64(record, 48),
    directoryEnd: zip64Offset,
    zip64: true,
    problems,
  };
}
