/**
 * @module `aigis bom`: its options and help. The scan pipeline and the CycloneDX writer (run.ts) load only when
 * the command runs, so `--version` and `help` start fast.
 */
import { Command, Option } from 'commander';
import { UsageError } from '../usage-error.js';
import type { BomFlags } from './run.js';

export const BOM_SPECS = ['1.6', '1.7'] as const;

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 0 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 0 to 256, not "${value}"`);
  return jobs;
}

export function bomCommand(): Command {
  return new Command('bom')
    .description('Write an inventory of the AI system (models, datasets, prompts, AI services, packages) as a CycloneDX AI/ML-BOM.')
    .argument('[path]', 'the project folder (default: the current folder)')
    .addOption(new Option('--spec <version>', 'CycloneDX specification version').choices(BOM_SPECS).default('1.6'))
    .option('-o, --output <file>', 'write the BOM to this file instead of stdout')
    .option('--reproducible', 'leave out the serial number and timestamp, so the same tree gives the same bytes')
    .option('-c, --config <file>', 'configuration file (default: aigis.yaml in the project folder)')
    .option('--allow-inconclusive', 'exit 0 even when some files could not be fully analysed')
    .option('--no-gitignore', 'also inventory files that .gitignore excludes')
    .option('--no-progress', 'do not draw a progress bar on stderr')
    .option('-q, --quiet', 'print nothing but the BOM')
    .addOption(new Option('-j, --jobs <n>', 'analysis worker threads (default: number of cores; 0 = none)').argParser(parseJobs))
    .addHelpText(
      'after',
      '\nThe inventory comes from the same analysis as "aigis scan"; findings are not reported here.\n' +
        'Exit codes: 0 the BOM was written; 2 usage error, or a file that could not be fully analysed (the BOM is\n' +
        'still written, and may be missing what that file holds).\n\nExamples:\n  aigis bom\n  aigis bom . --output bom.cdx.json\n  aigis bom services/chat --spec 1.7 --reproducible',
    )
    .action(async (path: string | undefined, flags: BomFlags) => (await import('./run.js')).runBom(path, flags));
}
