/**
 * @module Streaming SHA-256 of files and file ranges, in parallel across worker threads. Each task is read
 * once, in large chunks, and hashed as it is read; memory stays at one buffer per worker whatever the file
 * size. SHA-256 of one file is sequential by nature, so a file is one task; a signature made with the
 * reference's `shards` method names ranges, and those are separate tasks that run in parallel.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ModelSigningError } from './errors.js';

export interface HashTask {
  /** For messages: the resource name. */
  readonly name: string;
  readonly absolutePath: string;
  readonly start: number;
  /** Exclusive; undefined: to the end of the file, however long it has become. */
  readonly end?: number;
  /** Expected bytes, for scheduling (largest first) and progress. */
  readonly size: number;
  /** Refuse to open the file through a symlink (it was a regular file when the model was walked). */
  readonly noFollow?: boolean;
}

/**
 * Open flags: never block on a FIFO that replaced a file after the walk (the fstat check then refuses it), and
 * without symlinks allowed, never follow one that did.
 */
function openFlags(noFollow: boolean | undefined): number {
  return constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
}

export interface HashOptions {
  /** Worker threads; default the number of cores. 0 hashes on the calling thread. */
  readonly workers?: number;
  /** Called with the bytes hashed so far, at most every few MiB. */
  readonly onProgress?: (bytesDone: number) => void;
}

const CHUNK = 4 * 1024 * 1024;
/** Below this many bytes in total, starting threads costs more than it saves. */
const INLINE_BELOW = 32 * 1024 * 1024;

/** Hashes one range on the calling thread. Returns the hex digest. */
export function hashRangeSync(task: HashTask, buffer: Buffer = Buffer.allocUnsafe(CHUNK), onBytes?: (n: number) => void): string {
  const hash = createHash('sha256');
  let fd: number;
  try {
    fd = openSync(task.absolutePath, openFlags(task.noFollow));
  } catch (error) {
    throw new ModelSigningError('model', `cannot read ${JSON.stringify(task.name)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file any more' });
    let position = task.start;
    for (;;) {
      const want = task.end === undefined ? buffer.length : Math.min(buffer.length, task.end - position);
      if (want <= 0) break;
      const n = readSync(fd, buffer, 0, want, position);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      position += n;
      onBytes?.(n);
    }
  } catch (error) {
    throw new ModelSigningError('model', `cannot read ${JSON.stringify(task.name)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * The worker: a CommonJS script run with `eval`, so it works the same from the TypeScript sources (tests) and
 * from dist/. It only reads files and hashes them; it gets paths from this module, never from a signature.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync, fstatSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${CHUNK});
parentPort.on('message', (task) => {
  let fd;
  try {
    fd = openSync(task.absolutePath, task.flags);
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file any more' });
    const hash = createHash('sha256');
    let position = task.start;
    let unreported = 0;
    for (;;) {
      const want = task.end === null ? buffer.length : Math.min(buffer.length, task.end - position);
      if (want <= 0) break;
      const n = readSync(fd, buffer, 0, want, position);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      position += n;
      unreported += n;
      if (unreported >= 64 * 1024 * 1024) { parentPort.postMessage({ progress: unreported }); unreported = 0; }
    }
    parentPort.postMessage({ id: task.id, digest: hash.digest('hex'), progress: unreported });
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: error && error.code ? error.code : String(error) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

interface WorkerReply {
  readonly id?: number;
  readonly digest?: string;
  readonly error?: string;
  readonly progress?: number;
}

/** Hashes every task; the result is in task order. Largest tasks start first, so the workers finish together. */
export async function hashAll(tasks: readonly HashTask[], options: HashOptions = {}): Promise<string[]> {
  const total = tasks.reduce((sum, task) => sum + task.size, 0);
  const wanted = options.workers ?? availableParallelism();
  const threads = Math.min(wanted, tasks.length);
  let done = 0;
  let lastReport = 0;
  const progress = (n: number) => {
    done += n;
    if (options.onProgress && (done - lastReport >= 8 * 1024 * 1024 || done === total)) {
      lastReport = done;
      options.onProgress(done);
    }
  };
  if (threads <= 1 || total < INLINE_BELOW) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    return tasks.map((task) => hashRangeSync(task, buffer, progress));
  }

  const order = tasks.map((_, index) => index).sort((a, b) => tasks[b]!.size - tasks[a]!.size);
  const results: string[] = new Array<string>(tasks.length);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (!failed) {
          failed = true;
          reject(error);
        }
      };
      const dispatch = (worker: Worker) => {
        if (failed || next >= order.length) return;
        const id = order[next++]!;
        const task = tasks[id]!;
        worker.postMessage({ id, absolutePath: task.absolutePath, start: task.start, end: task.end ?? null, flags: openFlags(task.noFollow) });
      };
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(WORKER_SOURCE, { eval: true });
        workers.push(worker);
        worker.on('message', (reply: WorkerReply) => {
          if (reply.progress) progress(reply.progress);
          if (reply.id === undefined) return;
          if (reply.error !== undefined) {
            fail(new ModelSigningError('model', `cannot read ${JSON.stringify(tasks[reply.id]!.name)}: ${reply.error}`));
            return;
          }
          results[reply.id] = reply.digest!;
          finished++;
          if (finished === tasks.length) resolve();
          else dispatch(worker);
        });
        worker.on('error', (error) => fail(error));
        worker.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a hashing thread stopped with code ${code}`));
        });
        dispatch(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
