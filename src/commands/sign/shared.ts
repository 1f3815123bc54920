/** @module What `aigis sign` and `aigis verify` share: reading inputs, resolving paths, progress, error mapping. */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ModelSigningError } from '../../lib/model-signing/index.js';
import { UsageError } from '../usage-error.js';

export const DEFAULT_SIGNATURE_NAME = 'model.sig';


export interface ModelPaths {
  /** Absolute model path (folder or file). */
  readonly model: string;
  readonly isDirectory: boolean;
  /** Absolute signature path. */
  readonly signature: string;
  /** The signature's path relative to the model root when it lies inside the model folder. */
  readonly signatureInModel?: string;
  /** Model-relative ignore paths. */
  readonly ignorePaths: readonly string[];
}

function insideRelative(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * Resolves the command line's paths. `--ignore` paths are relative to the working directory, as the reference
 * CLI takes them; one that falls outside the model is tried relative to the model folder instead.
 */
export function modelPaths(modelArg: string, signatureArg: string | undefined, ignores: readonly string[]): ModelPaths {
  const model = resolve(modelArg);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(model).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read the model ${modelArg}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const signature = resolve(signatureArg ?? (isDirectory ? join(model, DEFAULT_SIGNATURE_NAME) : join(dirname(model), DEFAULT_SIGNATURE_NAME)));
  const signatureInModel = isDirectory ? insideRelative(model, signature) : undefined;
  const ignorePaths: string[] = [];
  for (const ignore of ignores) {
    const fromCwd = insideRelative(model, resolve(ignore));
    const fromModel = isAbsolute(ignore) ? undefined : insideRelative(model, resolve(model, ignore));
    const chosen = fromCwd ?? fromModel;
    if (chosen === undefined) throw new UsageError(`--ignore ${ignore} is not inside the model ${modelArg}`);
    ignorePaths.push(chosen);
  }
  return { model, isDirectory, signature, ...(signatureInModel === undefined ? {} : { signatureInModel }), ignorePaths };
}

export function readInput(path: string, what: string, maxBytes = 16 * 1024 * 1024): string {
  try {
    const size = statSync(path).size;
    if (size > maxBytes) throw new UsageError(`${what} ${path} is ${size} bytes; that is too large to be one`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(2)} GiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  return `${bytes.toLocaleString('en')} bytes`;
}

/** A one-line hashing progress display on stderr (only when it is a terminal), redrawn at most ten times a second. */
export function hashingProgress(stream: NodeJS.WriteStream, enabled: boolean): { update(done: number, total: number): void; clear(): void } {
  let last = 0;
  let drawn = false;
  const width = 24;
  return {
    update(done, total) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const filled = Math.round(fraction * width);
      const line = `aigis: hashing [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${formatBytes(done)} of ${formatBytes(total)}`;
      stream.write(`\r${line.slice(0, (stream.columns || 80) - 1)}\u001b[K`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

/** Errors about the inputs (keys, model files, signature files) become usage errors: one line, exit 2. */
export function asUsageError(error: unknown): unknown {
  return error instanceof ModelSigningError ? new UsageError(error.message) : error;
}

export function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel || basename(path);
}
