/**
 * @module The guideline chart: one inline SVG, a horizontal bar per principle in its area, stacked by severity.
 * Every principle has a row, zero or not. Colours come from the page's CSS classes, so dark mode and print work.
 */
import { AREAS } from '../../core/catalogue.js';
import type { Finding } from '../../core/finding.js';
import type { ScanReport } from '../../core/scan-report.js';
import type { Severity } from '../../core/severity.js';
import { SEVERITIES } from '../../core/severity.js';
import { escapeHtml, token } from './escape.js';
import { number, plural } from './parts.js';

const WIDTH = 960;
const ID_X = 16;
const TITLE_X = 52;
const BAR_X = 600;
const BAR_MAX = 300;
/** Counts line up in one column to the right of the bars. */
const COUNT_X = BAR_X + BAR_MAX + 12;
const AREA_HEIGHT = 30;
const ROW_HEIGHT = 24;
const BAR_HEIGHT = 14;
const PADDING = 8;

function countsBySeverity(findings: readonly Finding[]): Map<string, Record<Severity, number>> {
  const counts = new Map<string, Record<Severity, number>>();
  for (const finding of findings) {
    let entry = counts.get(finding.principle);
    if (!entry) {
      entry = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
      counts.set(finding.principle, entry);
    }
    entry[finding.severity]++;
  }
  return counts;
}

/** Bar width for a count: proportional to the largest, at least 2 units so a single finding stays visible. */
function barWidth(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(2, Math.round((count / max) * BAR_MAX * 10) / 10);
}

function segments(bySeverity: Record<Severity, number> | undefined, total: number, max: number, y: number): string {
  if (!bySeverity || total <= 0) return '';
  const width = barWidth(total, max);
  const parts: string[] = [];
  let x = BAR_X;
  let remaining = width;
  let left = total;
  for (const severity of SEVERITIES) {
    const count = bySeverity[severity];
    if (count <= 0) continue;
    left -= count;
    // The last segment takes what is left, so rounding never leaves a gap or overshoots.
    const w = left <= 0 ? remaining : Math.round((count / total) * width * 10) / 10;
    parts.push(`<rect class="bar sev-${severity}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" rx="2"/>`);
    x += w;
    remaining -= w;
  }
  return parts.join('');
}

function tooltip(id: string, title: string, total: number, bySeverity: Record<Severity, number> | undefined): string {
  const detail = bySeverity
    ? SEVERITIES.filter((s) => bySeverity[s] > 0)
        .map((s) => `${bySeverity[s]} ${s}`)
        .join(', ')
    : '';
  return `${id} ${title}: ${plural(total, 'finding')}${detail ? ` (${detail})` : ''}`;
}

/** The chart's SVG markup. Counts are the summary's; the severity split comes from the findings themselves. */
export function principleChart(report: ScanReport): string {
  const bySeverity = countsBySeverity(report.findings);
  const totals = report.summary.byPrinciple;
  const max = Math.max(0, ...AREAS.flatMap((area) => area.principles.map((p) => totals[p.id] ?? 0)));
  const rows: string[] = [];
  let y = PADDING;
  for (const area of AREAS) {
    const areaTotal = area.principles.reduce((sum, p) => sum + (totals[p.id] ?? 0), 0);
    rows.push(
      `<g class="area" data-area="${escapeHtml(token(area.id))}">` +
        `<text class="area-title" x="0" y="${y + 20}">${escapeHtml(`${area.id}. ${area.title}`)}</text>` +
        `<text class="area-count" x="${WIDTH - 4}" y="${y + 20}" text-anchor="end">${escapeHtml(plural(areaTotal, 'finding'))}</text>` +
        `</g>`,
    );
    y += AREA_HEIGHT;
    for (const principle of area.principles) {
      const total = totals[principle.id] ?? 0;
      const split = bySeverity.get(principle.id);
      const textY = y + 16;
      const barY = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
      rows.push(
        `<g class="principle${total === 0 ? ' zero' : ''}" data-principle="${escapeHtml(principle.id)}" data-count="${total}">` +
          `<title>${escapeHtml(tooltip(principle.id, principle.title, total, split))}</title>` +
          `<text class="pid" x="${ID_X}" y="${textY}">${escapeHtml(principle.id)}</text>` +
          `<text class="ptitle" x="${TITLE_X}" y="${textY}">${escapeHtml(principle.title)}</text>` +
          `<rect class="track" x="${BAR_X}" y="${barY}" width="${BAR_MAX}" height="${BAR_HEIGHT}" rx="2"/>` +
          segments(split, total, max, barY) +
          `<text class="count" x="${COUNT_X}" y="${textY}">${number(total)}</text>` +
          `</g>`,
      );
      y += ROW_HEIGHT;
    }
  }
  const height = y + PADDING;
  const label = `Findings per guideline principle: ${AREAS.flatMap((a) => a.principles)
    .map((p) => `${p.id} ${totals[p.id] ?? 0}`)
    .join(', ')}`;
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(label)}" preserveAspectRatio="xMinYMin meet">` +
    rows.join('\n') +
    `</svg>`
  );
}
