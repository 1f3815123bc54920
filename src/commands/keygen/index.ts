/** @module `aigis keygen`: an EC key pair in PEM for `aigis sign` and `aigis verify`. */
import { Command, Option } from 'commander';
import { CURVES } from '../../lib/model-signing/keys.js';
import type { KeygenFlags } from './run.js';

export function keygenCommand(): Command {
  return new Command('keygen')
    .description('Make an EC key pair (PEM) for signing models: private.pem (mode 0600) and public.pem.')
    .requiredOption('-o, --out <dir>', 'the folder to write the keys to (created if missing)')
    .addOption(new Option('--curve <curve>', 'the elliptic curve').choices(CURVES).default('p256'))
    .option('--force', 'overwrite existing key files')
    .option('-q, --quiet', 'print nothing when the keys are written')
    .addHelpText(
      'after',
      '\nKeep private.pem secret (a secrets manager or an HSM for production keys); publish public.pem.\n\n' +
        'Examples:\n  aigis keygen --out keys\n  aigis keygen --curve p384 --out keys',
    )
    .action(async (flags: KeygenFlags) => (await import('./run.js')).runKeygen(flags));
}
