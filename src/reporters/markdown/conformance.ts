/**
 * @module The conformance view as Markdown (GitHub-flavoured), for a pull request comment, a job summary
 * (`$GITHUB_STEP_SUMMARY`) or a wiki page. Text from the scanned project (paths, summaries) is escaped so it
 * cannot add markup, links or HTML.
 */
import { GUIDELINES_SOURCE } from '../../core/catalogue.js';
import type { ConformanceReport, PrincipleResult, PrincipleStatus } from '../../core/conformance/evaluate.js';
import type { ConformanceReporter } from '../../core/reporter.js';
import { SEVERITIES } from '../../core/severity.js';
import { printable } from '../../lib/printable.js';

const STATUS: Record<PrincipleStatus, string> = { met: '✅ met', partial: '🟡 partial', missing: '❌ missing', 'not-applicable': '➖ not applicable' };

/** Escapes Markdown and HTML metacharacters, so project text shows as written and stays in its table cell. */
export function escapeMarkdown(text: string): string {
  return printable(text)
    .replace(/[\\`*_{}[\]()#+!|<>~&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(/^([-=])/, '\\$1')
    .replace(/(\d)\.(\s)/g, '$1\\.$2');
}

/** Where the evidence is, unless the summary already names the file: then only its line, if any. */
const where = (location: { path: string; startLine?: number } | undefined, summary = '') => {
  if (!location) return '';
  if (summary.includes(location.path)) return location.startLine && !summary.includes(`${location.path}:${location.startLine}`) ? ` (line ${location.startLine})` : '';
  return ` (${escapeMarkdown(location.path)}${location.startLine ? `:${location.startLine}` : ''})`;
};

function principleSection(result: PrincipleResult): string[] {
  const out = [`### ${result.id} ${escapeMarkdown(result.title)}: ${STATUS[result.status]}`, ''];
  if (result.status === 'not-applicable') {
    out.push(`Not applicable: ${escapeMarkdown(result.notApplicableReason ?? '')}`, '');
    return out;
  }
  const evidence = result.checks.flatMap((check) =>
    check.evidence.map((item) => {
      const mark = item.shortfall ? '⚠️' : '✔️';
      const shortfall = item.shortfall ? ` — ${escapeMarkdown(item.shortfall)}` : '';
      return `- ${mark} *${item.shortfall ? `${item.kind} falls short` : item.strength}*: ${escapeMarkdown(item.summary)}${where(item.location, item.summary)}${shortfall}`;
    }),
  );
  const notFound = result.checks
    .filter((check) => check.required && check.state === 'not found')
    .map((check) => `- ❌ *not found* (${check.kind}): ${escapeMarkdown(check.title)}`);
  if (evidence.length + notFound.length > 0) out.push('**Evidence**', '', ...evidence, ...notFound, '');
  if (result.findings.count > 0) {
    const counts = SEVERITIES.filter((s) => result.findings.bySeverity[s] > 0).map((s) => `${result.findings.bySeverity[s]} ${s}`);
    out.push(`**Findings against it:** ${result.findings.count} (${counts.join(', ')})`, '');
    for (const finding of result.findings.worst) {
      out.push(`- ${finding.severity}: ${escapeMarkdown(finding.title)} \`${escapeMarkdown(finding.ruleId)}\`${where(finding.location)}`);
    }
    out.push('');
  }
  if (result.nextSteps.length > 0) out.push('**Next steps**', '', ...result.nextSteps.map((step, i) => `${i + 1}. ${escapeMarkdown(step)}`), '');
  return out;
}

export function renderConformanceMarkdown(report: ConformanceReport): string {
  const { summary } = report;
  const out = [
    '# AI guideline conformance',
    '',
    `Project \`${escapeMarkdown(report.scanRoot).replaceAll('`', '')}\`, checked by ${report.tool.name} ${escapeMarkdown(report.tool.version)} against the 17 principles of the ` +
      `NCSC/CISA [${GUIDELINES_SOURCE.title}](${GUIDELINES_SOURCE.url}).`,
    '',
    `**${summary.met} met, ${summary.partial} partial, ${summary.missing} missing, ${summary['not-applicable']} not applicable.**`,
    '',
    'Only controls aigis verified can make a principle met; a document that exists is evidence, not proof.',
    '',
    '| Principle | Status | Evidence | Findings | Next step |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const result of report.principles) {
    const items = result.checks.flatMap((c) => c.evidence);
    const verified = items.filter((i) => i.strength === 'control verified' && !i.shortfall).length;
    const documents = items.filter((i) => i.strength === 'document present' && !i.shortfall).length;
    const short = items.length - verified - documents;
    const evidence = items.length === 0 ? '—' : `${verified} verified, ${documents} document${documents === 1 ? '' : 's'}${short > 0 ? `, ${short} short` : ''}`;
    const next = result.status === 'not-applicable' ? escapeMarkdown(result.notApplicableReason ?? '') : escapeMarkdown(result.nextSteps[0] ?? '');
    out.push(`| ${result.id} ${escapeMarkdown(result.title)} | ${STATUS[result.status]} | ${evidence} | ${result.findings.count} | ${next} |`);
  }
  out.push('');
  let area = '';
  for (const result of report.principles) {
    if (result.area !== area) {
      area = result.area;
      out.push(`## ${result.id.split('.')[0]} ${escapeMarkdown(area)}`, '');
    }
    out.push(...principleSection(result));
  }
  if (report.incompleteFiles > 0) out.push(`> ${report.incompleteFiles} file(s) could not be fully analysed: evidence they hold may be missing.`, '');
  return `${out.join('\n')}\n`;
}

export const conformanceMarkdownReporter: ConformanceReporter = (report) => renderConformanceMarkdown(report);
