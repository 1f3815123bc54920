/**
 * @module `aigis scan`: its options and help. The pipeline itself (run.ts, with every analyzer) is loaded only
 * when a scan runs, so `--version` and `help` start fast.
 */
import { Command, Option } from 'commander';
import { FAIL_ON_LEVELS } from '../../core/severity.js';
import { REPORT_FORMATS } from '../../reporters/formats.js';
import { UsageError } from '../usage-error.js';
import type { ScanFlags } from './run.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 0 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 0 to 256, not "${value}"`);
  return jobs;
}

export function scanCommand(): Command {
  return new Command('scan')
    .description('Scan files and folders (default: the current folder) and report findings mapped to the guidelines.')
    .argument('[paths...]', 'files and folders to scan')
    .addOption(new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON_LEVELS).default('high'))
    .option('-c, --config <file>', 'configuration file (default: aigis.yaml in the scan root)')
    .option('--include <glob>', 'analyse only files matching this glob; repeatable', collect, [])
    .option('--exclude <pattern>', 'skip paths matching this gitignore-style pattern; repeatable', collect, [])
    .option('--baseline <file>', 'report only findings that are not in this earlier JSON report')
    .option('--allow-inconclusive', 'exit 0 or 1 even when some files could not be fully analysed (weaker: opt-in)')
    .option('--no-gitignore', 'also scan files that .gitignore excludes')
    .option('--no-progress', 'do not draw a progress bar on stderr')
    .option('-q, --quiet', 'print nothing but the report')
    .addOption(new Option('-j, --jobs <n>', 'analysis worker threads (default: number of cores; 0 = none)').argParser(parseJobs))
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, or a file that\n' +
        'could not be fully analysed (the report is still written).\n\nExamples:\n  aigis scan\n  aigis scan models/ --format sarif --output aigis.sarif\n  aigis scan . --baseline previous.json --fail-on medium',
    )
    .action(async (paths: string[], flags: ScanFlags) => (await import('./run.js')).runScan(paths, flags));
}
