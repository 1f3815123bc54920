import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree, removeTree } from '../../test/support/tree.js';
import type { SniffResult } from './sniff-file.js';
import { sniffFileThen } from './sniff-file.js';

const root = makeTree({ 'data.txt': Buffer.from([0x80, 0x04, 0x95, 0, 0]), 'empty.py': '', 'notes.md': '# hi\n' });
execFileSync('mkfifo', [join(root, 'pipe')]);
afterAll(() => removeTree(root));

const sniffAt = (name: string) => new Promise<SniffResult>((resolve) => sniffFileThen(join(root, name), name, resolve));

describe('sniffFileThen', () => {
  it('types a file by its first bytes and reports its size', async () => {
    expect(await sniffAt('data.txt')).toEqual({ type: 'pickle', size: 5 });
    expect(await sniffAt('notes.md')).toEqual({ type: 'markdown', size: 5 });
    expect(await sniffAt('empty.py')).toEqual({ type: 'empty', size: 0 });
  });

  it('never blocks on or reads a FIFO that took a file\'s place', async () => {
    expect(await sniffAt('pipe')).toEqual({ error: 'no longer a regular file' });
  });

  it('says why a file could not be read', async () => {
    expect(await sniffAt('vanished.bin')).toEqual({ error: 'cannot read: disappeared during the scan (ENOENT)' });
  });
});
