/** @module Runs `aigis verify`: the signature first, then every file, and a verdict that names what differs. */
import { ModelSigningError, verifyModel, type VerifyResult } from '../../lib/model-signing/index.js';
import { UsageError } from '../usage-error.js';
import { displayName, hashingProgress, modelPaths, readInput } from '../sign/shared.js';

export interface VerifyFlags {
  key: string;
  signature?: string;
  ignore: string[];
  progress: boolean;
  quiet?: boolean;
}

const EXIT_MISMATCH = 1;
/** At most this many names per list in the message; the count says how many more. */
const MAX_LISTED = 20;

function list(label: string, names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).map((name) => `  ${label}: ${JSON.stringify(name).slice(1, -1)}`);
  if (names.length > MAX_LISTED) shown.push(`  ... and ${names.length - MAX_LISTED} more ${label} files`);
  return shown.join('\n');
}

export function describeMismatch(result: VerifyResult): string {
  const counts = [
    result.changed.length > 0 ? `${result.changed.length} changed` : '',
    result.missing.length > 0 ? `${result.missing.length} missing` : '',
    result.extra.length > 0 ? `${result.extra.length} unsigned (extra)` : '',
  ].filter(Boolean);
  return [
    `the signature is valid, but the model does not match it: ${counts.join(', ')}`,
    list('changed', result.changed),
    list('missing', result.missing),
    list('extra', result.extra),
  ]
    .filter(Boolean)
    .join('\n');
}

export async function runVerify(modelArg: string, flags: VerifyFlags): Promise<void> {
  const paths = modelPaths(modelArg, flags.signature, flags.ignore);
  const publicKeyPem = readInput(flags.key, 'the public key', 1024 * 1024);
  const bundleText = readInput(paths.signature, 'the signature', 256 * 1024 * 1024);
  const progress = hashingProgress(process.stderr, flags.progress && !flags.quiet && process.stderr.isTTY === true);
  let result: VerifyResult;
  try {
    result = await verifyModel(paths.model, publicKeyPem, bundleText, {
      ignorePaths: paths.ignorePaths,
      ...(paths.signatureInModel === undefined ? {} : { signatureInModel: paths.signatureInModel }),
      onProgress: progress.update,
    });
  } catch (error) {
    progress.clear();
    if (!(error instanceof ModelSigningError)) throw error;
    if (error.code === 'signature' || error.code === 'bundle') {
      process.stderr.write(`aigis: NOT verified: ${displayName(paths.model)}: ${error.message}\n`);
      process.exitCode = EXIT_MISMATCH;
      return;
    }
    const prefix = error.code === 'needs-trust-root' ? 'NOT verified: ' : '';
    throw new UsageError(`${prefix}${error.message}`);
  }
  progress.clear();
  for (const warning of result.warnings) process.stderr.write(`aigis: warning: ${warning}\n`);
  if (!result.ok) {
    process.stderr.write(`aigis: NOT verified: ${displayName(paths.model)}: ${describeMismatch(result)}\n`);
    process.exitCode = EXIT_MISMATCH;
    return;
  }
  if (!flags.quiet) {
    const count = new Set(result.manifest.resources.map((r) => (result.manifest.serialization.method === 'shards' ? r.name.replace(/:\d+:\d+$/, '') : r.name))).size;
    process.stdout.write(
      `aigis: verified ${displayName(paths.model)}: ${count === 1 ? '1 file matches' : `${count} files match`} the signature ${displayName(paths.signature)}` +
        `${result.manifest.rootDigest ? ` (root digest ${result.manifest.rootDigest})` : ''}\n`,
    );
  }
}
