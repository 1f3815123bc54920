/** @module Runs `aigis keygen`: writes private.pem (0600, never over an existing file without --force) and public.pem. */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, type Curve } from '../../lib/model-signing/keys.js';
import { UsageError } from '../usage-error.js';

export interface KeygenFlags {
  out: string;
  curve: Curve;
  force?: boolean;
  quiet?: boolean;
}

export const PRIVATE_KEY_FILE = 'private.pem';
export const PUBLIC_KEY_FILE = 'public.pem';

function failure(action: string, path: string, error: unknown): UsageError {
  return new UsageError(`cannot ${action} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}

export function runKeygen(flags: KeygenFlags): void {
  const privatePath = join(flags.out, PRIVATE_KEY_FILE);
  const publicPath = join(flags.out, PUBLIC_KEY_FILE);
  if (!flags.force) {
    const existing = [privatePath, publicPath].filter((path) => existsSync(path));
    if (existing.length > 0) throw new UsageError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; use --force to replace, or choose another --out`);
  }
  try {
    mkdirSync(flags.out, { recursive: true });
  } catch (error) {
    throw failure('create', flags.out, error);
  }
  const pair = generateKeyPair(flags.curve);
  try {
    // 'wx' never follows or replaces an existing file; with --force the old one is replaced, then made private.
    writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600, flag: flags.force ? 'w' : 'wx' });
    chmodSync(privatePath, 0o600);
  } catch (error) {
    throw failure('write', privatePath, error);
  }
  try {
    writeFileSync(publicPath, pair.publicKeyPem, { flag: flags.force ? 'w' : 'wx' });
  } catch (error) {
    throw failure('write', publicPath, error);
  }
  if (!flags.quiet) process.stdout.write(`aigis: wrote ${privatePath} (keep it secret) and ${publicPath} (${flags.curve.toUpperCase()}, key hint ${pair.hint})\n`);
}
