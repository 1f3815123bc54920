/**
 * @module The globals one file imports, each with its strongest use (invoked > instantiated > referenced)
 * and the evidence of that use, so each global is reported once per file however often it is used.
 */
import type { GlobalName } from '../parser/values.js';
import type { Use } from '../policy/policy.js';
import { globalKey } from '../policy/policy.js';

export interface UseEntry {
  readonly global: GlobalName;
  use: Use;
  offset: number;
  evidence: string;
  /** Uses as `builtins.getattr` that were resolved statically (getattr of a name on an imported global). */
  folded: number;
  /** Any use other than such a resolution. */
  otherUse: boolean;
}

const STRENGTH: Readonly<Record<Use, number>> = { referenced: 1, instantiated: 2, invoked: 3 };

/** Distinct globals kept per file; past this, new ones are reported without being merged. */
export const MAX_DISTINCT_GLOBALS = 100_000;

export class UseTable {
  readonly entries = new Map<string, UseEntry>();

  get full(): boolean {
    return this.entries.size >= MAX_DISTINCT_GLOBALS;
  }

  /** Records a use; returns false when the table is full and the global is new. */
  record(global: GlobalName, use: Use, offset: number, evidence: () => string, folding = false): boolean {
    const key = globalKey(global.module, global.name);
    const entry = this.entries.get(key);
    if (!entry) {
      if (this.full) return false;
      this.entries.set(key, { global, use, offset, evidence: evidence(), folded: folding ? 1 : 0, otherUse: !folding && use !== 'referenced' });
      return true;
    }
    if (folding) entry.folded++;
    else if (use !== 'referenced') entry.otherUse = true;
    if (STRENGTH[use] > STRENGTH[entry.use]) {
      entry.use = use;
      entry.offset = offset;
      entry.evidence = evidence();
    }
    return true;
  }

  /** Takes in the entries of another table (a run that is now known to be part of the file). */
  absorb(other: UseTable, keep: (entry: UseEntry) => boolean = () => true): void {
    for (const [key, entry] of other.entries) {
      if (!keep(entry)) continue;
      const mine = this.entries.get(key);
      if (!mine) {
        if (!this.full) this.entries.set(key, { ...entry });
        continue;
      }
      mine.folded += entry.folded;
      mine.otherUse ||= entry.otherUse;
      if (STRENGTH[entry.use] > STRENGTH[mine.use]) Object.assign(mine, { use: entry.use, offset: entry.offset, evidence: entry.evidence });
    }
  }

  /** Entries to judge: a getattr whose every use was a static resolution is not one (its results are). */
  *judged(): Iterable<UseEntry> {
    for (const entry of this.entries.values()) if (entry.folded === 0 || entry.otherUse) yield entry;
  }
}
