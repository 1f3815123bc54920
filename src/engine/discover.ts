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

/** How many items {@link discoverBatches} gathers before handing them over. */
const BATCH_SIZE = 256;

/** A folder being listed: its sorted entries and how far the walk has got through them. */
interface Frame {
  readonly absolutePath: string;
  /** `join(absolutePath, name)` is `prefix + name` for every name a listing returns: no normalising per entry. */
  readonly prefix: string;
  readonly path: string;
  readonly entries: readonly Dirent[];
  index: number;
  readonly layers: readonly GitignoreLayer[];
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A repository folder of a Hugging Face cache (`models--org--name`), with its content-addressed blobs. */
const HF_CACHE_REPO = /^(?:models|datasets|spaces)--/;

/**
 * In a Hugging Face cache repository, snapshots/<rev>/<file> are links to blobs/<hash>. Walking snapshots
 * first lets every blob be analysed once, under the name a loader uses, and the blobs be recorded.
 */
function snapshotsFirst(name: string, entries: Dirent[]): Dirent[] {
  if (!HF_CACHE_REPO.test(name)) return entries;
  const snapshots = entries.find((e) => e.name === 'snapshots' && e.isDirectory());
  if (!snapshots || !entries.some((e) => e.name === 'blobs' && e.isDirectory())) return entries;
  return [snapshots, ...entries.filter((e) => e !== snapshots)];
}

/** Everything the walk finds, one item at a time, depth first in name order. */
export async function* discover(options: DiscoverOptions): AsyncGenerator<Discovered> {
  for await (const batch of discoverBatches(options)) {
    for (const item of batch) yield item;
  }
}

/**
 * The same items as {@link discover}, in the same order, handed over in arrays: a walk of 100,000 files
 * then costs hundreds of asynchronous steps instead of hundreds of thousands.
 *
 * The walk is an explicit stack of folders, not nested generators (each level of `yield*` costs a promise
 * per item passed through it).
 *
 * Links to folders: a link whose target lies in a walked root (which includes every cycle) is recorded, not
 * followed, because the target is walked under its own path. A link to a folder elsewhere in the scan root
 * is followed once; later links to the same folder are recorded. So nothing is lost, nothing is walked
 * twice, and no arrangement of links can make the walk loop or explode.
 */
export async function* discoverBatches(options: DiscoverOptions): AsyncGenerator<Discovered[]> {
  const { scanRoot } = options;
  const skipDirectories = new Set(options.skipDirectories ?? DEFAULT_SKIPPED_DIRECTORIES);
  // An ignore list with no patterns ignores nothing: do not ask it (and grow its cache) once per path.
  const excluded = options.exclude.length > 0 ? ignore({ allowRelativePaths: true }).add([...options.exclude]) : undefined;
  const includeMatchers = options.include.map((glob) => picomatch(glob, { dot: true, basename: !glob.includes('/') }));
  const included = (path: string) => includeMatchers.length === 0 || includeMatchers.some((match) => match(path));
  /** Folders outside the walked roots that a link led into: real path -> the link's path. */
  const linkedDirectories = new Map<string, string>();
  /** Hugging Face cache blobs reached through snapshot links: real path -> the snapshot path analysed. */
  const hubBlobs = new Map<string, string>();
  const stack: Frame[] = [];
  let out: Discovered[] = [];

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
    if (path !== '' && excluded?.ignores(isDirectory ? `${path}/` : path)) return 'excluded by configuration (ignore or --exclude)';
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

  /** Why a link to the folder `target` is not followed, or undefined when it is (and is now taken). */
  function linkedFolderReason(target: string, path: string): string | undefined {
    const shown = toPosix(relative(scanRoot, target)) || '.';
    if (options.roots.some((root) => isInside(root, target))) return `symbolic link to ${shown}, a folder scanned under its own path`;
    const earlier = linkedDirectories.get(target);
    if (earlier !== undefined) return `symbolic link to ${shown}, a folder already scanned through ${earlier}`;
    linkedDirectories.set(target, path);
    return undefined;
  }

  /** Lists a folder and pushes it on the stack. */
  async function enterDirectory(absolutePath: string, path: string, parentLayers: readonly GitignoreLayer[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(absolutePath, { withFileTypes: true });
    } catch (error) {
      out.push({ kind: 'record', record: { path: path || '.', type: 'directory', status: 'error', reason: errorReason('cannot read folder', error) } });
      return;
    }
    entries.sort(byName);
    entries = snapshotsFirst(path.slice(path.lastIndexOf('/') + 1), entries);
    let layers = parentLayers;
    if (options.useGitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const layer = await loadGitignore(absolutePath, path);
      if (layer) layers = [...parentLayers, layer];
    }
    const normalized = join(absolutePath, '.');
    const prefix = normalized.endsWith(sep) ? normalized : normalized + sep;
    stack.push({ absolutePath, prefix, path, entries, index: 0, layers });
  }

  /**
   * Decides what one entry is. Synchronous (returns undefined) for the common cases; a promise only when
   * it has to ask the filesystem: a symlink, a folder to list, an entry the listing did not type.
   * @param viaLink the entry is the target of a symbolic link (absolutePath is then its real path)
   */
  function visitEntry(
    absolutePath: string,
    path: string,
    entry: Dirent | Stats,
    layers: readonly GitignoreLayer[],
    name: string,
    viaLink = false,
  ): Promise<void> | undefined {
    if (entry.isSymbolicLink()) return visitLink(absolutePath, path, layers, name);
    if (entry.isDirectory()) {
      if (skipDirectories.has(name)) {
        out.push({ kind: 'record', record: { path, type: 'directory', status: 'skipped', reason: `${name} is skipped by default` } });
        return undefined;
      }
      const reason = skipReason(path, true, layers) ?? (viaLink ? linkedFolderReason(absolutePath, path) : undefined);
      if (reason) {
        out.push({ kind: 'record', record: { path, type: viaLink ? 'symlink' : 'directory', status: 'skipped', reason } });
        return undefined;
      }
      return enterDirectory(absolutePath, path, layers);
    }
    const reason = skipReason(path, false, layers);
    if (reason) {
      out.push({ kind: 'record', record: { path, type: 'unknown', status: 'skipped', reason } });
      return undefined;
    }
    const special = specialKind(entry);
    if (special) {
      out.push({ kind: 'record', record: { path, type: 'special', status: 'skipped', reason: `${special}, not a regular file; never opened` } });
      return undefined;
    }
    if (!entry.isFile()) return visitUntyped(absolutePath, path, layers, name);
    if (!included(path)) {
      out.push({ kind: 'record', record: { path, type: 'unknown', status: 'skipped', reason: 'not matched by --include' } });
      return undefined;
    }
    const hubReason = hubBlobReason(absolutePath, path, viaLink);
    if (hubReason) {
      out.push({ kind: 'record', record: { path, type: 'unknown', status: 'skipped', reason: hubReason } });
      return undefined;
    }
    out.push({ kind: 'file', path, absolutePath });
    return undefined;
  }

  /** Why a Hugging Face cache file is not analysed here (it is, once, under its first snapshot path). */
  function hubBlobReason(absolutePath: string, path: string, viaLink: boolean): string | undefined {
    const inSnapshot = viaLink && /(?:^|\/)(?:models|datasets|spaces)--[^/]+\/snapshots\//.test(path);
    const analysedAs = hubBlobs.get(absolutePath);
    if (inSnapshot) {
      if (analysedAs !== undefined) return `same Hugging Face cache blob as ${analysedAs}`;
      hubBlobs.set(absolutePath, path);
      return undefined;
    }
    return analysedAs === undefined ? undefined : `Hugging Face cache blob, analysed as ${analysedAs}`;
  }

  async function visitLink(absolutePath: string, path: string, layers: readonly GitignoreLayer[], name: string): Promise<void> {
    const resolved = await resolveLink(absolutePath, path);
    if ('status' in resolved) {
      if (!skipReason(path, false, layers)) out.push({ kind: 'record', record: resolved });
      return;
    }
    await visitEntry(resolved.target, path, resolved.stats, layers, name, true);
  }

  /** Some filesystems do not report the entry type in the listing: ask. */
  async function visitUntyped(absolutePath: string, path: string, layers: readonly GitignoreLayer[], name: string): Promise<void> {
    try {
      const stats = await fs.lstat(absolutePath);
      if (stats.isFile() || stats.isSymbolicLink() || stats.isDirectory() || specialKind(stats)) {
        await visitEntry(absolutePath, path, stats, layers, name);
        return;
      }
    } catch (error) {
      out.push({ kind: 'record', record: { path, type: 'special', status: 'error', reason: errorReason('cannot inspect entry', error) } });
      return;
    }
    out.push({ kind: 'record', record: { path, type: 'special', status: 'skipped', reason: 'unknown kind of file; never opened' } });
  }

  for (const root of options.roots) {
    const path = toPosix(relative(scanRoot, root));
    let stats: Stats;
    try {
      stats = await fs.lstat(root);
    } catch (error) {
      out.push({ kind: 'record', record: { path: path || '.', type: 'special', status: 'error', reason: errorReason('cannot read', error) } });
      continue;
    }
    if (stats.isDirectory() && path === '') {
      await enterDirectory(root, '', []);
    } else {
      // A root below the scan root: ignore rules and skipped folder names still apply to it.
      await visitEntry(root, path, stats, [], path.slice(path.lastIndexOf('/') + 1));
    }
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.index === frame.entries.length) {
        stack.pop();
        continue;
      }
      const entry = frame.entries[frame.index++]!;
      const { name } = entry;
      const pending = visitEntry(frame.prefix + name, frame.path === '' ? name : `${frame.path}/${name}`, entry, frame.layers, name);
      if (pending) await pending;
      if (out.length >= BATCH_SIZE) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length > 0) yield out;
}
