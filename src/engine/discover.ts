/**
 * @module Walks the scan roots. It honours .gitignore files, skips .git and node_modules, follows a symlink
 * only when its target stays inside the scan root, and records (never opens) FIFOs, sockets and devices.
 * Nothing here is fatal: an unreadable folder or a broken link becomes a FileRecord with a reason.
 */
import type { Dirent, Stats } from 'node:fs';
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { FileRecord } from '../core/file-record.js';

export const DEFAULT_SKIPPED_DIRECTORIES: readonly string[] = ['.git', 'node_modules'];

export interface DiscoverOptions {
  /** Absolute, real path; every reported path is relative to it and no walk leaves it. */
  readonly scanRoot: string;
  /** Absolute paths inside the scan root: folders to walk or single files. */
  readonly roots: readonly string[];
  /** gitignore-style patterns relative to the scan root (aigis.yaml `ignore` and `--exclude`). */
  readonly exclude: readonly string[];
  /** Globs; when given, only files matching one are analysed. A pattern without `/` matches the base name. */
  readonly include: readonly string[];
  readonly useGitignore: boolean;
  readonly skipDirectories?: readonly string[];
}

/** A regular file to sniff, or a record of something that will not be analysed. */
export type Discovered =
  | { readonly kind: 'file'; readonly path: string; readonly absolutePath: string }
  | { readonly kind: 'record'; readonly record: FileRecord };

interface GitignoreLayer {
  /** The folder holding the .gitignore, relative to the scan root ('' for the root). */
  readonly base: string;
  readonly matcher: Ignore;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function errorReason(action: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const meaning: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'disappeared during the scan',
    ELOOP: 'too many levels of symbolic links',
  };
  return `${action}: ${(code && meaning[code]) ?? (error as Error).message}${code ? ` (${code})` : ''}`;
}

function specialKind(entry: Dirent | Stats): string | undefined {
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice()) return 'a block device';
  if (entry.isCharacterDevice()) return 'a character device';
  return undefined;
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

