/** Builds throwaway folder trees for tests. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TreeSpec = Record<string, string | Uint8Array | { symlink: string }>;

/** Creates a temporary folder holding `spec` (paths '/'-separated) and returns its real path. */
export function makeTree(spec: TreeSpec, prefix = 'aigis-test-'): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  addToTree(root, spec);
  return root;
}

export function addToTree(root: string, spec: TreeSpec): void {
  for (const [path, content] of Object.entries(spec)) {
    const target = join(root, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, target);
    else writeFileSync(target, content);
  }
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
