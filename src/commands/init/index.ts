/**
 * @module `aigis init`: its options and help. Writing the files (run.ts, which may scan for AI assets) is loaded
 * only when the command runs.
 */
import { Command } from 'commander';
import type { InitFlags } from './run.js';

export function initCommand(): Command {
  return new Command('init')
    .description('Write a commented aigis.yaml and, on request, starting points for SECURITY.md, a threat model, an incident runbook and a model card.')
    .argument('[path]', 'the project folder (default: the current folder)')
    .option('--security-policy', 'also write SECURITY.md with AI-specific disclosure scope')
    .option('--threat-model', 'also write THREAT_MODEL.md listing the AI assets aigis finds in the project')
    .option('--incident-runbook', 'also write docs/incident-response.md with AI scenarios and rollback steps')
    .option('--model-card [dir]', 'also write a Hugging Face style model card README.md in this folder (relative to the project; default: the project folder)')
    .option('--all', 'write aigis.yaml, SECURITY.md, THREAT_MODEL.md and the incident runbook (the model card only with --model-card)')
    .option('--contact <address>', 'the security contact to put in SECURITY.md and the runbook (e.g. security@your-company.com)')
    .option('--no-config', 'do not write aigis.yaml')
    .option('--force', 'overwrite files that already exist')
    .option('--dry-run', 'print what would be written, and write nothing')
    .addHelpText(
      'after',
      '\nExisting files are never replaced without --force: aigis names them and exits 1 without writing anything.\n' +
        'Exit codes: 0 written; 1 files exist; 2 usage error.\n\nExamples:\n  aigis init\n  aigis init --all --contact security@acme.com\n' +
        '  aigis init . --no-config --model-card models/classifier\n  aigis init --threat-model --dry-run',
    )
    .action(async (path: string | undefined, flags: InitFlags) => (await import('./run.js')).runInit(path ?? '.', flags));
}
