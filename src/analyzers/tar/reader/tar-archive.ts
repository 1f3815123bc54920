/**
 * @module Lists a tar archive the way CPython's tarfile reads it (the reader PyTorch's oldest format goes
 * through): pax and GNU long names applied, pax `size` overriding the header's, data skipped only for regular
 * files and unknown types, reading stopped at the first zero block. Only headers are read; member data is left
 * where it is.
 */
import type { ByteSource } from '../../../lib/byte-source.js';
import { ChunkedReader } from '../../../lib/chunked-reader.js';
import { BLOCK, checksumMatches, fieldText, isZeroBlock, parseHeader } from './header.js';
import { parsePax } from './pax.js';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo';

export interface TarEntry {
  readonly name: string;
  readonly linkName: string;
  readonly kind: EntryKind;
  readonly type: string;
  /** Declared data size (a pax `size` wins over the header's). */
  readonly size: number;
  readonly headerOffset: number;
  readonly dataOffset: number;
}

export interface TarProblem {
  readonly message: string;
  readonly offset: number;
}

export interface TarArchive {
  readonly entries: readonly TarEntry[];
  readonly problems: readonly TarProblem[];
  /** Why members may have been missed (truncation, a broken header, sparse files); undefined if complete. */
  readonly incomplete?: string;
}

/** Long names and pax headers are read into memory: bounded, as a hostile one can declare any size. */
const MAX_METADATA_BYTES = 1024 * 1024;
/** No file system takes longer paths; all names together are bounded too, since they stay in memory. */
const MAX_NAME_LENGTH = 64 * 1024;
const MAX_NAMES_LENGTH = 256 * 1024 * 1024;
/** Headers are read through a window this size: many small members share one read, a big member wastes little. */
const HEADER_WINDOW = 64 * 1024;
const KINDS: Readonly<Record<string, EntryKind>> = { '1': 'hardlink', '2': 'symlink', '3': 'device', '4': 'device', '5': 'directory', '6': 'fifo' };

const blocks = (size: number) => Math.ceil(size / BLOCK) * BLOCK;

/** The pax keywords that change how a member is listed; the rest (times, owners, charsets) are dropped. */
interface PaxFields {
  path?: string;
  linkpath?: string;
  size?: string;
  sparse?: boolean;
}

function paxFields(values: ReadonlyMap<string, string>): PaxFields {
  const fields: PaxFields = {};
  for (const key of ['path', 'linkpath', 'size'] as const) {
    const value = values.get(key);
    if (value !== undefined) fields[key] = value;
  }
  if ([...values.keys()].some((key) => key.startsWith('GNU.sparse.'))) fields.sparse = true;
  return fields;
}

export function readTarArchive(source: ByteSource, maxEntries: number): TarArchive {
  const reader = new ChunkedReader(source, HEADER_WINDOW);
  const entries: TarEntry[] = [];
  const problems: TarProblem[] = [];
  let globalPax: PaxFields = {};
  let pax: PaxFields = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let namesLength = 0;
  const stop = (message: string, offset: number, incomplete: string): TarArchive => {
    problems.push({ message, offset });
    return { entries, problems, incomplete };
  };

  for (let offset = 0; offset + BLOCK <= source.size; ) {
    const block = reader.bytes(offset, BLOCK);
    if (isZeroBlock(block)) {
      // tarfile stops at the first zero block; GNU tar takes a lone one for padding and reads on.
      const next = reader.bytes(offset + BLOCK, BLOCK);
      if (next.length < BLOCK || isZeroBlock(next) || !checksumMatches(next)) break;
      problems.push({ message: `a lone zero block at offset ${offset} is followed by more headers: tarfile stops there, GNU tar reads on (aigis scanned both parts)`, offset });
      offset += BLOCK;
      continue;
    }
    const header = checksumMatches(block) ? parseHeader(block) : undefined;
    if (!header) {
      const where = offset === 0 ? 'the first header is not a valid tar header' : `the header at offset ${offset} is not valid (bad checksum or size): tarfile stops reading there, GNU tar skips ahead and reads on`;
      return stop(where, offset, `the tar archive has an invalid header at offset ${offset}; members after it were not read`);
    }
    const dataOffset = offset + BLOCK;
    if (header.type === 'L' || header.type === 'K' || header.type === 'x' || header.type === 'g') {
      if (header.size > MAX_METADATA_BYTES || dataOffset + header.size > source.size) {
        return stop(`the ${header.type === 'x' || header.type === 'g' ? 'pax' : 'GNU long name'} header at offset ${offset} declares ${header.size} bytes`, offset, `a tar metadata header at offset ${offset} is too large or truncated; members after it were not read`);
      }
      const data = source.read(dataOffset, header.size);
      if (header.type === 'L') longName = fieldText(data, 0, data.length);
      else if (header.type === 'K') longLink = fieldText(data, 0, data.length);
      else {
        const records = parsePax(data);
        if (records.error) problems.push({ message: records.error, offset });
        if (header.type === 'g') globalPax = { ...globalPax, ...paxFields(records.values) };
        else pax = paxFields(records.values);
      }
      offset = dataOffset + blocks(header.size);
      continue;
    }

    const values = { ...globalPax, ...pax };
    const size = values.size !== undefined && /^[0-9]{1,15}$/.test(values.size) ? Number(values.size) : header.size;
    let name = values.path ?? longName ?? header.name;
    const linkName = values.linkpath ?? longLink ?? header.linkName;
    pax = {};
    longName = longLink = undefined;
    if (header.type === 'S' || values.sparse) {
      return stop(`member "${name}" is a sparse file, which aigis does not read`, offset, `the tar archive holds a sparse member (${name}), which aigis cannot read`);
    }
    if (header.type === 'M' || header.type === 'V') {
      return stop(`the archive is part of a multi-volume set (type ${header.type} at offset ${offset})`, offset, 'the tar archive continues in another volume; extract the whole set and scan the result');
    }
    // tarfile reads an old-style regular file whose name ends in "/" as a folder.
    const kind: EntryKind = KINDS[header.type] ?? (header.type === '\0' && name.endsWith('/') ? 'directory' : 'file');
    if (kind === 'directory') name = name.replace(/\/+$/, '');
    if (name.length > MAX_NAME_LENGTH || linkName.length > MAX_NAME_LENGTH) {
      return stop(`the entry at offset ${offset} has a name or link target longer than ${MAX_NAME_LENGTH} characters`, offset, `a tar entry at offset ${offset} has an implausibly long name; members after it were not read`);
    }
    namesLength += name.length + linkName.length;
    if (entries.length >= maxEntries || namesLength > MAX_NAMES_LENGTH) {
      return { entries, problems, incomplete: `the tar archive holds more entries than aigis reads (${entries.length} read; at most ${maxEntries} entries or 256 MiB of names)` };
    }
    entries.push({ name, linkName, kind, type: header.type, size, headerOffset: offset, dataOffset });

    if (kind !== 'file') {
      // tarfile does not skip data of links, folders or devices: whatever follows is read as the next header.
      if (size > 0) problems.push({ message: `${kind} entry "${name}" declares ${size} bytes of data, which tarfile reads as headers and other tools skip`, offset });
      offset = dataOffset;
      continue;
    }
    if (dataOffset + size > source.size) {
      return stop(`member "${name}" declares ${size} bytes but only ${Math.max(0, source.size - dataOffset)} remain: the archive is truncated`, offset, `the tar archive is truncated inside member ${name}`);
    }
    offset = dataOffset + blocks(size);
  }
  return { entries, problems };
}
