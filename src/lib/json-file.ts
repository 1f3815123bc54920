/** @module Reads JSON that ships with the package (data/, schemas/), relative to the package root. */
import { readFileSync } from 'node:fs';

/** The package root: this file lives in src/lib or dist/lib, two levels down. */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

export function readPackageJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(new URL(relativePath, PACKAGE_ROOT), 'utf8')) as T;
}
