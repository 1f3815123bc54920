import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../usage-error.js';
import { formatBytes, hashingProgress, modelPaths } from './shared.js';

function fakeStream() {
  const writes: string[] = [];
  return { writes, stream: { columns: 80, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe('hashing progress', () => {
  afterEach(() => vi.useRealTimers());

  it('draws one line cut to the terminal width, at most ten times a second, always the last one, and clears it', () => {
    vi.useFakeTimers();
    const { writes, stream } = fakeStream();
    const progress = hashingProgress(stream, true);
    progress.update(1024 ** 3, 4 * 1024 ** 3);
    progress.update(1.5 * 1024 ** 3, 4 * 1024 ** 3); // within 100 ms: skipped
    vi.advanceTimersByTime(150);
    progress.update(4 * 1024 ** 3, 4 * 1024 ** 3);
    progress.clear();
    expect(writes).toEqual([
      '\raigis: hashing [######------------------] 1.00 GiB of 4.00 GiB\u001b[K',
      '\raigis: hashing [########################] 4.00 GiB of 4.00 GiB\u001b[K',
      '\r\u001b[K',
    ]);
    const narrow = fakeStream();
    narrow.stream.columns = 30;
    hashingProgress(narrow.stream, true).update(1, 2);
    expect(narrow.writes).toEqual(['\raigis: hashing [############-\u001b[K']);
  });

  it('draws nothing when disabled (stderr is not a terminal, --no-progress, --quiet)', () => {
    const { writes, stream } = fakeStream();
    const progress = hashingProgress(stream, false);
    progress.update(1, 2);
    progress.clear();
    expect(writes).toEqual([]);
  });

  it('formats sizes', () => {
    expect([formatBytes(5), formatBytes(3 * 1024 ** 2), formatBytes(1.5 * 1024 ** 3)]).toEqual(['5 bytes', '3.0 MiB', '1.50 GiB']);
  });
});

describe('model paths from the command line', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('puts the default signature in the folder (ignored) or beside a file, and makes --ignore model-relative', () => {
    const root = mkdtempSync(join(tmpdir(), 'aigis-paths-'));
    dirs.push(root);
    mkdirSync(join(root, 'model/logs'), { recursive: true });
    writeFileSync(join(root, 'model/w.bin'), 'w');
    const cwd = process.cwd();
    try {
      process.chdir(root);
      expect(modelPaths('model', undefined, ['model/logs', 'w.bin'])).toEqual({
        model: join(root, 'model'),
        isDirectory: true,
        signature: join(root, 'model/model.sig'),
        signatureInModel: 'model.sig',
        ignorePaths: ['logs', 'w.bin'],
      });
      expect(modelPaths('model/w.bin', undefined, [])).toEqual({ model: join(root, 'model/w.bin'), isDirectory: false, signature: join(root, 'model/model.sig'), ignorePaths: [] });
      expect(() => modelPaths('model', undefined, ['/etc/passwd'])).toThrow(UsageError);
      expect(() => modelPaths('model', undefined, ['../elsewhere'])).toThrow(/--ignore \.\.\/elsewhere is not inside the model model/);
    } finally {
      process.chdir(cwd);
    }
  });
});
