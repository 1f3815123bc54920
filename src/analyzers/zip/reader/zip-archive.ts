/**
 * @module Lists a zip the way PyTorch's loader (miniz) reads it: the central directory decides names, sizes
 * and methods, the local header only where the data starts; CRCs and flag bits other than encryption are
 * ignored. Whatever a stricter or a streaming reader would see differently is recorded as a problem or a
 * mismatch, never thrown. Only headers are read, so the cost does not grow with the members' sizes; the
 * directory is read first, so that the caller can tell which entries are raw data before their local headers
 * are read.
 */
import type { ByteSource } from '../../../lib/byte-source.js';
import { ChunkedReader } from '../../../lib/chunked-reader.js';
import type { CentralEntry } from './central-directory.js';
import { readCentralDirectory } from './central-directory.js';
import { readEndRecord } from './end-record.js';
import { decodeName, sameBytes } from './entry-name.js';
import type { LocalHeader } from './local-header.js';
import { LOCAL_SIZE, readLocalHeader } from './local-header.js';

/** Flag bits that change how a member is read: encrypted, compressed patch data, strong encryption. */
export const ENCRYPTION_FLAGS = 0x1 | 0x20 | 0x40;

export interface ZipEntry extends CentralEntry {
  /** The caller takes this entry as raw data (a PyTorch storage): its local header was not read. */
  readonly rawData?: boolean;
  readonly local?: LocalHeader;
  /** Where the member's bytes start; undefined when no local header is where the directory points. */
  readonly dataOffset?: number;
  /** How the local header disagrees with the directory. */
  readonly mismatches: readonly string[];
}

export interface ZipProblem {
  readonly message: string;
  readonly offset?: number;
}

/** The central directory as read, before any local header is. */
export interface ZipDirectory {
  readonly entries: readonly CentralEntry[];
  readonly problems: readonly ZipProblem[];
  /** Why the listing may be missing members (no central directory, too many entries); undefined if complete. */
  readonly incomplete?: string;
  /** Where the directory lies, once any shift is applied. */
  readonly span?: { readonly start: number; readonly end: number };
  /** Added to every local header offset (zipfile's allowance for data in front of an archive). */
  readonly shift: number;
  /** Set when there was no usable directory: entries found by walking local headers instead. */
  readonly recovered?: readonly ZipEntry[];
}

export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  /** Structural problems: malformed, but the members listed can still be read. */
  readonly problems: readonly ZipProblem[];
  readonly incomplete?: string;
}

const LOCAL_HEADER_WINDOW = 512;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function centralSignatureAt(source: ByteSource, offset: number): boolean {
  const head = source.read(offset, 4);
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x01 && head[3] === 0x02;
}

function mismatchesOf(central: CentralEntry, local: LocalHeader): string[] {
  const found: string[] = [];
  if (!sameBytes(central.nameBytes, local.nameBytes)) found.push(`the local header names it "${decodeName(local.nameBytes)}"`);
  if (central.method !== local.method) found.push(`compression method ${local.method} in the local header, ${central.method} in the directory`);
  const flagDifference = (central.flags ^ local.flags) & ENCRYPTION_FLAGS;
  if (flagDifference) found.push(`encryption flag bits 0x${flagDifference.toString(16)} differ (local 0x${local.flags.toString(16)}, directory 0x${central.flags.toString(16)})`);
  if (local.compressedSize !== undefined && local.compressedSize !== central.compressedSize) {
    found.push(`compressed size ${local.compressedSize} in the local header, ${central.compressedSize} in the directory`);
  }
  if (local.size !== undefined && local.size !== central.size) found.push(`size ${local.size} in the local header, ${central.size} in the directory`);
  return found;
}

/** Entries whose bytes start inside an earlier entry's bytes (or the directory's): overlap bombs, hidden data. */
function overlapProblems(entries: readonly ZipEntry[], directory: { start: number; end: number }): ZipProblem[] {
  // An entry whose local header was not read ends at least where its name would: a lower bound, never a false overlap.
  const ranges = [{ name: '(central directory)', start: directory.start, end: directory.end }];
  for (const e of entries) {
    if (Number.isFinite(e.localOffset)) ranges.push({ name: e.name, start: e.localOffset, end: (e.dataOffset ?? e.localOffset + LOCAL_SIZE + e.nameBytes.length) + e.compressedSize });
  }
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  let overlaps = 0;
  let first: string | undefined;
  let reach = { name: '', end: -1 };
  for (const range of ranges) {
    if (range.start < reach.end && range.end > range.start) {
      overlaps++;
      first ??= `"${range.name}" starts inside "${reach.name}"`;
    }
    if (range.end > reach.end) reach = { name: range.name, end: range.end };
  }
  return overlaps === 0 ? [] : [{ message: `${overlaps} entr${overlaps === 1 ? 'y overlaps' : 'ies overlap'} the bytes of another (${first}): members share data, as in overlap zip bombs` }];
}

