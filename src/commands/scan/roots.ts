/** @module Turns the paths on the command line into a scan root and the roots to walk. */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../usage-error.js';

export interface ScanRoots {
  /** Real path of the deepest folder holding every root; all reported paths are relative to it. */
  readonly scanRoot: string;
  readonly roots: readonly string[];
  /**
   * The roots that are folders, each of which gets the project-level checks: relative to `scanRoot` and
   * `/`-separated (`''` for the scan root itself), as the engine takes them.
   */
  readonly projectRoots: readonly string[];
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
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
  // A root inside another root is walked with it; listing it again would report its files twice.
  const distinct = resolved.filter(
    (candidate, index) =>
      resolved.findIndex((other) => other.real === candidate.real) === index &&
      !resolved.some((other) => other.isDirectory && other.real !== candidate.real && isInside(other.real, candidate.real)),
  );
  return {
    scanRoot,
    roots: distinct.map((r) => r.real),
    projectRoots: distinct.filter((r) => r.isDirectory).map((r) => relative(scanRoot, r.real).split(sep).join('/')),
  };
}
