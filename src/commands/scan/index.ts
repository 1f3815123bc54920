/** @module `aigis scan`: the pipeline wired together: roots -> config -> engine -> policy -> reporter -> exit code. */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { Command, Option } from 'commander';
import { ANALYZER_MODULE_URL, analyzers } from '../../analyzers/index.js';
import type { AigisConfig } from '../../core/config/types.js';
import { defaultConfig, findConfigFile, loadConfigFile } from '../../core/config/load.js';
import { applyPolicy } from '../../core/policy/apply.js';
import { parseBaseline } from '../../core/policy/baseline.js';
import { exitCodeFor } from '../../core/policy/exit-code.js';
import { buildScanReport } from '../../core/scan-report.js';
import type { FailOn } from '../../core/severity.js';
import { FAIL_ON_LEVELS } from '../../core/severity.js';
import { scan } from '../../engine/scan.js';
import { colorWanted } from '../../lib/ansi.js';
import type { ReportFormat } from '../../reporters/index.js';
import { REPORT_FORMATS, reporters } from '../../reporters/index.js';
import { configContext } from '../config-context.js';
import { UsageError } from '../usage-error.js';
import { AIGIS_VERSION } from '../version.js';
import { writeOutput } from '../write-output.js';
import { progressLine } from './progress.js';
import { resolveScanRoots } from './roots.js';

interface ScanFlags {
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  config?: string;
  include: string[];
  exclude: string[];
  baseline?: string;
  allowInconclusive?: boolean;
  gitignore: boolean;
  progress: boolean;
  quiet?: boolean;
  jobs?: number;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 0 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 0 to 256, not "${value}"`);
  return jobs;
}

function loadConfig(flags: ScanFlags, scanRoot: string): AigisConfig {
  const context = configContext();
  if (flags.config !== undefined) return loadConfigFile(flags.config, context);
  const found = findConfigFile(scanRoot);
  return found ? loadConfigFile(found, context) : defaultConfig(context);
}

function loadBaseline(path: string | undefined): { source: string; fingerprints: ReadonlySet<string> } | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read baseline ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return { source: path, fingerprints: parseBaseline(text, path) };
}

const toPosix = (path: string) => (sep === '/' ? path : path.split(sep).join('/'));

async function runScan(paths: string[], flags: ScanFlags): Promise<void> {
  const { scanRoot, roots, projectRoots } = resolveScanRoots(paths.length > 0 ? paths : ['.'], process.cwd());
  const config = loadConfig(flags, scanRoot);
  const baseline = loadBaseline(flags.baseline);
  const showProgress = flags.progress && !flags.quiet && process.stderr.isTTY === true;
  const progress = showProgress ? progressLine(process.stderr) : undefined;

  const result = await scan({
    scanRoot,
    roots,
    projectRoots: projectRoots.map((root) => toPosix(relative(scanRoot, root))),
    analyzers,
    analyzerModule: ANALYZER_MODULE_URL,
    config,
    include: flags.include,
    exclude: flags.exclude,
    useGitignore: flags.gitignore,
    ...(flags.jobs === undefined ? {} : { workers: flags.jobs }),
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.clear();

  const policy = applyPolicy({
    findings: result.findings,
    config,
    directives: result.directives,
    ...(baseline ? { baseline } : {}),
    today: new Date().toISOString().slice(0, 10),
  });
  const notices = [...result.notices, ...policy.notices];
  const report = buildScanReport({
    tool: { name: 'aigis', version: AIGIS_VERSION },
    scanRoot,
    failOn: flags.failOn,
    findings: policy.findings,
    suppressed: policy.suppressed,
    files: result.files,
    notices,
    rules: analyzers.flatMap((analyzer) => analyzer.rules),
  });
  const color = flags.output === undefined && flags.format === 'text' && colorWanted(process.stdout, process.env);
  writeOutput(reporters[flags.format](report, { color }), flags.output);
  if (flags.output !== undefined && !flags.quiet) {
    process.stderr.write(`aigis: wrote ${flags.format} report to ${flags.output} (${report.findings.length} findings)\n`);
  }
  process.exitCode = exitCodeFor({
    findings: report.findings,
    files: report.files,
    notices,
    failOn: flags.failOn,
    allowInconclusive: flags.allowInconclusive === true,
  });
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
    .action(runScan);
}
