/**
 * @module Local file headers. Readers that follow the central directory (PyTorch, zipfile) take only the data
 * offset from here; streaming extractors trust these fields instead, so any disagreement is a parser
 * differential (GHSA-w8jq-xcqf-f792 class).
 */
import type { ChunkedReader } from '../../../lib/chunked-reader.js';
import { u16, u32 } from '../../../lib/chunked-reader.js';
import { zip64Values } from './central-directory.js';

const LOCAL_SIGNATURE = 0x04034b50;
export const LOCAL_SIZE = 30;
const MAX32 = 0xffffffff;

export interface LocalHeader {
  readonly offset: number;
  readonly flags: number;
  readonly method: number;
  /** Undefined when the header defers its sizes to a data descriptor (flag bit 3) or saturates them. */
  readonly compressedSize?: number;
  readonly size?: number;
  readonly nameBytes: Uint8Array;
  readonly dataOffset: number;
}

/** The local header at `offset`, or undefined when no complete local header is there. */
export function readLocalHeader(reader: ChunkedReader, offset: number): LocalHeader | undefined {
  const head = reader.bytes(offset, LOCAL_SIZE);
  if (head.length < LOCAL_SIZE || u32(head, 0) !== LOCAL_SIGNATURE) return undefined;
  const flags = u16(head, 6);
  const nameLength = u16(head, 26);
  const extraLength = u16(head, 28);
  const variable = reader.bytes(offset + LOCAL_SIZE, nameLength + extraLength);
  if (variable.length < nameLength + extraLength) return undefined; // cut off by the end of the file
  const rawCompressed = u32(head, 18);
  const rawSize = u32(head, 22);
  const [size, compressedSize] = zip64Values(variable.subarray(nameLength), [rawSize === MAX32, rawCompressed === MAX32]);
  const deferred = (flags & 0x8) !== 0;
  const known = (raw: number, wide: number | undefined) => (deferred ? undefined : raw === MAX32 ? wide : raw);
  const sizes = { compressedSize: known(rawCompressed, compressedSize), size: known(rawSize, size) };
  return {
    offset,
    flags,
    method: u16(head, 8),
    ...(sizes.compressedSize === undefined ? {} : { compressedSize: sizes.compressedSize }),
    ...(sizes.size === undefined ? {} : { size: sizes.size }),
    nameBytes: variable.slice(0, nameLength),
    dataOffset: offset + LOCAL_SIZE + nameLength + extraLength,
  };
}
