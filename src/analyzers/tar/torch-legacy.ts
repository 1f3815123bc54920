/**
 * @module PyTorch's oldest checkpoint format (torch 0.1.x, `_legacy_load` in torch/serialization.py): a tar
 * with `sys_info` and `pickle` (plain pickles) and two mixed records. `storages` is a count pickle, then per
 * storage a pickle (key, location, storage type), an int64 element count and the raw elements, then a pickle of
 * views; `tensors` is a count pickle, then per tensor a pickle (key, storage id, type), an int32 rank, 4 padding
 * bytes, rank int64 sizes, rank int64 strides and an int64 offset. torch unpickles every one of those pickles,
 * so each is scanned; the raw bytes between them are not.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import { ChunkedReader } from '../../lib/chunked-reader.js';
import { pickleExtent } from './pickle-extent.js';

export const LEGACY_MIXED_RECORDS = new Set(['storages', 'tensors']);

const ELEMENT_SIZES: Readonly<Record<string, number>> = {
  DoubleStorage: 8, FloatStorage: 4, HalfStorage: 2, BFloat16Storage: 2, LongStorage: 8, IntStorage: 4,
  ShortStorage: 2, CharStorage: 1, ByteStorage: 1, BoolStorage: 1, ComplexDoubleStorage: 16, ComplexFloatStorage: 8,
  QUInt8Storage: 1, QInt8Storage: 1, QInt32Storage: 4, QUInt4x2Storage: 1, QUInt2x4Storage: 1,
};
/** Pickle windows tried, growing: the pickles here are a few dozen bytes. */
const WINDOWS = [4096, 1024 * 1024, 16 * 1024 * 1024];
/** The pickles of one record are gathered in memory; together they may take at most this much. */
const MAX_PICKLE_BYTES = 64 * 1024 * 1024;

export interface SplitRecord {
  /** Every pickle of the record, back to back. */
  readonly pickles: Uint8Array;
  /** Why the walk stopped early, if it did. */
  readonly problem?: string;
}

interface Found {
  readonly bytes: Uint8Array;
  readonly end: number;
  readonly lastGlobal?: string;
}

function pickleAt(reader: ChunkedReader, offset: number): Found | undefined {
  for (const window of WINDOWS) {
    const bytes = reader.bytes(offset, window);
    const extent = pickleExtent(bytes, 0);
    // A copy: the reader's window is reused by the next read.
    if (extent) return { bytes: bytes.slice(0, extent.end), end: offset + extent.end, ...(extent.lastGlobal ? { lastGlobal: extent.lastGlobal } : {}) };
    if (bytes.length < window) return undefined;
  }
  return undefined;
}

/** The value of a pickle that is just a small integer (PROTO, then BININT1/BININT2/BININT, then STOP). */
function plainInteger(bytes: Uint8Array): number | undefined {
  const at = bytes[0] === 0x80 ? 2 : 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [opcode, length] = [bytes[at], bytes.length - at];
  if (opcode === 0x4b && length === 3) return bytes[at + 1];
  if (opcode === 0x4d && length === 4) return view.getUint16(at + 1, true);
  if (opcode === 0x4a && length === 6) return view.getInt32(at + 1, true);
  return undefined;
}

function int64At(source: ByteSource, offset: number): number | undefined {
  const bytes = source.read(offset, 8);
  if (bytes.length < 8) return undefined;
  const value = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true);
  return value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

function int32At(source: ByteSource, offset: number): number | undefined {
  const bytes = source.read(offset, 4);
  return bytes.length < 4 ? undefined : new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
}

/** How many bytes follow an item's pickle before the next one, or a reason why that is unknown. */
type Skip = (item: Found) => number | string;

function walk(source: ByteSource, skip: Skip, trailingPickle: boolean): SplitRecord {
  const reader = new ChunkedReader(source);
  const pieces: Uint8Array[] = [];
  let total = 0;
  const done = (problem?: string): SplitRecord => ({ pickles: Buffer.concat(pieces, total), ...(problem ? { problem } : {}) });
  const take = (found: Found) => {
    pieces.push(found.bytes);
    total += found.bytes.length;
  };
  const count = pickleAt(reader, 0);
  if (!count) return done('its first pickle does not end');
  take(count);
  const items = plainInteger(count.bytes);
  if (items === undefined) return done('its first pickle is not the plain item count torch writes');
  let at = count.end;
  for (let i = 0; i < items; i++) {
    const item = pickleAt(reader, at);
    if (!item) return done(`pickle ${i + 2} (at byte ${at}) does not end`);
    take(item);
    if (total > MAX_PICKLE_BYTES) return done(`its pickles exceed ${MAX_PICKLE_BYTES} bytes`);
    const length = skip(item);
    if (typeof length === 'string') return done(length);
    at = item.end + length;
    if (at > source.size) return done(`item ${i + 1} runs past the end of the record`);
  }
  if (trailingPickle) {
    const views = pickleAt(reader, at);
    if (!views) return done(`the closing pickle (at byte ${at}) does not end`);
    take(views);
  }
  return done();
}

export function splitStorages(source: ByteSource): SplitRecord {
  return walk(
    source,
    (item) => {
      const type = item.lastGlobal?.slice(item.lastGlobal.lastIndexOf('.') + 1);
      const elementSize = type === undefined ? undefined : ELEMENT_SIZES[type];
      if (elementSize === undefined) return `storage type ${item.lastGlobal ?? '(none)'} at byte ${item.end} is not one torch wrote`;
      const elements = int64At(source, item.end);
      return elements === undefined ? `the element count at byte ${item.end} is not valid` : 8 + elements * elementSize;
    },
    true,
  );
}

export function splitTensors(source: ByteSource): SplitRecord {
  return walk(
    source,
    (item) => {
      const rank = int32At(source, item.end);
      return rank === undefined || rank < 0 || rank > 64 ? `the tensor rank at byte ${item.end} is not valid` : 8 + 16 * rank + 8;
    },
    false,
  );
}