/** Without a usable central directory: walk local headers from the start, as a streaming extractor would. */
function recoverFromLocalHeaders(source: ByteSource, maxEntries: number, problems: ZipProblem[]): ZipDirectory {
  const reader = new ChunkedReader(source, LOCAL_HEADER_WINDOW);
  const entries: ZipEntry[] = [];
  let incomplete = 'the central directory is missing or unusable: members were found by walking local headers, and some may be missed';
  for (let at = 0; at < source.size; ) {
    const local = readLocalHeader(reader, at);
    if (!local) break;
    if (entries.length >= maxEntries || local.compressedSize === undefined) {
      if (local.compressedSize === undefined) incomplete = `the central directory is missing or unusable, and the local header at offset ${at} defers its sizes to a data descriptor: members from there on cannot be located`;
      break;
    }
    entries.push({
      index: entries.length,
      offset: at,
      nameBytes: local.nameBytes,
      name: decodeName(local.nameBytes),
      madeBy: 0,
      flags: local.flags,
      method: local.method,
      compressedSize: local.compressedSize,
      size: local.size ?? local.compressedSize,
      localOffset: at,
      externalAttributes: 0,
      local,
      dataOffset: local.dataOffset,
      mismatches: [],
    });
    at = local.dataOffset + local.compressedSize;
  }
  return { entries, problems, incomplete, shift: 0, recovered: entries };
}

export function readZipDirectory(source: ByteSource, maxEntries: number): ZipDirectory {
  const problems: ZipProblem[] = [];
  const end = readEndRecord(source);
  if (!end) {
    problems.push({ message: 'there is no end of central directory record: the archive is truncated or damaged, and PyTorch and zipfile refuse it' });
    return recoverFromLocalHeaders(source, maxEntries, problems);
  }
  problems.push(...end.problems.map((message) => ({ message, offset: end.offset })));

  // zipfile allows data in front of an archive and shifts every offset by it; miniz does not.
  const shiftBy = end.directoryEnd - end.directorySize - end.directoryOffset;
  let shift = 0;
  if (!centralSignatureAt(source, end.directoryOffset)) {
    if (end.entryCount === 0 && end.directorySize === 0) return { entries: [], problems, shift: 0 };
    if (shiftBy !== 0 && centralSignatureAt(source, end.directoryOffset + shiftBy)) {
      shift = shiftBy;
      problems.push({ message: `the central directory is ${shiftBy} bytes away from where the end record points: zipfile reads it there (it allows data in front of an archive), PyTorch does not`, offset: end.offset });
    } else {
      problems.push({ message: `the end record points the central directory at offset ${end.directoryOffset}, where there is none`, offset: end.offset });
      return recoverFromLocalHeaders(source, maxEntries, problems);
    }
  } else if (shiftBy !== 0) {
    problems.push({ message: `the central directory does not end where the end record begins (${shiftBy} bytes apart): readers disagree on where it is`, offset: end.offset });
  }

  const start = end.directoryOffset + shift;
  const directory = readCentralDirectory(source, start, end.directorySize, maxEntries);
  if (directory.strayBytesAt !== undefined) {
    problems.push({ message: 'the central directory holds bytes that are not directory entries (zipfile refuses the archive there)', offset: directory.strayBytesAt });
  }
  if (!directory.truncated && directory.entries.length !== end.entryCount) {
    problems.push({ message: `the end record counts ${plural(end.entryCount, 'entry', 'entries')} but the directory holds ${directory.entries.length}: PyTorch reads the count, zipfile the directory`, offset: end.offset });
  }

  const span = { start, end: start + end.directorySize };
  const incomplete = directory.truncated ? `the archive lists more entries than aigis reads (${directory.entries.length} read; at most ${maxEntries} entries or 256 MiB of directory)` : undefined;
  return { entries: directory.entries, problems, shift, span, ...(incomplete ? { incomplete } : {}) };
}

/**
 * Reads the local header of every entry, except those the caller takes as raw data (PyTorch tensor storages:
 * only where their bytes start would matter, and they are not scanned), which saves one read per tensor.
 */
export function locateEntries(source: ByteSource, directory: ZipDirectory, isRawData: (entry: CentralEntry) => boolean): ZipArchive {
  const problems = [...directory.problems];
  const incomplete = directory.incomplete === undefined ? {} : { incomplete: directory.incomplete };
  if (directory.recovered) {
    const entries = directory.recovered.map((entry) => (isRawData(entry) ? { ...entry, rawData: true } : entry));
    return { entries, problems, ...incomplete };
  }
  const reader = new ChunkedReader(source, LOCAL_HEADER_WINDOW);
  const entries = directory.entries.map((central): ZipEntry => {
    const localOffset = central.localOffset + directory.shift;
    if (isRawData(central)) return { ...central, localOffset, rawData: true, mismatches: [] };
    const local = Number.isFinite(localOffset) ? readLocalHeader(reader, localOffset) : undefined;
    if (!local) {
      problems.push({ message: `entry "${central.name}" points to offset ${central.localOffset}, where there is no local header`, offset: central.offset });
      return { ...central, localOffset, mismatches: [] };
    }
    if (local.dataOffset + central.compressedSize > source.size) {
      problems.push({ message: `entry "${central.name}" declares ${central.compressedSize} bytes of data, which run past the end of the file`, offset: localOffset });
    }
    return { ...central, localOffset, local, dataOffset: local.dataOffset, mismatches: mismatchesOf(central, local) };
  });
  if (directory.span) problems.push(...overlapProblems(entries, directory.span));
  return { entries, problems, ...incomplete };
}
