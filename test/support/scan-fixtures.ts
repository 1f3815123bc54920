/** Scans named files from test/fixtures/<folder>/ with the real engine, inline, in a throwaway tree. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnyAnalyzer } from '../../src/core/analyzer.js';
import type { ScanResult } from '../../src/engine/scan.js';
import { scanTree } from './scan-tree.js';
import { makeTree, removeTree } from './tree.js';

export function fixturePath(folder: string, name: string): string {
  return fileURLToPath(new URL(`../fixtures/${folder}/${name}`, import.meta.url));
}

export function readFixture(folder: string, name: string): Uint8Array {
  return readFileSync(fixturePath(folder, name));
}

export async function scanFixtures(folder: string, names: readonly string[], analyzers: readonly AnyAnalyzer[], configYaml = ''): Promise<ScanResult> {
  const root = makeTree(Object.fromEntries(names.map((name) => [name, readFixture(folder, name)])));
  try {
    return await scanTree(root, analyzers, configYaml);
  } finally {
    removeTree(root);
  }
}
