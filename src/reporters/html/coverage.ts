/**
 * @module File coverage and notices. Files that were not fully analysed (inconclusive, error) are listed first
 * and prominently: such a file is never clean. Skipped files are grouped by reason, their paths capped.
 */
import type { FileRecord } from '../../core/file-record.js';
import { FILE_STATUSES } from '../../core/file-record.js';
import type { Notice } from '../../core/policy/apply.js';
import type { ScanReport } from '../../core/scan-report.js';
import { html, token } from './escape.js';
import { JSON_ONLY, capNote, number, plural } from './parts.js';

/** Inconclusive and error files listed; beyond this a note points to the JSON report. */
export const MAX_INCOMPLETE_ROWS = 10_000;
/** Paths listed per skipped reason. */
export const MAX_SKIPPED_PER_REASON = 2000;
/** Paths listed across all skipped reasons, so thousands of reasons cannot blow up the page. */
export const MAX_SKIPPED_TOTAL = 20_000;

const STATUS_HELP: Readonly<Record<FileRecord['status'], string>> = {
  scanned: 'fully analysed',
  skipped: 'not analysed, by design',
  inconclusive: 'could not be fully analysed',
  error: 'failed to analyse',
};

function statusCounts(report: ScanReport): string {
  const cards = FILE_STATUSES.map((status) => {
    const count = report.summary.files[status];
    const alert = (status === 'inconclusive' || status === 'error') && count > 0 ? ' alert' : '';
    return `<div class="stat status-${status}${alert}"><span class="num">${number(count)}</span><span class="lbl">${status}</span><span class="help">${STATUS_HELP[status]}</span></div>`;
  });
  return `<div class="stats">${cards.join('')}</div>`;
}

function incompleteList(files: readonly FileRecord[]): string {
  if (files.length === 0) {
    return `<p class="ok">Every file that was examined was fully analysed: none is inconclusive or failed.</p>`;
  }
  const rows = files
    .slice(0, MAX_INCOMPLETE_ROWS)
    .map(
      (f) =>
        `<tr><td><span class="status-badge status-${token(f.status)}">${token(f.status)}</span></td>` +
        `<td><code class="path">${html(f.path)}</code></td><td>${html(f.reason ?? 'no reason recorded')}</td></tr>`,
    );
  return (
    `<div class="incomplete">` +
    `<h3 id="incomplete">Not fully analysed <span class="n">${number(files.length)}</span></h3>` +
    `<p><strong>A file that was not fully analysed is never clean.</strong> Findings may be missing for these files; ` +
    `check them by hand or fix the cause and scan again.</p>` +
    capNote(rows.length, files.length, 'files not fully analysed', JSON_ONLY) +
    `<div class="table-wrap"><table class="files"><thead><tr><th scope="col">Status</th><th scope="col">Path</th><th scope="col">Reason</th></tr></thead>` +
    `<tbody>${rows.join('\n')}</tbody></table></div></div>`
  );
}

/** Skipped files by reason: most common first, ties by reason, so the order is stable. */
function groupSkipped(files: readonly FileRecord[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    if (file.status !== 'skipped') continue;
    const reason = file.reason ?? 'skipped';
    const paths = groups.get(reason);
    if (paths) paths.push(file.path);
    else groups.set(reason, [file.path]);
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function skippedList(files: readonly FileRecord[]): string {
  const groups = groupSkipped(files);
  if (groups.length === 0) return '';
  let budget = MAX_SKIPPED_TOTAL;
  const rows = groups.map(([reason, paths]) => {
    const shown = Math.min(paths.length, MAX_SKIPPED_PER_REASON, budget);
    budget -= shown;
    const more = paths.length - shown;
    const list =
      shown === 0
        ? `<p class="muted">Paths not listed here (listing limit reached). ${JSON_ONLY}</p>`
        : `<ul class="paths">${paths
            .slice(0, shown)
            .map((p) => `<li><code>${html(p)}</code></li>`)
            .join('')}</ul>${more > 0 ? `<p class="cap-note">and ${plural(more, 'more file')}. ${JSON_ONLY}</p>` : ''}`;
    return (
      `<tr><td class="num">${number(paths.length)}</td><td>${html(reason)}` +
      `<details class="paths"><summary>Show paths</summary>${list}</details></td></tr>`
    );
  });
  return (
    `<h3 id="skipped">Skipped, by reason</h3>` +
    `<div class="table-wrap"><table class="files skipped"><thead><tr><th scope="col">Files</th><th scope="col">Reason</th></tr></thead>` +
    `<tbody>${rows.join('\n')}</tbody></table></div>`
  );
}

export function coverageSection(report: ScanReport): string {
  const incomplete = report.files.filter((f) => f.status === 'inconclusive' || f.status === 'error');
  return (
    `<section>` +
    `<h2 id="files">File coverage <span class="n">${number(report.files.length)}</span></h2>` +
    statusCounts(report) +
    incompleteList(incomplete) +
    skippedList(report.files) +
    `</section>`
  );
}

const NOTICE_ORDER: Readonly<Record<Notice['level'], number>> = { error: 0, warning: 1, info: 2 };

export function noticesSection(notices: readonly Notice[]): string {
  if (notices.length === 0) return '';
  const sorted = [...notices].sort((a, b) => (NOTICE_ORDER[a.level] ?? 3) - (NOTICE_ORDER[b.level] ?? 3));
  const items = sorted.map(
    (n) => `<li class="notice notice-${token(n.level)}"><span class="notice-level">${n.level === 'info' ? 'note' : token(n.level)}</span> ${html(n.message)}</li>`,
  );
  return `<section><h2 id="notices">Notices <span class="n">${number(notices.length)}</span></h2><ul class="notices">${items.join('\n')}</ul></section>`;
}
