/** @module `aigis verify`: checks a model against its OpenSSF model-signing signature with a public key. */
import { Command } from 'commander';
const collect = (value: string, previous: string[]) => [...previous, value];
import type { VerifyFlags } from './run.js';

export function verifyCommand(): Command {
  return new Command('verify')
    .description('Verify a model folder or file against its model-signing signature (key mode), file by file.')
    .argument('<model>', 'the model folder or file')
    .requiredOption('-k, --key <file>', 'the PEM EC public key of the signer')
    .option('-s, --signature <file>', 'the signature (default: model.sig in the model folder, or beside a model file)')
    .option('--ignore <path>', 'leave this file or folder out of the check; repeatable (relative to the working directory, or to the model)', collect, [])
    .option('--no-progress', 'do not draw a progress line on stderr')
    .option('-q, --quiet', 'print nothing when the model verifies')
    .addHelpText(
      'after',
      '\nVerifies signatures made by aigis sign and by the reference model_signing (1.0 and later, and 0.2) with\n' +
        'P-256, P-384 or P-521 keys. Keyless (Sigstore) signatures need online trust roots and are not verified here.\n\n' +
        'Exit codes: 0 the signature is valid and every file matches; 1 it does not verify, or files are changed,\n' +
        'missing or unsigned (each is named); 2 usage error, unreadable input, or a signature this verifier cannot\n' +
        'check offline (keyless or certificate).\n\nExamples:\n  aigis verify models/bert --key keys/public.pem\n' +
        '  aigis verify model.safetensors --key keys/public.pem --signature model.safetensors.sig',
    )
    .action(async (model: string, flags: VerifyFlags) => (await import('./run.js')).runVerify(model, flags));
}
