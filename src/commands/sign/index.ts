/**
 * @module `aigis sign`: signs a model folder or file in the OpenSSF model-signing format (key mode). The work
 * (hashing, in worker threads) is loaded only when it runs.
 */
import { Command, Option } from 'commander';
import { UsageError } from '../usage-error.js';
const collect = (value: string, previous: string[]) => [...previous, value];
import type { SignFlags } from './run.js';

function parseShardSize(value: string): number {
  const size = Number(value);
  if (!Number.isSafeInteger(size) || size <= 0) throw new UsageError(`--shard-size must be a positive whole number of bytes, not "${value}"`);
  return size;
}

export function signCommand(): Command {
  return new Command('sign')
    .description('Sign a model folder or file with an EC private key, in the OpenSSF model-signing format (a Sigstore bundle).')
    .argument('<model>', 'the model folder or file')
    .requiredOption('-k, --key <file>', 'the PEM EC private key (P-256, P-384 or P-521; aigis keygen makes one)')
    .option('-s, --signature <file>', 'where to write the signature (default: model.sig in the model folder, or beside a model file)')
    .option('--ignore <path>', 'leave this file or folder out of the signature; repeatable (relative to the working directory, or to the model)', collect, [])
    .addOption(new Option('--shard-size <bytes>', 'sign file shards of this size instead of whole files (the reference\'s "shards" method)').argParser(parseShardSize))
    .option('--no-progress', 'do not draw a progress line on stderr')
    .option('-q, --quiet', 'print nothing on success')
    .addHelpText(
      'after',
      '\nThe signature always leaves out .git, .github, .gitattributes, .gitignore and itself. The reference\n' +
        '"model_signing verify key" accepts it.\n\nExit codes: 0 signed; 2 usage error or unreadable input (key, model, symlink or special file in the model).\n\n' +
        'Examples:\n  aigis keygen --out keys\n  aigis sign models/bert --key keys/private.pem\n  aigis sign model.safetensors --key keys/private.pem --signature model.safetensors.sig',
    )
    .action(async (model: string, flags: SignFlags) => (await import('./run.js')).runSign(model, flags));
}
