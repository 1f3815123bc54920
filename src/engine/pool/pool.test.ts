import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { DEFAULT_LIMITS } from '../../core/config/types.js';
import type { FileTask } from '../analyze-file.js';
import { WorkerPool } from './pool.js';

// Workers run the built JavaScript: `npm test` builds first.
const workerScript = new URL('../../../dist/engine/pool/worker.js', import.meta.url);
const fixtures = new URL('../../../test/fixtures/analyzers/pool-fixtures.mjs', import.meta.url).href;
const root = makeTree({});
afterAll(() => removeTree(root));

function task(name: string, content: string): FileTask {
  writeFileSync(join(root, name), content);
  return { path: name, absolutePath: join(root, name), type: 'text', size: content.length, analyzerIds: ['probe'] };
}

function pool(limits: Partial<typeof DEFAULT_LIMITS> = {}) {
  if (!existsSync(workerScript)) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
  return new WorkerPool(2, { analyzerModule: fixtures, settings: {}, limits: { ...DEFAULT_LIMITS, ...limits } }, workerScript);
}

describe('WorkerPool', () => {
  it('analyses files in workers and returns their findings', async () => {
    const workers = pool();
    try {
      const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => workers.run(task(`${name}.txt`, `hello ${name}`))));
      expect(outcomes.map((o) => [o.status, o.findings[0]?.message])).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => ['scanned', `seen ${n}.txt`]));
    } finally {
      await workers.close();
    }
  });

  it('marks a file that hangs inconclusive after the timeout, and keeps serving others', async () => {
    const workers = pool({ fileTimeoutSeconds: 1 });
    try {
      const [hung, fine] = await Promise.all([workers.run(task('hang.txt', 'HANG')), workers.run(task('ok.txt', 'fine'))]);
      expect(hung).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/timed out after 1 s/) });
      expect(fine.status).toBe('scanned');
      const after = await workers.run(task('later.txt', 'later'));
      expect(after.status).toBe('scanned');
    } finally {
      await workers.close();
    }
  });

  it('marks a file that exhausts the heap inconclusive, not the scan', async () => {
    const workers = pool({ workerMemoryMiB: 64 });
    try {
      const hog = await workers.run(task('hog.txt', 'HOG'));
      expect(hog).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/ran out of memory \(limit 64 MiB\)/) });
      expect((await workers.run(task('after-hog.txt', 'ok'))).status).toBe('scanned');
    } finally {
      await workers.close();
    }
  });

  it('turns a worker that exits or an analyzer that throws into an error for that file', async () => {
    const workers = pool();
    try {
      const [exited, thrown] = await Promise.all([workers.run(task('exit.txt', 'EXIT')), workers.run(task('throw.txt', 'THROW'))]);
      expect(exited).toMatchObject({ status: 'error', reason: 'analysis worker exited unexpectedly' });
      expect(thrown).toMatchObject({ status: 'error', reason: 'probe analyzer failed: probe failed on purpose' });
    } finally {
      await workers.close();
    }
  });

  it('fails files cleanly when the analyzer registry cannot be loaded', async () => {
    const broken = new WorkerPool(1, { analyzerModule: new URL('./missing.mjs', fixtures).href, settings: {}, limits: DEFAULT_LIMITS }, workerScript);
    try {
      const outcome = await broken.run(task('x.txt', 'x'));
      expect(outcome).toMatchObject({ status: 'error', reason: expect.stringMatching(/analysis worker crashed/) });
    } finally {
      await broken.close();
    }
  });
});
