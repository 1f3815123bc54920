/** @module What the file pass keeps for the project pass, and small helpers the checks share. */
import type { Asset } from '../../core/asset.js';
import type { FileRecord } from '../../core/file-record.js';
import type { FileType } from '../../core/file-type.js';
import { printable } from '../../lib/printable.js';
import type { BomSummary } from './bom.js';
import type { CodeownersRule } from './codeowners.js';
import type { DependabotConfig, RenovateConfig } from './update-config.js';
import { listSome } from '../../lib/listing.js';

export type RepoFact =
  | {
      readonly kind: 'codeowners';
      readonly rules: readonly CodeownersRule[];
      /** The first lines GitHub would skip, and how many there are in all. */
      readonly skipped: readonly { readonly line: number; readonly reason: string }[];
      readonly skippedCount: number;
      readonly truncated: boolean;
      /** Larger than GitHub reads (3 MB): GitHub ignores the file. */
      readonly tooLarge?: boolean;
    }
  | { readonly kind: 'dependabot'; readonly config: DependabotConfig }
  | { readonly kind: 'renovate'; readonly config: RenovateConfig }
  | { readonly kind: 'bom'; readonly bom: BomSummary };

/** The most names a summary or shortfall lists before "and N more". */
const LIST_LIMIT = 5;

/** `a, b, c and 4 more`, each name made printable and short. */
export function listed(items: readonly string[], limit = LIST_LIMIT): string {
  return listSome(items.map((item) => printable(item, 120)), limit);
}

/** `a`, `a and b`, `a, b and c`: for short lists of known words. */
export function and(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** One printable line under 300 characters. */
export function line(text: string): string {
  return printable(text, 290);
}

/** A path relative to the project folder (`root` is relative to the scan root, `''` for the scan root). */
export function relativeTo(root: string, path: string): string | undefined {
  if (root === '') return path;
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined;
}

/**
 * Model files among the file records. Model files become assets only in another analyzer's project pass
 * (model-signature), which this pass does not see, so they are found here the way `aigis bom` finds them.
 */
export { isModelFile } from '../../core/model-file.js';

const NOT_FILES: ReadonlySet<FileType> = new Set<FileType>(['directory', 'symlink', 'special']);

export function regularFiles(files: readonly FileRecord[]): FileRecord[] {
  return files.filter((file) => !NOT_FILES.has(file.type));
}

export const sourceOf = (asset: Asset): string | undefined => asset.properties?.['source'];
