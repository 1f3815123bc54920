/**
 * @module `aigis check`: its options and help. The analysis and the reporters (run.ts) load only when the
 * command runs, so `--version` and `help` start fast.
 */
import { Command, Option } from 'commander';
import { CONFORMANCE_FORMATS } from '../../reporters/formats.js';
import { UsageError } from '../usage-error.js';
import type { CheckFlags } from './run.js';

export const CHECK_FAIL_LEVELS = ['none', 'missing', 'partial'] as const;

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 0 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 0 to 256, not "${value}"`);
  return jobs;
}

export function checkCommand(): Command {
  return new Command('check')
    .description('Show how the project stands against each of the 17 principles of the guidelines: met, partial, missing or not applicable, with the evidence and the next step.')
    .argument('[path]', 'the project folder (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(CONFORMANCE_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a principle is missing (missing), or not met (partial); principles declared not applicable never fail')
        .choices(CHECK_FAIL_LEVELS)
        .default('none'),
    )
    .option('-c, --config <file>', 'configuration file (default: aigis.yaml in the project folder)')
    .option('--verbose', 'text format: also show the evidence for principles that are met')
    .option('--allow-inconclusive', 'exit 0 even when some files could not be fully analysed')
    .option('--no-gitignore', 'also read files that .gitignore excludes')
    .option('--no-progress', 'do not draw a progress bar on stderr')
    .option('-q, --quiet', 'print nothing but the report')
    .addOption(new Option('-j, --jobs <n>', 'analysis worker threads (default: number of cores; 0 = none)').argParser(parseJobs))
    .addHelpText(
      'after',
      '\nThe view comes from the same analysis as "aigis scan": its findings count against their principles, after the\n' +
        'suppressions in aigis.yaml. Declare a principle that does not apply in aigis.yaml, with the reason:\n' +
        '  conformance:\n    notApplicable:\n      "3.2": "We call a hosted model API and ship no weights."\n\n' +
        'Exit codes: 0 the report was written (and, with --fail-on, nothing failed); 1 a principle is missing (or not\n' +
        'met) under --fail-on; 2 usage error, or a file that could not be fully analysed (evidence may be missing).\n\n' +
        'Examples:\n  aigis check\n  aigis check . --format markdown >> "$GITHUB_STEP_SUMMARY"\n  aigis check services/chat --format html -o conformance.html\n  aigis check --fail-on missing',
    )
    .action(async (path: string | undefined, flags: CheckFlags) => (await import('./run.js')).runCheck(path, flags));
}
