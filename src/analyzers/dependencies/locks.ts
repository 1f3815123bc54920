/** @module Where a manifest's lockfile may be: the lockfile names per manifest kind, and the folders searched. */
import type { ManifestKind } from './manifests.js';
import { dirName } from './rule.js';

export const PYTHON_LOCKS = ['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml', 'Pipfile.lock', 'requirements.lock', 'pixi.lock', 'conda-lock.yml'];
export const NPM_LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/** The folder of the manifest, then each parent up to the project root: workspaces keep one lock at the top. */
export function foldersUp(root: string, path: string): string[] {
  const folders: string[] = [];
  for (let dir = dirName(path); ; dir = dirName(dir)) {
    folders.push(dir);
    if (dir === root || dir === '' || !(root === '' || dir.startsWith(`${root}/`))) break;
  }
  return folders;
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

export function isPylock(path: string): boolean {
  return /(?:^|\/)pylock\.[^/]+\.toml$/.test(path);
}

export function lockNames(kind: ManifestKind): readonly string[] {
  if (kind === 'package-json') return NPM_LOCKS;
  if (kind === 'pipfile') return ['Pipfile.lock'];
  return PYTHON_LOCKS;
}

/** The folders a manifest's lockfile may be in, nearest first (a Pipfile's lock sits beside it). */
export function lockFolders(root: string, kind: ManifestKind, path: string): string[] {
  return kind === 'pipfile' ? [dirName(path)] : foldersUp(root, path);
}
