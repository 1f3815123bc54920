/** @module Reads the first bytes of a file and sniffs its type, without ever blocking on a FIFO. */
import { close, constants, fstat, open, read } from 'node:fs';
import type { FileType } from '../core/file-type.js';
import { SNIFF_BYTES, sniff } from './sniff.js';

export type SniffResult = { readonly type: FileType; readonly size: number } | { readonly error: string };

function errorText(error: NodeJS.ErrnoException): string {
  const meaning: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', ENOENT: 'disappeared during the scan' };
  return `cannot read: ${(error.code && meaning[error.code]) ?? error.message}${error.code ? ` (${error.code})` : ''}`;
}

/** Callback-style fs keeps this hot path free of FileHandle objects: it runs once per file of the walk. */
export function sniffFile(absolutePath: string, name: string): Promise<SniffResult> {
  return new Promise((resolve) => {
    open(absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0), (openError, fd) => {
      if (openError) return resolve({ error: errorText(openError) });
      const done = (result: SniffResult) => close(fd, () => resolve(result));
      fstat(fd, (statError, stats) => {
        if (statError) return done({ error: errorText(statError) });
        if (!stats.isFile()) return done({ error: 'no longer a regular file' });
        if (stats.size === 0) return done({ type: 'empty', size: 0 });
        const head = Buffer.allocUnsafe(Math.min(SNIFF_BYTES, stats.size));
        read(fd, head, 0, head.length, 0, (readError, bytesRead) => {
          if (readError) return done({ error: errorText(readError) });
          done({ type: sniff(head.subarray(0, bytesRead), name, stats.size), size: stats.size });
        });
      });
    });
  });
}
