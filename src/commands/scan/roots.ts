/** @module Turns the paths on the command line into a scan root and the roots to walk. */
import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UsageError } from '../usage-error.js';

export interface ScanRoots {
  /** Real path of the deepest folder holding every root; all reported paths are relative to it. */
  readonly scanRoot: string;
  readonly roots: readonly string[];
  /** The roots that are folders: each gets the project-level checks. */
  readonly projectRoots: readonly string[];
}

function commonAncestor(paths: readonly string[]): string {
  let parts = paths[0]!.split(sep);
  for (const path of paths.slice(1)) {
    const other = path.split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

export function resolveScanRoots(paths: readonly string[], cwd: string): ScanRoots {
  const resolved = paths.map((path) => {
    const absolute = resolve(cwd, path);
    try {
      const real = realpathSync(absolute);
      return { real, isDirectory: statSync(real).isDirectory() };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `path not found: ${path}` : `cannot read ${path} (${code ?? String(error)})`);
    }
  });
  const scanRoot = commonAncestor(resolved.map(({ real, isDirectory }) => (isDirectory ? real : dirname(real))));
  return {
    scanRoot,
    roots: [...new Set(resolved.map((r) => r.real))],
    projectRoots: [...new Set(resolved.filter((r) => r.isDirectory).map((r) => r.real))],
  };
}
