/**
 * @module The terminal report: findings grouped by file, then what was not fully analysed, then the summary
 * and the verdict against --fail-on. Colour is the caller's decision (TTY and NO_COLOR).
 */
import { findPrinciple } from '../../core/catalogue.js';
import type { FileType } from '../../core/file-type.js';
import type { Finding } from '../../core/finding.js';
import type { Reporter } from '../../core/reporter.js';
import type { ScanReport } from '../../core/scan-report.js';
import type { Severity } from '../../core/severity.js';
import { SEVERITIES, meetsThreshold } from '../../core/severity.js';
import type { Palette } from '../../lib/ansi.js';
import { palette } from '../../lib/ansi.js';

function severityLabel(severity: Severity, p: Palette): string {
  const label = severity.toUpperCase().padEnd(8);
  switch (severity) {
    case 'critical':
      return p.bold(p.red(label));
    case 'high':
      return p.red(label);
    case 'medium':
      return p.yellow(label);
    case 'low':
      return p.cyan(label);
    default:
      return p.dim(label);
  }
}

function position(finding: Finding): string {
  const { location } = finding;
  const parts: string[] = [];
  if (location.member !== undefined) parts.push(`member ${location.member}`);
  if (location.startLine !== undefined) parts.push(`line ${location.startLine}${location.startColumn !== undefined ? `:${location.startColumn}` : ''}`);
  if (location.offset !== undefined) parts.push(`byte ${location.offset}`);
  return parts.join(', ');
}

function groupByPath(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.location.path) ?? [];
    group.push(finding);
    groups.set(finding.location.path, group);
  }
  return groups;
}

function countReasons(report: ScanReport): string {
  const reasons = new Map<string, number>();
  for (const file of report.files) {
    if (file.status !== 'skipped') continue;
    const reason = (file.reason ?? 'skipped').replace(/^(ignored by ).*\.gitignore$/, '$1.gitignore');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [...reasons]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, count]) => `${count} ${reason}`)
    .join('; ');
}

/** Binary artifacts (models, archives) are where payloads hide: a skipped one is named, not just counted. */
const ARTIFACT_TYPES: ReadonlySet<FileType> = new Set([
  'zip', 'tar', 'gzip', 'bzip2', 'xz', 'zstd', 'zlib', '7z', 'pickle', 'numpy', 'hdf5', 'safetensors', 'gguf', 'onnx', 'protobuf', 'tflite',
]);
const MAX_LISTED_ARTIFACTS = 20;

export const textReporter: Reporter = (report, options) => {
  const p = palette(options.color);
  const out: string[] = [];
  const indent = ' '.repeat(11);
  for (const [path, findings] of groupByPath(report.findings)) {
    out.push(p.bold(path));
    for (const finding of findings) {
      const where = position(finding);
      out.push(`  ${severityLabel(finding.severity, p)} ${finding.title} ${p.dim(`[${finding.ruleId}]`)}${where ? p.dim(`  ${where}`) : ''}`);
      out.push(`${indent}${finding.message}`);
      if (finding.evidence) out.push(`${indent}${p.dim('evidence:')} ${finding.evidence}`);
      out.push(`${indent}${p.dim('fix:')} ${finding.fix}`);
      const principle = findPrinciple(finding.principle);
      out.push(`${indent}${p.dim(`guideline ${finding.principle} ${principle?.title ?? ''}`)}`);
    }
    out.push('');
  }

  const incomplete = report.files.filter((f) => f.status === 'inconclusive' || f.status === 'error');
  if (incomplete.length > 0) {
    out.push(p.bold(p.yellow('Not fully analysed (never treat these as clean):')));
    for (const file of incomplete) out.push(`  ${file.status.toUpperCase().padEnd(13)} ${file.path}: ${file.reason ?? ''}`);
    out.push('');
  }
  const skippedArtifacts = report.files.filter((f) => f.status === 'skipped' && ARTIFACT_TYPES.has(f.type));
  if (skippedArtifacts.length > 0) {
    out.push(p.bold(p.yellow('Model and archive files skipped (not analysed):')));
    for (const file of skippedArtifacts.slice(0, MAX_LISTED_ARTIFACTS)) out.push(`  ${file.path} (${file.type}): ${file.reason ?? ''}`);
    if (skippedArtifacts.length > MAX_LISTED_ARTIFACTS) out.push(`  and ${skippedArtifacts.length - MAX_LISTED_ARTIFACTS} more (see the JSON report)`);
    out.push('');
  }
  for (const notice of report.notices) {
    const label = notice.level === 'error' ? p.red('error') : notice.level === 'warning' ? p.yellow('warning') : p.dim('note');
    out.push(`${label}: ${notice.message}`);
  }
  if (report.notices.length > 0) out.push('');

  const { summary } = report;
  const files = summary.files;
  const skippedDetail = files.skipped > 0 ? ` (${countReasons(report)})` : '';
  out.push(`Files: ${files.scanned} scanned, ${files.skipped} skipped${skippedDetail}, ${files.inconclusive} inconclusive, ${files.error} failed`);
  const counts = SEVERITIES.map((s) => `${summary.bySeverity[s]} ${s}`).join(', ');
  out.push(`Findings: ${counts}${summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : ''}`);
  const failing = report.findings.filter((f) => meetsThreshold(f.severity, report.failOn)).length;
  if (report.failOn === 'none') out.push(p.dim('Threshold: none (--fail-on none)'));
  else if (failing > 0) out.push(p.red(`${failing} finding${failing === 1 ? '' : 's'} at or above ${report.failOn}.`));
  else out.push(p.green(`No findings at or above ${report.failOn}.`));
  return `${out.join('\n')}\n`;
};
