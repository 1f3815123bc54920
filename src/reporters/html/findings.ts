/**
 * @module The findings sections: the filterable findings table, the suppressed findings and the rules that ran.
 * Rows are plain HTML, all visible; the inline script only hides rows, so the page reads fine without it.
 */
import { PRINCIPLES } from '../../core/catalogue.js';
import type { Finding } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ScanReport } from '../../core/scan-report.js';
import { SEVERITIES, severityRank } from '../../core/severity.js';
import { escapeHtml, html, token } from './escape.js';
import {
  JSON_AND_SARIF,
  JSON_ONLY,
  capNote,
  locationCell,
  number,
  plural,
  principleLabel,
  referenceList,
  ruleAnchor,
  severityBadge,
} from './parts.js';

/** Rows rendered in the findings table; the rest are counted in a note. */
export const MAX_FINDING_ROWS = 5000;
/** Rows rendered in the suppressed findings table. */
export const MAX_SUPPRESSED_ROWS = 2000;

/** Most severe first; within a severity, the report's own (path) order. Array.prototype.sort is stable. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

function ruleCell(finding: Finding, known: ReadonlySet<string>): string {
  const id = html(finding.ruleId);
  const ruleId = known.has(finding.ruleId) ? `<a class="rule-id" href="#${ruleAnchor(finding.ruleId)}">${id}</a>` : `<span class="rule-id">${id}</span>`;
  return `<div class="ftitle">${html(finding.title)}</div><div class="sub">${ruleId}</div>`;
}

function findingRow(finding: Finding, known: ReadonlySet<string>): string {
  const evidence = finding.evidence === undefined ? '' : `<div class="evidence"><code>${html(finding.evidence)}</code></div>`;
  return (
    `<tr data-severity="${token(finding.severity)}" data-principle="${html(finding.principle)}">` +
    `<td class="c-sev">${severityBadge(finding.severity)}</td>` +
    `<td class="c-finding">${ruleCell(finding, known)}<p class="msg">${html(finding.message)}</p>${evidence}` +
    `<p class="fix"><span class="label">Fix</span> ${html(finding.fix)}</p></td>` +
    `<td class="c-loc">${locationCell(finding.location)}</td>` +
    `<td class="c-guide">${principleLabel(finding.principle)}${referenceList(finding.references)}</td>` +
    `</tr>`
  );
}

function filters(report: ScanReport): string {
  const severities = SEVERITIES.map(
    (s) =>
      `<label class="chk"><input type="checkbox" name="severity" value="${s}" checked> ${severityBadge(s)} <span class="n">${number(report.summary.bySeverity[s])}</span></label>`,
  ).join('');
  const options = PRINCIPLES.map(
    (p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(`${p.id} ${p.title} (${report.summary.byPrinciple[p.id] ?? 0})`)}</option>`,
  ).join('');
  return (
    `<form id="filters" class="filters" hidden role="search" aria-controls="findings-table">` +
    `<label class="search">Search <input type="search" id="f-search" placeholder="path, rule, message, evidence…" autocomplete="off"></label>` +
    `<fieldset class="sevs"><legend>Severity</legend>${severities}</fieldset>` +
    `<label class="principle">Principle <select id="f-principle"><option value="">All principles</option>${options}</select></label>` +
    `<button type="reset">Reset</button>` +
    `<output id="filter-status" aria-live="polite"></output>` +
    `</form>` +
    `<noscript><p class="muted">The filters need JavaScript; every finding below is shown.</p></noscript>`
  );
}

export function findingsSection(report: ScanReport): string {
  const total = report.findings.length;
  const heading = `<h2 id="findings">Findings <span class="n">${number(total)}</span></h2>`;
  if (total === 0) {
    return `<section>${heading}<p class="empty">No findings${report.summary.suppressed > 0 ? ' (apart from the suppressed ones below)' : ''}.</p></section>`;
  }
  const known = new Set(report.rules.map((r) => r.id));
  const rows = bySeverity(report.findings).slice(0, MAX_FINDING_ROWS);
  return (
    `<section>${heading}` +
    `<p class="muted">Most severe first, then by path.</p>` +
    filters(report) +
    capNote(rows.length, total, 'findings', `${JSON_AND_SARIF} The filters apply to the rows shown here.`) +
    `<div class="table-wrap"><table id="findings-table" class="findings">` +
    `<thead><tr><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Location</th><th scope="col">Guideline and references</th></tr></thead>` +
    `<tbody>${rows.map((f) => findingRow(f, known)).join('\n')}</tbody></table></div>` +
    `</section>`
  );
}

export function suppressedSection(report: ScanReport): string {
  const total = report.suppressed.length;
  if (total === 0) return '';
  const rows = report.suppressed.slice(0, MAX_SUPPRESSED_ROWS).map(({ finding, suppression }) => {
    const expires = suppression.expires === undefined ? '' : `<div class="sub">expires ${html(suppression.expires)}</div>`;
    return (
      `<tr data-severity="${token(finding.severity)}" data-principle="${html(finding.principle)}">` +
      `<td class="c-sev">${severityBadge(finding.severity)}</td>` +
      `<td class="c-finding"><div class="ftitle">${html(finding.title)}</div><div class="sub"><span class="rule-id">${html(finding.ruleId)}</span></div>` +
      `<p class="msg">${html(finding.message)}</p></td>` +
      `<td class="c-loc">${locationCell(finding.location)}</td>` +
      `<td><span class="kind">${html(suppression.kind)}</span></td>` +
      `<td class="c-reason">${html(suppression.reason)}<div class="sub">by <code>${html(suppression.source)}</code></div>${expires}</td>` +
      `</tr>`
    );
  });
  return (
    `<section>` +
    `<h2 id="suppressed">Suppressed findings <span class="n">${number(total)}</span></h2>` +
    `<p class="muted">Kept for the record: each was suppressed by a rule setting, aigis.yaml, an inline directive or the baseline, with its reason.</p>` +
    `<details class="suppressed"><summary>Show ${plural(total, 'suppressed finding')}</summary>` +
    capNote(rows.length, total, 'suppressed findings', JSON_ONLY) +
    `<div class="table-wrap"><table class="findings">` +
    `<thead><tr><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Location</th><th scope="col">Kind</th><th scope="col">Reason and source</th></tr></thead>` +
    `<tbody>${rows.join('\n')}</tbody></table></div></details>` +
    `</section>`
  );
}

function ruleEntry(rule: RuleMeta): string {
  const refs = { cwe: rule.references.cwe ?? [], owaspLlm: rule.references.owaspLlm ?? [], atlas: rule.references.atlas ?? [] };
  return (
    `<tr id="${ruleAnchor(rule.id)}">` +
    `<td class="c-sev">${severityBadge(rule.severity)}</td>` +
    `<td class="c-finding"><div class="ftitle">${html(rule.title)}</div><div class="sub"><span class="rule-id">${html(rule.id)}</span></div>` +
    `<p class="msg">${html(rule.description)}</p><p class="fix"><span class="label">Fix</span> ${html(rule.fix)}</p></td>` +
    `<td class="c-guide">${principleLabel(rule.principle)}${referenceList(refs)}</td>` +
    `</tr>`
  );
}

export function rulesSection(report: ScanReport): string {
  if (report.rules.length === 0) return '';
  const rules = [...report.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (
    `<section>` +
    `<h2 id="rules">Rules that ran <span class="n">${number(rules.length)}</span></h2>` +
    `<details class="rules"><summary>Show what each rule checks and why</summary>` +
    `<div class="table-wrap"><table class="findings">` +
    `<thead><tr><th scope="col">Default severity</th><th scope="col">Rule</th><th scope="col">Guideline and references</th></tr></thead>` +
    `<tbody>${rules.map(ruleEntry).join('\n')}</tbody></table></div></details>` +
    `</section>`
  );
}
