/** @module FileRecord: what became of every file the walk saw. */
import type { FileType } from './file-type.js';

export const FILE_STATUSES = ['scanned', 'skipped', 'inconclusive', 'error'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export interface FileRecord {
  /** Relative to the scan root, `/`-separated. */
  readonly path: string;
  readonly type: FileType;
  readonly size?: number;
  /** A skipped, inconclusive or failed file is never reported as clean. */
  readonly status: FileStatus;
  /** Why the file is not simply `scanned`; present for every other status. */
  readonly reason?: string;
  /** The analyzers that examined the file. */
  readonly analyzers?: readonly string[];
  /** Remarks from the analyzers (what an allowlist admitted, say); at most {@link MAX_NOTES}, deduplicated. */
  readonly notes?: readonly string[];
}

export const MAX_NOTES = 100;

export function countByStatus(records: readonly FileRecord[]): Record<FileStatus, number> {
  const counts: Record<FileStatus, number> = { scanned: 0, skipped: 0, inconclusive: 0, error: 0 };
  for (const record of records) counts[record.status]++;
  return counts;
}
