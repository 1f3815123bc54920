/**
 * @module The conformance view in the terminal: one line per principle with its status, then for each
 * principle not met the evidence (document present / control verified), what falls short, the findings that
 * count against it and the next steps.
 */
import type { CheckResult, ConformanceReport, PrincipleResult, PrincipleStatus } from '../../core/conformance/evaluate.js';
import type { ConformanceReporter, ReporterOptions } from '../../core/reporter.js';
import { SEVERITIES } from '../../core/severity.js';
import type { Palette } from '../../lib/ansi.js';
import { palette } from '../../lib/ansi.js';
import { printable } from '../../lib/printable.js';

const LABEL: Record<PrincipleStatus, string> = { met: 'MET', partial: 'PARTIAL', missing: 'MISSING', 'not-applicable': 'N/A' };

function statusLabel(status: PrincipleStatus, p: Palette): string {
  const label = LABEL[status].padEnd(8);
  switch (status) {
    case 'met':
      return p.green(label);
    case 'partial':
      return p.yellow(label);
    case 'missing':
      return p.red(label);
    default:
      return p.dim(label);
  }
}

/** Where the evidence is, unless the summary already names the file: then only its line, if any. */
const where = (location: { path: string; startLine?: number } | undefined, summary = '') => {
  if (!location) return '';
  if (summary.includes(location.path)) return location.startLine && !summary.includes(`${location.path}:${location.startLine}`) ? ` (line ${location.startLine})` : '';
  return ` (${printable(location.path)}${location.startLine ? `:${location.startLine}` : ''})`;
};

function evidenceLines(check: CheckResult, p: Palette): string[] {
  return check.evidence.map((item) => {
    const mark = item.shortfall ? p.yellow('!') : p.green('+');
    const kind = item.shortfall ? item.kind : item.kind === 'control' ? 'verified' : 'document';
    const shortfall = item.shortfall ? `; ${p.yellow(`falls short: ${printable(item.shortfall)}`)}` : '';
    return `      ${mark} ${kind.padEnd(9)}${printable(item.summary)}${where(item.location, item.summary)}${shortfall}`;
  });
}

function details(result: PrincipleResult, p: Palette): string[] {
  const lines: string[] = [];
  if (result.status === 'not-applicable') {
    lines.push(`      not applicable: ${printable(result.notApplicableReason ?? '')}`);
    return lines;
  }
  for (const check of result.checks) lines.push(...evidenceLines(check, p));
  const missing = result.checks.filter((c) => c.required && c.state === 'not found');
  for (const check of missing) lines.push(`      ${p.red('-')} ${(check.kind === 'control' ? 'control' : 'document').padEnd(9)}${p.dim(`not found: ${check.title}`)}`);
  if (result.findings.count > 0) {
    const counts = SEVERITIES.filter((s) => result.findings.bySeverity[s] > 0).map((s) => `${result.findings.bySeverity[s]} ${s}`);
    lines.push(`      ${p.red('x')} findings ${result.findings.count} against this principle (${counts.join(', ')})`);
  }
  if (result.status !== 'met') {
    result.nextSteps.forEach((step, index) => lines.push(`      ${p.cyan(index === 0 ? 'next:' : '     ')} ${printable(step)}`));
  }
  return lines;
}

export function renderConformanceText(report: ConformanceReport, options: ReporterOptions): string {
  const p = palette(options.color);
  const { summary } = report;
  const out: string[] = [];
  out.push(p.bold(`Guideline conformance of ${printable(report.scanRoot)}`));
  out.push(
    `${summary.met} met, ${summary.partial} partial, ${summary.missing} missing, ${summary['not-applicable']} not applicable ` +
      `(17 principles of the NCSC/CISA Guidelines for secure AI system development)`,
  );
  let area = '';
  for (const result of report.principles) {
    if (result.area !== area) {
      area = result.area;
      out.push('', p.bold(`${result.id.split('.')[0]} ${area}`));
    }
    out.push(`  ${statusLabel(result.status, p)}${result.id} ${result.title}`);
    if (result.status !== 'met' || options.verbose) out.push(...details(result, p));
  }
  out.push('');
  out.push(p.dim('Only controls aigis verified (signatures that verify, CI gates, documents checked against the inventory) can make a principle met;'));
  out.push(p.dim('a document that exists is evidence, not proof. What stays a person\'s judgement is never claimed. --verbose shows the evidence for met principles.'));
  if (report.incompleteFiles > 0) {
    out.push(p.yellow(`${report.incompleteFiles} file(s) could not be fully analysed: evidence they hold may be missing (aigis scan lists them).`));
  }
  return `${out.join('\n')}\n`;
}

export const conformanceTextReporter: ConformanceReporter = (report, options) => renderConformanceText(report, options);