export async function* discover(options: DiscoverOptions): AsyncGenerator<Discovered> {
  const { scanRoot } = options;
  const skipDirectories = new Set(options.skipDirectories ?? DEFAULT_SKIPPED_DIRECTORIES);
  const excluded = ignore({ allowRelativePaths: true }).add([...options.exclude]);
  const includeMatchers = options.include.map((glob) => picomatch(glob, { dot: true, basename: !glob.includes('/') }));
  const included = (path: string) => includeMatchers.length === 0 || includeMatchers.some((match) => match(path));
  const visitedRealDirectories = new Set<string>();

  function ignoredByGitignore(layers: readonly GitignoreLayer[], path: string, isDirectory: boolean): string | undefined {
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i]!;
      const rel = layer.base === '' ? path : path.slice(layer.base.length + 1);
      const result = layer.matcher.test(isDirectory ? `${rel}/` : rel);
      if (result.unignored) return undefined;
      if (result.ignored) return `ignored by ${layer.base === '' ? '' : `${layer.base}/`}.gitignore`;
    }
    return undefined;
  }

  function skipReason(path: string, isDirectory: boolean, layers: readonly GitignoreLayer[]): string | undefined {
    if (path !== '' && excluded.ignores(isDirectory ? `${path}/` : path)) return 'excluded by configuration (ignore or --exclude)';
    if (path !== '' && options.useGitignore) return ignoredByGitignore(layers, path, isDirectory);
    return undefined;
  }

  async function loadGitignore(directory: string, base: string): Promise<GitignoreLayer | undefined> {
    try {
      const text = await fs.readFile(join(directory, '.gitignore'), 'utf8');
      return { base, matcher: ignore({ allowRelativePaths: true }).add(text) };
    } catch {
      return undefined; // an unreadable .gitignore ignores nothing; the file itself is recorded by the walk
    }
  }

  /** Where a symlink leads, if it stays inside the scan root; otherwise the record explaining why not. */
  async function resolveLink(absolutePath: string, path: string): Promise<{ target: string; stats: Stats } | FileRecord> {
    let target: string;
    try {
      target = await fs.realpath(absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'broken symbolic link' : errorReason('cannot resolve symbolic link', error);
      return { path, type: 'symlink', status: 'skipped', reason };
    }
    if (!isInside(scanRoot, target)) {
      return { path, type: 'symlink', status: 'skipped', reason: 'symbolic link leads outside the scan root; not followed' };
    }
    try {
      return { target, stats: await fs.stat(target) };
    } catch (error) {
      return { path, type: 'symlink', status: 'error', reason: errorReason('cannot read link target', error) };
    }
  }

  async function* walkDirectory(absolutePath: string, path: string, parentLayers: readonly GitignoreLayer[]): AsyncGenerator<Discovered> {
    const realDirectory = await fs.realpath(absolutePath).catch(() => absolutePath);
    if (visitedRealDirectories.has(realDirectory)) return; // a link cycle or a second way in
    visitedRealDirectories.add(realDirectory);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(absolutePath, { withFileTypes: true });
    } catch (error) {
      yield { kind: 'record', record: { path: path || '.', type: 'directory', status: 'error', reason: errorReason('cannot read folder', error) } };
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let layers = parentLayers;
    if (options.useGitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const layer = await loadGitignore(absolutePath, path);
      if (layer) layers = [...parentLayers, layer];
    }
    for (const entry of entries) {
      yield* visitEntry(join(absolutePath, entry.name), path === '' ? entry.name : `${path}/${entry.name}`, entry, layers);
    }
  }

  async function* visitEntry(
    absolutePath: string,
    path: string,
    entry: Dirent | Stats,
    layers: readonly GitignoreLayer[],
    name = path.slice(path.lastIndexOf('/') + 1),
  ): AsyncGenerator<Discovered> {
    if (entry.isSymbolicLink()) {
      const resolved = await resolveLink(absolutePath, path);
      if ('status' in resolved) {
        if (!skipReason(path, false, layers)) yield { kind: 'record', record: resolved };
        return;
      }
      yield* visitEntry(resolved.target, path, resolved.stats, layers, name);
      return;
    }
    if (entry.isDirectory()) {
      if (skipDirectories.has(name)) {
        yield { kind: 'record', record: { path, type: 'directory', status: 'skipped', reason: `${name} is skipped by default` } };
        return;
      }
      const reason = skipReason(path, true, layers);
      if (reason) {
        yield { kind: 'record', record: { path, type: 'directory', status: 'skipped', reason } };
        return;
      }
      yield* walkDirectory(absolutePath, path, layers);
      return;
    }
    const reason = skipReason(path, false, layers);
    if (reason) {
      yield { kind: 'record', record: { path, type: 'unknown', status: 'skipped', reason } };
      return;
    }
    const special = specialKind(entry);
    if (special) {
      yield { kind: 'record', record: { path, type: 'special', status: 'skipped', reason: `${special}, not a regular file; never opened` } };
      return;
    }
    if (!entry.isFile()) {
      // Some filesystems do not report the entry type in the listing: ask.
      try {
        const stats = await fs.lstat(absolutePath);
        if (stats.isFile() || stats.isSymbolicLink() || stats.isDirectory() || specialKind(stats)) {
          yield* visitEntry(absolutePath, path, stats, layers, name);
          return;
        }
      } catch (error) {
        yield { kind: 'record', record: { path, type: 'special', status: 'error', reason: errorReason('cannot inspect entry', error) } };
        return;
      }
      yield { kind: 'record', record: { path, type: 'special', status: 'skipped', reason: 'unknown kind of file; never opened' } };
      return;
    }
    if (!included(path)) {
      yield { kind: 'record', record: { path, type: 'unknown', status: 'skipped', reason: 'not matched by --include' } };
      return;
    }
    yield { kind: 'file', path, absolutePath };
  }

  for (const root of options.roots) {
    const path = toPosix(relative(scanRoot, root));
    let stats: Stats;
    try {
      stats = await fs.lstat(root);
    } catch (error) {
      yield { kind: 'record', record: { path: path || '.', type: 'special', status: 'error', reason: errorReason('cannot read', error) } };
      continue;
    }
    if (stats.isDirectory() && path === '') {
      yield* walkDirectory(root, '', []);
    } else {
      // A root below the scan root: ignore rules and skipped folder names still apply to it.
      yield* visitEntry(root, path, stats, []);
    }
  }
}
