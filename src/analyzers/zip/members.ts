/**
 * @module Hands each member to the engine as PyTorch would read it: stored members as windows onto the file
 * (nothing copied), deflated ones as lazily inflated sources. Raw tensor storages are skipped, encrypted
 * members and unknown methods leave the file inconclusive, and inflating never passes the declared size, the
 * bomb bound or the in-memory cap, so at most one member's bytes are held at a time.
 */
import type { FileContext, FileInput } from '../../core/analyzer.js';
import type { ByteSource } from '../../lib/byte-source.js';
import { inflateBounded } from '../../lib/bounded-inflate.js';
import type { LimitedReport } from '../../lib/limited-reports.js';
import { isDirectory, isEncrypted, isSymlink, reportLimited } from './entry-checks.js';
import { DeflatedMemberSource } from './member-source.js';
import type { ZipEntry } from './reader/zip-archive.js';
import { compressionBomb } from './rules/compression-bomb.js';
import { malformedArchive } from './rules/malformed-archive.js';

/** The most one inflated member may take in memory. */
export const MAX_MEMBER_BYTES = 1024 ** 3;
const BOMB_RATIO = 100;
const BOMB_FLOOR = 64 * 1024 * 1024;
const STORED = 0;
const DEFLATED = 8;
const METHOD_NAMES: Readonly<Record<number, string>> = { 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'zstd', 95: 'xz', 98: 'PPMd', 99: 'AES encryption' };

/**
 * A member that declares more than this expands like a bomb: more than 100 times its compressed bytes (those
 * actually in the file, whatever the header claims), and past 64 MiB.
 */
function bombBound(compressed: ByteSource): number {
  return Math.max(BOMB_RATIO * compressed.size, BOMB_FLOOR);
}

function compressedBytes(source: ByteSource, entry: ZipEntry): ByteSource {
  return source.slice(entry.dataOffset ?? source.size, entry.compressedSize);
}

/** A small member's content (a link target, a code file), or undefined when it cannot be read. */
export function smallMemberBytes(source: ByteSource, entry: ZipEntry, limit: number): Uint8Array | undefined {
  if (entry.dataOffset === undefined || isEncrypted(entry)) return undefined;
  if (entry.method === STORED) return compressedBytes(source, entry).read(0, Math.min(limit, entry.size));
  if (entry.method !== DEFLATED) return undefined;
  const input = compressedBytes(source, entry);
  return inflateBounded(input.read(0, Math.min(input.size, limit + 1024 * 1024)), 'raw', Math.min(limit, entry.size)).bytes;
}

/**
 * @param capped aigis inflates less than the declared size (a bomb, or a member larger than it holds in memory)
 */
function describeOutcome(entry: ZipEntry, source: DeflatedMemberSource, declared: number, capped: boolean): string | undefined {
  const outcome = source.outcome;
  if (!outcome) return undefined;
  const read = outcome.bytes.length;
  if (outcome.end === 'corrupt' || outcome.end === 'truncated') {
    return `Entry "${entry.name}": its deflate stream breaks after ${read} bytes (${outcome.error ?? outcome.end}); aigis scanned those bytes, as a loader would run them before failing.`;
  }
  if (capped) return undefined;
  if (outcome.end === 'limit') return `Entry "${entry.name}" inflates to more than the ${declared} bytes it declares; PyTorch refuses it, zipfile reads only the declared bytes.`;
  if (read < declared) return `Entry "${entry.name}" inflates to ${read} bytes but declares ${declared}.`;
  return undefined;
}

export async function emitMembers(file: FileInput, entries: readonly ZipEntry[], context: FileContext<unknown>): Promise<void> {
  const malformed: LimitedReport[] = [];
  const bombs: LimitedReport[] = [];
  let skippedStorages = 0;
  for (const entry of entries) {
    if (entry.rawData) {
      skippedStorages++;
      continue;
    }
    if (isDirectory(entry) || isSymlink(entry) || isEncrypted(entry) || entry.dataOffset === undefined || entry.size === 0) continue;
    if (entry.method === STORED) {
      if (entry.compressedSize !== entry.size) {
        malformed.push({ message: `Stored entry "${entry.name}" declares ${entry.compressedSize} stored bytes but a size of ${entry.size}: PyTorch refuses it, zipfile reads the smaller.`, offset: entry.offset });
      }
      await context.emitMember(entry.name, file.source.slice(entry.dataOffset, Math.min(entry.compressedSize, entry.size)));
    } else if (entry.method === DEFLATED) {
      // A bomb is handed on as its scannable prefix; any other member keeps its declared size, and only
      // readers that go past what aigis inflates make the file inconclusive.
      const compressed = compressedBytes(file.source, entry);
      const bomb = entry.size > bombBound(compressed);
      const inflateLimit = Math.min(entry.size, MAX_MEMBER_BYTES, bombBound(compressed));
      if (bomb) {
        bombs.push({
          message: `Entry "${entry.name}" declares ${entry.size} bytes from ${entry.compressedSize} compressed (${Math.round(entry.size / Math.max(1, entry.compressedSize))}x); aigis scanned only its first ${inflateLimit} bytes.`,
          evidence: entry.name,
          offset: entry.offset,
        });
      }
      const member = new DeflatedMemberSource(compressed, bomb ? inflateLimit : entry.size, inflateLimit);
      await context.emitMember(entry.name, member);
      const problem = describeOutcome(entry, member, entry.size, inflateLimit < entry.size);
      if (problem) malformed.push({ message: problem, evidence: entry.name, offset: entry.offset });
      if (member.readPastLimit && !bomb) {
        context.inconclusive(`zip member ${entry.name} inflates to ${entry.size} bytes; aigis holds at most ${MAX_MEMBER_BYTES} bytes of one member in memory, so only that much of it was scanned`);
      }
    } else {
      const method = METHOD_NAMES[entry.method] ?? `method ${entry.method}`;
      context.inconclusive(`zip member ${entry.name} is compressed with ${method}, which aigis cannot read (PyTorch cannot either); extract it and scan the result`);
    }
  }
  reportLimited(context, malformedArchive, malformed);
  reportLimited(context, compressionBomb, bombs);
  if (bombs.length > 0) context.inconclusive(`${bombs.length} zip member${bombs.length === 1 ? '' : 's'} expand like a decompression bomb (first: ${bombs[0]!.evidence}); only a prefix was scanned`);
  if (skippedStorages > 0) context.note(`${skippedStorages} raw PyTorch tensor storages not scanned: PyTorch copies their bytes into tensors and never unpickles them`);
}
