/** @module Runs `aigis sign`: hashes the model in worker threads and writes the bundle. */
import { writeFileSync } from 'node:fs';
import { signModel } from '../../lib/model-signing/index.js';
import { UsageError } from '../usage-error.js';
import { asUsageError, displayName, formatBytes, hashingProgress, modelPaths, readInput } from './shared.js';

export interface SignFlags {
  key: string;
  signature?: string;
  ignore: string[];
  shardSize?: number;
  progress: boolean;
  quiet?: boolean;
}

export async function runSign(modelArg: string, flags: SignFlags): Promise<void> {
  const paths = modelPaths(modelArg, flags.signature, flags.ignore);
  const privateKeyPem = readInput(flags.key, 'the private key', 1024 * 1024);
  const progress = hashingProgress(process.stderr, flags.progress && !flags.quiet && process.stderr.isTTY === true);
  const started = Date.now();
  let result;
  try {
    result = await signModel(paths.model, privateKeyPem, {
      ignorePaths: paths.ignorePaths,
      ...(paths.signatureInModel === undefined ? {} : { signatureInModel: paths.signatureInModel }),
      ...(flags.shardSize === undefined ? {} : { method: 'shards' as const, shardSize: flags.shardSize }),
      onProgress: progress.update,
    });
  } catch (error) {
    throw asUsageError(error);
  } finally {
    progress.clear();
  }
  try {
    writeFileSync(paths.signature, result.bundle);
  } catch (error) {
    throw new UsageError(`cannot write the signature ${paths.signature}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!flags.quiet) {
    const files = new Set(result.manifest.resources.map((r) => r.name.replace(/:\d+:\d+$/, ''))).size;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `aigis: signed ${files} file${files === 1 ? '' : 's'} (${formatBytes(result.bytesHashed)}) of ${displayName(paths.model)} in ${seconds} s; ` +
        `signature written to ${displayName(paths.signature)} (root digest ${result.manifest.rootDigest})\n`,
    );
  }
}
