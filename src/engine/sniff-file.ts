/** @module Reads the first bytes of a file and sniffs its type, without ever blocking on a FIFO. */
import { closeSync, constants, fstatSync, open, read } from 'node:fs';
import type { FileType } from '../core/file-type.js';
import { SNIFF_BYTES, sniff } from './sniff.js';

export type SniffResult = { readonly type: FileType; readonly size: number } | { readonly error: string };

function errorText(error: NodeJS.ErrnoException): string {
  const meaning: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', ENOENT: 'disappeared during the scan' };
  return `cannot read: ${(error.code && meaning[error.code]) ?? error.message}${error.code ? ` (${error.code})` : ''}`;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing was written through this descriptor: there is nothing a failed close could lose
  }
}

/** Reads waiting to be handed to the thread pool together, once the current completions are handled. */
let deferredReads: (() => void)[] = [];

function submitDeferredReads(): void {
  const reads = deferredReads;
  deferredReads = [];
  for (const submit of reads) submit();
}

/**
 * Opens with O_NONBLOCK (so a FIFO that replaced the file since the listing cannot block the open), checks
 * with fstat that the descriptor is still a regular file before reading a byte, then reads the head.
 *
 * The open and the read go through the libuv thread pool: they are the calls that may wait for the disk
 * (a path lookup, a data block). fstat and close run on the calling thread: on a descriptor already open
 * they touch no file data (the inode is in memory once the open has succeeded) and neither waits on a FIFO.
 * A round trip through the pool costs the main thread more than either call: a hand-over, often a thread
 * wake-up, and a callback; at 100,000 files those two extra round trips per file were a third of the walk.
 * For the same reason the reads are not handed over one by one as opens complete, which wakes a pool thread
 * for nearly every read, but together from a setImmediate, after the event loop has handled every
 * completion it had: the pool gets them in one burst (about 15% off the walk). See bench/RESULTS.md.
 * Callback-style fs keeps the hot path free of FileHandle objects.
 *
 * `callback` is called exactly once, never synchronously.
 */
export function sniffFileThen(absolutePath: string, name: string, callback: (result: SniffResult) => void): void {
  open(absolutePath, OPEN_FLAGS, (openError, fd) => {
    if (openError) return callback({ error: errorText(openError) });
    let size: number;
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) {
        closeQuietly(fd);
        return callback({ error: 'no longer a regular file' });
      }
      size = stats.size;
    } catch (statError) {
      closeQuietly(fd);
      return callback({ error: errorText(statError as NodeJS.ErrnoException) });
    }
    if (size === 0) {
      closeQuietly(fd);
      return callback({ type: 'empty', size: 0 });
    }
    const head = Buffer.allocUnsafe(Math.min(SNIFF_BYTES, size));
    if (deferredReads.length === 0) setImmediate(submitDeferredReads);
    deferredReads.push(() => {
      try {
        read(fd, head, 0, head.length, 0, (readError, bytesRead) => {
          closeQuietly(fd);
          if (readError) return callback({ error: errorText(readError) });
          callback({ type: sniff(head.subarray(0, bytesRead), name, size), size });
        });
      } catch (readError) {
        // Not expected (the arguments are valid by construction); never lose the file or the rest of the burst.
        closeQuietly(fd);
        process.nextTick(callback, { error: errorText(readError as NodeJS.ErrnoException) });
      }
    });
  });
}
