import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, removeTree, type TreeSpec } from '../../test/support/tree.js';
import type { Discovered, DiscoverOptions } from './discover.js';
import { discover } from './discover.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function tree(spec: TreeSpec): string {
  const root = makeTree(spec);
  roots.push(root);
  return root;
}

async function walk(root: string, options: Partial<DiscoverOptions> = {}): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  const items: Discovered[] = [];
  for await (const item of discover({ scanRoot: root, roots: [root], exclude: [], include: [], useGitignore: true, ...options })) items.push(item);
  for (const item of items) {
    if (item.kind === 'file') seen[item.path] = 'file';
    else seen[item.record.path] = `${item.record.status}: ${item.record.reason}`;
  }
  return seen;
}

describe('discover', () => {
  it('lists regular files with paths relative to the scan root', async () => {
    const root = tree({ 'a.py': '', 'models/m.pkl': 'x', 'models/deep/er/w.bin': 'y' });
    expect(await walk(root)).toEqual({ 'a.py': 'file', 'models/m.pkl': 'file', 'models/deep/er/w.bin': 'file' });
  });

  it('honours .gitignore files at every level, with negation, and records what it skipped', async () => {
    const root = tree({
      '.gitignore': '*.log\nbuild/\n!keep.log\n',
      'app.log': '',
      'keep.log': '',
      'build/out.bin': '',
      'src/.gitignore': 'secret.txt\n',
      'src/secret.txt': '',
      'src/main.py': '',
      'other/secret.txt': '',
    });
    expect(await walk(root)).toEqual({
      '.gitignore': 'file',
      'app.log': 'skipped: ignored by .gitignore',
      'build': 'skipped: ignored by .gitignore',
      'keep.log': 'file',
      'other/secret.txt': 'file',
      'src/.gitignore': 'file',
      'src/main.py': 'file',
      'src/secret.txt': 'skipped: ignored by src/.gitignore',
    });
    expect(await walk(root, { useGitignore: false })).toMatchObject({ 'app.log': 'file', 'build/out.bin': 'file', 'src/secret.txt': 'file' });
  });

  it('skips .git and node_modules by default and applies configured excludes and includes', async () => {
    const root = tree({ '.git/HEAD': 'ref', 'node_modules/x/index.js': '', 'tests/fixtures/a.pkl': '', 'm/a.pkl': '', 'm/b.txt': '' });
    expect(await walk(root, { exclude: ['tests/'], include: ['*.pkl'] })).toEqual({
      '.git': 'skipped: .git is skipped by default',
      'node_modules': 'skipped: node_modules is skipped by default',
      'tests': 'skipped: excluded by configuration (ignore or --exclude)',
      'm/a.pkl': 'file',
      'm/b.txt': 'skipped: not matched by --include',
    });
  });

  it('follows symlinks inside the scan root, but never out of it, and records broken links', async () => {
    const outside = tree({ 'secret.pkl': 'outside' });
    const root = tree({ 'real/w.bin': 'w', 'link-in': { symlink: 'real/w.bin' }, 'dir-in': { symlink: 'real' } });
    symlinkSync(join(outside, 'secret.pkl'), join(root, 'link-out'));
    symlinkSync(outside, join(root, 'dir-out'));
    symlinkSync(join(root, 'nowhere'), join(root, 'broken'));
    expect(await walk(root)).toEqual({
      'broken': 'skipped: broken symbolic link',
      'dir-in': 'skipped: symbolic link to real, a folder scanned under its own path',
      'dir-out': 'skipped: symbolic link leads outside the scan root; not followed',
      'link-in': 'file',
      'link-out': 'skipped: symbolic link leads outside the scan root; not followed',
      'real/w.bin': 'file',
    });
  });

  it('survives symlink cycles', async () => {
    const root = tree({ 'a/file.txt': 'x' });
    symlinkSync('..', join(root, 'a', 'up'));
    expect(await walk(root)).toEqual({ 'a/file.txt': 'file', 'a/up': 'skipped: symbolic link to ., a folder scanned under its own path' });
  });

  it('follows a link to a folder outside the walked roots once, and never loops through links', async () => {
    const scanRoot = tree({ 'shared/w.bin': 'w', 'svc/app.py': '' });
    symlinkSync('../shared', join(scanRoot, 'svc', 'weights'));
    symlinkSync('../shared', join(scanRoot, 'svc', 'again'));
    symlinkSync('../svc', join(scanRoot, 'shared', 'back'));
    expect(await walk(scanRoot, { roots: [join(scanRoot, 'svc')] })).toEqual({
      'svc/again/back': 'skipped: symbolic link to svc, a folder scanned under its own path',
      'svc/again/w.bin': 'file',
      'svc/app.py': 'file',
      'svc/weights': 'skipped: symbolic link to shared, a folder already scanned through svc/again',
    });
  });

  it('does not explode on diamonds of links', async () => {
    const scanRoot = tree({ 'root/x.txt': '' });
    for (let level = 0; level < 12; level++) {
      mkdirSync(join(scanRoot, `d${level}`));
      if (level > 0) {
        symlinkSync(`../d${level}`, join(scanRoot, `d${level - 1}`, 'a'));
        symlinkSync(`../d${level}`, join(scanRoot, `d${level - 1}`, 'b'));
      }
    }
    symlinkSync('../d0', join(scanRoot, 'root', 'start'));
    const seen = await walk(scanRoot, { roots: [join(scanRoot, 'root')] });
    expect(Object.keys(seen).length).toBeLessThan(40);
  });

  it('reads a Hugging Face cache the way transformers does: each file once, under its snapshot path', async () => {
    const repo = 'hub/models--acme--support-bot';
    const root = tree({
      [`${repo}/blobs/aaa111`]: 'config',
      [`${repo}/blobs/bbb222`]: 'weights v1',
      [`${repo}/blobs/ccc333`]: 'weights v2',
      [`${repo}/blobs/ddd444`]: 'orphan',
      [`${repo}/refs/main`]: 'rev2',
      [`${repo}/snapshots/rev1/config.json`]: { symlink: '../../blobs/aaa111' },
      [`${repo}/snapshots/rev1/model.bin`]: { symlink: '../../blobs/bbb222' },
      [`${repo}/snapshots/rev2/config.json`]: { symlink: '../../blobs/aaa111' },
      [`${repo}/snapshots/rev2/model.bin`]: { symlink: '../../blobs/ccc333' },
    });
    expect(await walk(root)).toEqual({
      [`${repo}/blobs/aaa111`]: `skipped: Hugging Face cache blob, analysed as ${repo}/snapshots/rev1/config.json`,
      [`${repo}/blobs/bbb222`]: `skipped: Hugging Face cache blob, analysed as ${repo}/snapshots/rev1/model.bin`,
      [`${repo}/blobs/ccc333`]: `skipped: Hugging Face cache blob, analysed as ${repo}/snapshots/rev2/model.bin`,
      [`${repo}/blobs/ddd444`]: 'file',
      [`${repo}/refs/main`]: 'file',
      [`${repo}/snapshots/rev1/config.json`]: 'file',
      [`${repo}/snapshots/rev1/model.bin`]: 'file',
      [`${repo}/snapshots/rev2/config.json`]: `skipped: same Hugging Face cache blob as ${repo}/snapshots/rev1/config.json`,
      [`${repo}/snapshots/rev2/model.bin`]: 'file',
    });
  });

  it('follows snapshot links into blobs when only a snapshot folder is scanned inside the cache', async () => {
    const repo = 'models--acme--bot';
    const root = tree({ [`${repo}/blobs/aaa111`]: 'weights', [`${repo}/snapshots/rev1/model.bin`]: { symlink: '../../blobs/aaa111' } });
    expect(await walk(root, { roots: [join(root, repo, 'snapshots')] })).toEqual({ [`${repo}/snapshots/rev1/model.bin`]: 'file' });
  });

  it('records FIFOs and other special files without opening them', async () => {
    const root = tree({ 'ok.txt': '' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect(await walk(root)).toEqual({ 'ok.txt': 'file', pipe: 'skipped: a FIFO, not a regular file; never opened' });
  });

  it.runIf(process.getuid?.() !== 0)('records a folder it may not read as an error and carries on', async () => {
    const root = tree({ 'locked/x.txt': '', 'open/y.txt': '' });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      expect(await walk(root)).toEqual({ locked: 'error: cannot read folder: permission denied (EACCES)', 'open/y.txt': 'file' });
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('walks a single file or a sub-folder given as a root, relative to the scan root', async () => {
    const root = tree({ 'a/b/c.pkl': '', 'a/d.txt': '', 'e.txt': '' });
    mkdirSync(join(root, 'empty'));
    expect(await walk(root, { roots: [join(root, 'a', 'b', 'c.pkl'), join(root, 'empty'), join(root, 'e.txt')] })).toEqual({
      'a/b/c.pkl': 'file',
      'e.txt': 'file',
    });
  });
});
