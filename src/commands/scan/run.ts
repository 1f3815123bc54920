/** @module `aigis scan` at work: roots -> config -> engine -> policy -> reporter -> exit code. */
import { readFileSync } from 'node:fs';
import { analyzers } from '../../analyzers/index.js';
import { applyPolicy } from '../../core/policy/apply.js';
import { parseBaseline } from '../../core/policy/baseline.js';
import { exitCodeFor } from '../../core/policy/exit-code.js';
import { buildScanReport } from '../../core/scan-report.js';
import type { FailOn } from '../../core/severity.js';
import { colorWanted } from '../../lib/ansi.js';
import type { ReportFormat } from '../../reporters/formats.js';
import { reporters } from '../../reporters/index.js';
import { conformanceOf, runAnalysis } from '../run-analysis.js';
import { UsageError } from '../usage-error.js';
import { AIGIS_VERSION } from '../version.js';
import { writeOutput } from '../write-output.js';
import { progressLine } from './progress.js';

export interface ScanFlags {
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


export async function runScan(paths: string[], flags: ScanFlags): Promise<void> {
  const baseline = loadBaseline(flags.baseline);
  const showProgress = flags.progress && !flags.quiet && process.stderr.isTTY === true;
  const progress = showProgress ? progressLine(process.stderr) : undefined;
  const analysis = await runAnalysis({
    paths,
    ...(flags.config === undefined ? {} : { configPath: flags.config }),
    include: flags.include,
    exclude: flags.exclude,
    gitignore: flags.gitignore,
    ...(flags.jobs === undefined ? {} : { jobs: flags.jobs }),
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.clear();
  const { scanRoot, config, result } = analysis;

  const policy = applyPolicy({
    findings: result.findings,
    config,
    directives: result.directives,
    ...(baseline ? { baseline } : {}),
    today: new Date().toISOString().slice(0, 10),
  });
  const notices = [...result.notices, ...policy.notices];
  // The HTML report shows the conformance view of the same scan; the other formats leave it to `aigis check`.
  const conformance = flags.format === 'html' ? conformanceOf(analysis, policy.findings) : undefined;
  const report = buildScanReport({
    tool: { name: 'aigis', version: AIGIS_VERSION },
    scanRoot,
    failOn: flags.failOn,
    findings: policy.findings,
    suppressed: policy.suppressed,
    files: result.files,
    notices,
    rules: analyzers.flatMap((analyzer) => analyzer.rules),
    ...(conformance ? { conformance } : {}),
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

