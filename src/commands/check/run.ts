/** @module `aigis check` at work: analysis -> policy -> conformance evaluation -> reporter -> exit code. */
import type { ConformanceReport } from '../../core/conformance/evaluate.js';
import { applyPolicy } from '../../core/policy/apply.js';
import { EXIT_FINDINGS, EXIT_INCOMPLETE } from '../../core/policy/exit-code.js';
import { colorWanted } from '../../lib/ansi.js';
import type { ConformanceFormat } from '../../reporters/formats.js';
import { conformanceReporters } from '../../reporters/index.js';
import { conformanceOf, runAnalysis } from '../run-analysis.js';
import { progressLine } from '../scan/progress.js';
import { writeOutput } from '../write-output.js';
import type { CHECK_FAIL_LEVELS } from './index.js';

export interface CheckFlags {
  format: ConformanceFormat;
  output?: string;
  failOn: (typeof CHECK_FAIL_LEVELS)[number];
  config?: string;
  verbose?: boolean;
  allowInconclusive?: boolean;
  gitignore: boolean;
  progress: boolean;
  quiet?: boolean;
  jobs?: number;
}

/** The principles that fail `--fail-on`: none, those missing, or all not met. */
export function failingPrinciples(report: ConformanceReport, failOn: CheckFlags['failOn']): string[] {
  if (failOn === 'none') return [];
  return report.principles
    .filter((p) => p.status === 'missing' || (failOn === 'partial' && p.status === 'partial'))
    .map((p) => p.id);
}

export async function runCheck(path: string | undefined, flags: CheckFlags): Promise<void> {
  const progress = flags.progress && !flags.quiet && process.stderr.isTTY === true ? progressLine(process.stderr) : undefined;
  const analysis = await runAnalysis({
    paths: path === undefined ? [] : [path],
    ...(flags.config === undefined ? {} : { configPath: flags.config }),
    gitignore: flags.gitignore,
    ...(flags.jobs === undefined ? {} : { jobs: flags.jobs }),
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.clear();
  const { config, result } = analysis;
  const policy = applyPolicy({ findings: result.findings, config, directives: result.directives, today: new Date().toISOString().slice(0, 10) });
  const report = conformanceOf(analysis, policy.findings);
  const color = flags.output === undefined && flags.format === 'text' && colorWanted(process.stdout, process.env);
  writeOutput(conformanceReporters[flags.format](report, { color, verbose: flags.verbose === true }), flags.output);
  const failing = failingPrinciples(report, flags.failOn);
  if (!flags.quiet) {
    if (flags.output !== undefined) {
      const { met, partial, missing } = report.summary;
      process.stderr.write(`aigis: wrote ${flags.format} conformance report to ${flags.output} (${met} met, ${partial} partial, ${missing} missing)\n`);
    }
    if (failing.length > 0) process.stderr.write(`aigis: --fail-on ${flags.failOn}: principle${failing.length === 1 ? '' : 's'} ${failing.join(', ')}\n`);
    if (report.incompleteFiles > 0) {
      process.stderr.write(`aigis: ${report.incompleteFiles} file(s) could not be fully analysed; evidence they hold may be missing (aigis scan lists them)\n`);
    }
  }
  const errorNotices = [...result.notices, ...policy.notices].filter((notice) => notice.level === 'error');
  if (!flags.quiet) for (const notice of errorNotices) process.stderr.write(`aigis: ${notice.message}\n`);
  const incomplete = (report.incompleteFiles > 0 || errorNotices.length > 0) && flags.allowInconclusive !== true;
  process.exitCode = incomplete ? EXIT_INCOMPLETE : failing.length > 0 ? EXIT_FINDINGS : 0;
}
