/**
 * @module The conformance view in HTML: a status table of the 17 principles, then each principle with its
 * evidence (document present / control verified), what falls short, the findings against it and the next
 * steps. It is a section of the scan report and, wrapped in the same page shell, `aigis check --format html`.
 */
import type { ConformanceReport, EvidenceItem, PrincipleResult, PrincipleStatus } from '../../core/conformance/evaluate.js';
import { SEVERITIES } from '../../core/severity.js';
import { escapeHtml, html, token } from './escape.js';
import { locationCell, number, severityBadge } from './parts.js';

const LABEL: Record<PrincipleStatus, string> = { met: 'met', partial: 'partial', missing: 'missing', 'not-applicable': 'n/a' };

export function conformanceAnchor(id: string): string {
  return `principle-${token(id.replace('.', '-'))}`;
}

function statusBadge(status: PrincipleStatus): string {
  return `<span class="status-badge conf-${token(status)}">${escapeHtml(LABEL[status])}</span>`;
}

function evidenceItem(item: EvidenceItem): string {
  const where = item.location ? ` ${locationCell(item.location)}` : '';
  const shortfall = item.shortfall ? `<div class="sub">falls short: ${html(item.shortfall)}</div>` : '';
  return `<li${item.shortfall ? ' class="short"' : ''}><span class="kind">${escapeHtml(item.shortfall ? `${item.kind} falls short` : item.strength)}</span>${item.shortfall ? '⚠ ' : '✔ '}${html(item.summary)}${where}${shortfall}</li>`;
}

function principleDetails(result: PrincipleResult): string {
  const parts = [`<div class="principle" id="${conformanceAnchor(result.id)}">`, `<h4>${statusBadge(result.status)}<span>${escapeHtml(result.id)} ${html(result.title)}</span></h4>`];
  if (result.status === 'not-applicable') {
    parts.push(`<p>Not applicable: ${html(result.notApplicableReason ?? '')}</p></div>`);
    return parts.join('');
  }
  const evidence = result.checks.flatMap((check) => check.evidence.map(evidenceItem));
  const notFound = result.checks
    .filter((check) => check.required && check.state === 'not found')
    .map((check) => `<li class="short"><span class="kind">not found · ${escapeHtml(check.kind)}</span>✘ ${html(check.title)}</li>`);
  if (evidence.length + notFound.length > 0) parts.push(`<ul>${evidence.join('')}${notFound.join('')}</ul>`);
  if (result.findings.count > 0) {
    const counts = SEVERITIES.filter((s) => result.findings.bySeverity[s] > 0).map((s) => `${severityBadge(s)} ${number(result.findings.bySeverity[s])}`);
    parts.push(`<p>Findings against it: ${counts.join(' ')}</p>`);
    parts.push(`<ul>${result.findings.worst.map((f) => `<li>${severityBadge(f.severity)} ${html(f.title)} <code>${html(f.ruleId)}</code> ${locationCell(f.location)}</li>`).join('')}</ul>`);
  }
  if (result.nextSteps.length > 0) parts.push(`<p>Next steps:</p><ol class="next">${result.nextSteps.map((step) => `<li>${html(step)}</li>`).join('')}</ol>`);
  parts.push('</div>');
  return parts.join('');
}

export function conformanceSection(report: ConformanceReport): string {
  const { summary } = report;
  const rows = report.principles.map((result) => {
    const items = result.checks.flatMap((c) => c.evidence);
    const verified = items.filter((i) => i.strength === 'control verified' && !i.shortfall).length;
    const documents = items.filter((i) => i.strength === 'document present' && !i.shortfall).length;
    return (
      `<tr><td><a href="#${conformanceAnchor(result.id)}">${escapeHtml(result.id)}</a> ${html(result.title)}</td>` +
      `<td>${statusBadge(result.status)}</td><td class="num">${number(verified)}</td><td class="num">${number(documents)}</td>` +
      `<td class="num">${number(result.findings.count)}</td></tr>`
    );
  });
  return (
    `<section>` +
    `<h2 id="conformance">Guideline conformance</h2>` +
    `<p><strong>${number(summary.met)} met, ${number(summary.partial)} partial, ${number(summary.missing)} missing, ` +
    `${number(summary['not-applicable'])} not applicable.</strong> Only controls aigis verified (signatures that verify, CI gates, ` +
    `documents checked against the inventory) can make a principle met; a document that exists is evidence, not proof.</p>` +
    `<table class="conformance"><thead><tr><th>Principle</th><th>Status</th><th>Verified controls</th><th>Documents</th><th>Findings</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>` +
    report.principles.map(principleDetails).join('') +
    (report.incompleteFiles > 0 ? `<p class="cap-note" role="note">${number(report.incompleteFiles)} file(s) could not be fully analysed: evidence they hold may be missing.</p>` : '') +
    `</section>`
  );
}
