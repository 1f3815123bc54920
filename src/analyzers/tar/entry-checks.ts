/** @module Findings that need only the listing: escaping paths and links, device and FIFO entries, duplicate names. */
import type { FileContext } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import { escapingLinkReason, escapingPathReason, LinkPaths, normalisedPath } from '../../lib/archive-path.js';
import type { LimitedReport } from '../../lib/limited-reports.js';
import { reportLimited as limitReports } from '../../lib/limited-reports.js';
import type { TarEntry } from './reader/tar-archive.js';
import { deviceEntry } from './rules/device-entry.js';
import { duplicateEntry } from './rules/duplicate-entry.js';
import { pathTraversal } from './rules/path-traversal.js';

export function reportLimited(context: FileContext<unknown>, rule: RuleMeta, reports: readonly LimitedReport[]): void {
  limitReports((report) => context.report(rule, report), reports);
}

function escapeReason(entry: TarEntry): string | undefined {
  const own = escapingPathReason(entry.name);
  if (own) return own;
  if (entry.kind === 'symlink' || entry.kind === 'hardlink') return escapingLinkReason(entry.name, entry.linkName, entry.kind);
  return undefined;
}

export function checkPaths(entries: readonly TarEntry[], context: FileContext<unknown>): void {
  const escapingLinks = new LinkPaths();
  const reports: LimitedReport[] = [];
  for (const entry of entries) {
    const reason = escapeReason(entry);
    if (reason && entry.kind === 'symlink') escapingLinks.add(entry.name);
    const through = escapingLinks.through(entry.name);
    const why = reason ?? (through === undefined ? undefined : `it is written through the link "${through}", which points outside`);
    if (why) {
      const isLink = entry.kind === 'symlink' || entry.kind === 'hardlink';
      reports.push({
        message: `${isLink ? `The ${entry.kind === 'symlink' ? 'symbolic' : 'hard'} link` : 'Member'} "${entry.name}" would be extracted outside the target folder: ${why}.`,
        evidence: isLink ? `${entry.name} -> ${entry.linkName}` : entry.name,
        offset: entry.headerOffset,
      });
    }
  }
  reportLimited(context, pathTraversal, reports);
}

export function checkDevices(entries: readonly TarEntry[], context: FileContext<unknown>): void {
  const special = entries.filter((entry) => entry.kind === 'device' || entry.kind === 'fifo');
  reportLimited(
    context,
    deviceEntry,
    special.map((entry) => ({
      message: `Entry "${entry.name}" is a ${entry.kind === 'fifo' ? 'FIFO' : entry.type === '3' ? 'character device' : 'block device'}.`,
      evidence: entry.name,
      offset: entry.headerOffset,
    })),
  );
}

export function checkDuplicates(entries: readonly TarEntry[], context: FileContext<unknown>): void {
  const seen = new Map<string, TarEntry[]>();
  for (const entry of entries.filter((e) => e.kind === 'file')) {
    const key = normalisedPath(entry.name);
    const group = seen.get(key);
    if (group) group.push(entry);
    else seen.set(key, [entry]);
  }
  const reports = [...seen.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      message: `${group.length} members are named "${group[0]!.name}": tarfile reads the last. aigis scanned each.`,
      evidence: group[0]!.name,
      offset: group[1]!.headerOffset,
    }));
  reportLimited(context, duplicateEntry, reports);
}
