/**
 * @module Per-entry findings that need only the listing: header mismatches, duplicate names, paths that escape
 * the extraction folder, encrypted members.
 */
import type { FileContext } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import { escapingLinkReason, escapingPathReason, LinkPaths } from '../../lib/archive-path.js';
import type { LimitedReport } from '../../lib/limited-reports.js';
import { reportLimited as limitReports } from '../../lib/limited-reports.js';
import { caseFoldedKey, exactKey } from './reader/entry-name.js';
import type { ZipEntry } from './reader/zip-archive.js';
import { ENCRYPTION_FLAGS } from './reader/zip-archive.js';
import { duplicateEntry } from './rules/duplicate-entry.js';
import { encryptedEntry } from './rules/encrypted-entry.js';
import { headerMismatch } from './rules/header-mismatch.js';
import { pathTraversal } from './rules/path-traversal.js';

/** Reports many similar findings of one rule, the first few in full. */
export function reportLimited(context: FileContext<unknown>, rule: RuleMeta, reports: readonly LimitedReport[]): void {
  limitReports((report) => context.report(rule, report), reports);
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UNIX_HOST = 3;

export function isDirectory(entry: ZipEntry): boolean {
  return entry.name.endsWith('/') || entry.name.endsWith('\\');
}

/** A Unix symbolic link entry: its content is the target path, which unzip recreates as a link. */
export function isSymlink(entry: ZipEntry): boolean {
  return entry.madeBy >> 8 === UNIX_HOST && ((entry.externalAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

export function isEncrypted(entry: ZipEntry): boolean {
  return (entry.flags & ENCRYPTION_FLAGS) !== 0;
}

export function checkHeaders(entries: readonly ZipEntry[], context: FileContext<unknown>): void {
  const reports = entries
    .filter((entry) => entry.mismatches.length > 0)
    .map((entry) => ({
      message: `Entry "${entry.name}": ${entry.mismatches.join('; ')}. PyTorch and zipfile read the directory's version, streaming tools the local one.`,
      evidence: entry.name,
      offset: entry.localOffset,
    }));
  reportLimited(context, headerMismatch, reports);
}

export function checkDuplicates(entries: readonly ZipEntry[], context: FileContext<unknown>): void {
  const groups = new Map<string, ZipEntry[]>();
  for (const entry of entries) {
    const key = caseFoldedKey(entry.nameBytes);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  const reports = [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const exact = new Set(group.map((e) => exactKey(e.nameBytes))).size === 1;
      const names = group.map((e) => `"${e.name}"`).join(', ');
      return {
        message: exact
          ? `${group.length} entries are named ${names}: zipfile reads the last, PyTorch may read any of them. aigis scanned each.`
          : `Entries ${names} differ only in letter case, which PyTorch's lookup ignores: it may read any of them. aigis scanned each.`,
        evidence: group[0]!.name,
        offset: group[1]!.offset,
      };
    });
  reportLimited(context, duplicateEntry, reports);
}

/**
 * @param linkTargets the target of each symbolic link entry, by entry index
 */
export function checkPaths(entries: readonly ZipEntry[], linkTargets: ReadonlyMap<number, string>, context: FileContext<unknown>): void {
  const escapingLinks = new LinkPaths();
  const reports: LimitedReport[] = [];
  for (const entry of entries) {
    const target = linkTargets.get(entry.index);
    const reason = escapingPathReason(entry.name) ?? (target === undefined ? undefined : escapingLinkReason(entry.name, target, 'symlink'));
    if (target !== undefined && reason) escapingLinks.add(entry.name);
    const through = escapingLinks.through(entry.name);
    const why = reason ?? (through === undefined ? undefined : `it is written through the link "${through}", which points outside`);
    if (why) {
      reports.push({ message: `Entry "${entry.name}" would be extracted outside the target folder: ${why}.`, evidence: target === undefined ? entry.name : `${entry.name} -> ${target}`, offset: entry.offset });
    }
  }
  reportLimited(context, pathTraversal, reports);
}

export function checkEncryption(entries: readonly ZipEntry[], context: FileContext<unknown>): void {
  const encrypted = entries.filter(isEncrypted);
  reportLimited(
    context,
    encryptedEntry,
    encrypted.map((entry) => ({
      message: `Entry "${entry.name}" is encrypted (flags 0x${entry.flags.toString(16)}): its content cannot be scanned.`,
      evidence: entry.name,
      offset: entry.offset,
    })),
  );
  if (encrypted.length > 0) {
    context.inconclusive(`${encrypted.length} encrypted zip member${encrypted.length === 1 ? '' : 's'} (first: ${encrypted[0]!.name}) could not be read; decrypt them and scan the result`);
  }
}
