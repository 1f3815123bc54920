/**
 * @module Which files a model signature covers, found as the reference finds them: the model path and
 * everything under it, minus ignored paths (an ignored folder drops its subtree). A symlink is an error unless
 * symlinks are allowed (then a file symlink's target is hashed); a FIFO, socket or device is always an error.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ModelSigningError } from './errors.js';
import { comparePosixPaths, isUnder } from './paths.js';

export interface ModelFile {
  /** The resource name: the POSIX path relative to the model root, or `.` for a single-file model. */
  readonly name: string;
  readonly absolutePath: string;
  readonly size: number;
}

export interface ModelTree {
  /** The subject name: the model folder's (or file's) base name. */
  readonly modelName: string;
  readonly isDirectory: boolean;
  /** Regular files in reference order (see {@link comparePosixPaths}). */
  readonly files: readonly ModelFile[];
}

export interface WalkOptions {
  /** Model-relative POSIX paths to leave out (files or folders). */
  readonly ignorePaths: readonly string[];
  readonly allowSymlinks: boolean;
  /** Stop with an error past this many files (a signature names every file). */
  readonly maxFiles?: number;
}

const DECODER = new TextDecoder('utf-8', { fatal: true });

function decodeName(raw: Buffer, parent: string): string {
  try {
    return DECODER.decode(raw);
  } catch {
    throw new ModelSigningError(
      'model',
      `a file name in ${quoted(parent || '.')} is not valid UTF-8 (${JSON.stringify(raw.toString('latin1'))}); signatures name files in UTF-8, so rename it or ignore it`,
    );
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file or folder';
}

/** A model-relative name as messages show it: quoted, control characters escaped. */
export function quoted(name: string): string {
  return JSON.stringify(name);
}

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** Lists the files a signature of `modelPath` covers. Throws ModelSigningError where the reference refuses. */
export function walkModel(modelPath: string, options: WalkOptions): ModelTree {
  const root = resolve(modelPath);
  let rootStats: Stats;
  try {
    rootStats = lstatSync(root);
  } catch (error) {
    throw new ModelSigningError('model', `cannot read the model ${modelPath}: ${errno(error)}`);
  }
  const modelName = basename(root) || basename(realpathSync(root));
  if (rootStats.isSymbolicLink()) {
    if (!options.allowSymlinks) {
      throw new ModelSigningError('model', `the model path ${modelPath} is a symlink; the reference refuses symlinks (give the real path)`);
    }
    try {
      rootStats = statSync(root);
    } catch (error) {
      throw new ModelSigningError('model', `the model path ${modelPath} is a broken symlink: ${errno(error)}`);
    }
  }
  if (rootStats.isFile()) {
    return { modelName, isDirectory: false, files: [{ name: '.', absolutePath: root, size: rootStats.size }] };
  }
  if (!rootStats.isDirectory()) throw new ModelSigningError('model', `cannot sign ${modelPath}: it is ${kindOf(rootStats)}`);

  const files: ModelFile[] = [];
  const maxFiles = options.maxFiles ?? 10_000_000;
  const pending: string[] = [''];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const absoluteDir = dir === '' ? root : join(root, ...dir.split('/'));
    let entries: Buffer[];
    try {
      entries = readdirSync(absoluteDir, { encoding: 'buffer' });
    } catch (error) {
      throw new ModelSigningError('model', `cannot list ${quoted(dir || '.')} in the model: ${errno(error)}`);
    }
    for (const raw of entries) {
      const name = decodeName(raw, dir);
      const relative = dir === '' ? name : `${dir}/${name}`;
      if (options.ignorePaths.some((ignored) => isUnder(relative, ignored))) continue;
      const absolute = join(absoluteDir, name);
      let stats: Stats;
      try {
        stats = lstatSync(absolute);
      } catch (error) {
        throw new ModelSigningError('model', `cannot read ${quoted(relative)} in the model: ${errno(error)}`);
      }
      if (stats.isSymbolicLink()) {
        if (!options.allowSymlinks) {
          throw new ModelSigningError('model', `${quoted(relative)} is a symlink; the reference refuses symlinks in a model (replace it with the file, or ignore it)`);
        }
        try {
          stats = statSync(absolute);
        } catch (error) {
          throw new ModelSigningError('model', `${quoted(relative)} is a broken symlink: ${errno(error)}`);
        }
        // Like Python 3.13's glob('**/*'), a symlinked folder is not descended into.
        if (stats.isDirectory()) continue;
      }
      if (stats.isDirectory()) {
        pending.push(relative);
      } else if (stats.isFile()) {
        files.push({ name: relative, absolutePath: absolute, size: stats.size });
        if (files.length > maxFiles) throw new ModelSigningError('model', `the model holds more than ${maxFiles} files`);
      } else {
        throw new ModelSigningError('model', `${quoted(relative)} is ${kindOf(stats)}; the reference refuses special files in a model (remove it, or ignore it)`);
      }
    }
  }
  files.sort((a, b) => comparePosixPaths(a.name, b.name));
  return { modelName, isDirectory: true, files };
}
