/**
 * @module Central directory entries: the names, sizes, methods and local header offsets that PyTorch (miniz)
 * and zipfile both read members by. Walked by the directory's byte size, as zipfile does; miniz reads the
 * entry count instead, so a count that disagrees is a problem worth reporting.
 */
import type { ByteSource } from '../../../lib/byte-source.js';
import { ChunkedReader, u16, u32, u64 } from '../../../lib/chunked-reader.js';
import { decodeName } from './entry-name.js';

const CENTRAL_SIGNATURE = 0x02014b50;
const CENTRAL_SIZE = 46;
const ZIP64_EXTRA = 0x0001;
const MAX32 = 0xffffffff;
/** Directory bytes walked at most: names are kept in memory, so a hostile directory must not fill it. */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

export interface CentralEntry {
  readonly index: number;
  /** Offset of this directory record. */
  readonly offset: number;
  readonly nameBytes: Uint8Array;
  readonly name: string;
  readonly madeBy: number;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly externalAttributes: number;
}

export interface CentralDirectory {
  readonly entries: CentralEntry[];
  /** Bytes inside the directory's declared range that are not entries (zipfile refuses such an archive). */
  readonly strayBytesAt?: number;
  /** The walk stopped at the entry limit or the directory size limit. */
  readonly truncated: boolean;
}

/** Reads the 64-bit values a ZIP64 extra field holds for the 32-bit fields that are saturated. */
export function zip64Values(extra: Uint8Array, wanted: readonly boolean[]): (number | undefined)[] {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    const body = extra.subarray(at + 4, at + 4 + length);
    if (id === ZIP64_EXTRA) {
      let cursor = 0;
      return wanted.map((want) => {
        if (!want || cursor + 8 > body.length) return undefined;
        cursor += 8;
        return u64(body, cursor - 8);
      });
    }
    at += 4 + length;
  }
  return wanted.map(() => undefined);
}

export function readCentralDirectory(source: ByteSource, start: number, size: number, maxEntries: number): CentralDirectory {
  const reader = new ChunkedReader(source);
  const end = Math.min(source.size, start + size);
  const entries: CentralEntry[] = [];
  let at = start;
  while (at + CENTRAL_SIZE <= end) {
    if (entries.length >= maxEntries || at - start > MAX_DIRECTORY_BYTES) return { entries, truncated: true };
    const head = reader.bytes(at, CENTRAL_SIZE);
    if (head.length < CENTRAL_SIZE || u32(head, 0) !== CENTRAL_SIGNATURE) return { entries, strayBytesAt: at, truncated: false };
    const nameLength = u16(head, 28);
    const extraLength = u16(head, 30);
    const commentLength = u16(head, 32);
    const variable = reader.bytes(at + CENTRAL_SIZE, nameLength + extraLength);
    const nameBytes = variable.slice(0, nameLength);
    const rawCompressed = u32(head, 20);
    const rawSize = u32(head, 24);
    const rawOffset = u32(head, 42);
    // ZIP64 keeps the real values of saturated fields in an extra field; most entries have none.
    const wide = rawSize === MAX32 || rawCompressed === MAX32 || rawOffset === MAX32;
    const [size, compressedSize, localOffset] = wide ? zip64Values(variable.subarray(nameLength), [rawSize === MAX32, rawCompressed === MAX32, rawOffset === MAX32]) : [];
    entries.push({
      index: entries.length,
      offset: at,
      nameBytes,
      name: decodeName(nameBytes),
      madeBy: u16(head, 4),
      flags: u16(head, 8),
      method: u16(head, 10),
      compressedSize: compressedSize ?? rawCompressed,
      size: size ?? rawSize,
      localOffset: localOffset ?? rawOffset,
      externalAttributes: u32(head, 38),
    });
    at += CENTRAL_SIZE + nameLength + extraLength + commentLength;
  }
  return at < end ? { entries, strayBytesAt: at, truncated: false } : { entries, truncated: false };
}
