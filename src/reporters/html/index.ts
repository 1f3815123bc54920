/**
 * @module The HTML report: one self-contained, deterministic page. Header with the verdict, summary by severity
 * and by guideline principle (inline SVG chart), the filterable findings table, suppressed findings, file
 * coverage and notices. Inline style and script only, pinned by hash in a Content-Security-Policy that forbids
 * every network load. Every string from the report is escaped (./escape.ts); no timestamp, so the same report
 * always gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { GUIDELINES_SOURCE } from '../../core/catalogue.js';
import type { ConformanceReport } from '../../core/conformance/evaluate.js';
import type { ConformanceReporter, Reporter } from '../../core/reporter.js';
import type { ScanReport } from '../../core/scan-report.js';
import { SEVERITIES, meetsThreshold } from '../../core/severity.js';
import { principleChart } from './chart.js';
import { conformanceSection } from './conformance.js';
import { coverageSection, noticesSection } from './coverage.js';
import { escapeHtml, html, link } from './escape.js';
import { findingsSection, rulesSection, suppressedSection } from './findings.js';
import { number, plural, severityBadge } from './parts.js';
import { SCRIPT } from './script.js';
import { STYLES } from './styles.js';

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** No network loads at all; only this page's own style and script, by hash. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${cspHash(STYLES)}`,
  `script-src ${cspHash(SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function verdicts(report: ScanReport): string {
  const { failOn } = report;
  const failing = report.findings.filter((f) => meetsThreshold(f.severity, failOn)).length;
  const out: string[] = [];
  if (failOn === 'none') {
    out.push(
      `<div class="verdict none"><strong>No threshold</strong> (<code>--fail-on none</code>): ${plural(report.findings.length, 'finding')} reported, none fails the scan.</div>`,
    );
  } else if (failing > 0) {
    out.push(
      `<div class="verdict fail"><strong>Fails:</strong> ${plural(failing, 'finding')} at or above <strong>${escapeHtml(failOn)}</strong> (<code>--fail-on ${escapeHtml(failOn)}</code>).</div>`,
    );
  } else {
    out.push(
      `<div class="verdict pass"><strong>Passes the threshold:</strong> no findings at or above <strong>${escapeHtml(failOn)}</strong> (<code>--fail-on ${escapeHtml(failOn)}</code>).</div>`,
    );
  }
  const { inconclusive, error } = report.summary.files;
  const errors = report.notices.filter((n) => n.level === 'error').length;
  if (inconclusive + error > 0 || errors > 0) {
    const parts: string[] = [];
    if (inconclusive + error > 0) {
      parts.push(
        `<a href="#incomplete">${plural(inconclusive + error, 'file was', 'files were')} not fully analysed</a> (${number(inconclusive)} inconclusive, ${number(error)} failed)`,
      );
    }
    if (errors > 0) parts.push(`<a href="#notices">${plural(errors, 'error notice')}</a>`);
    out.push(
      `<div class="verdict incomplete"><strong>Incomplete:</strong> ${parts.join('; ')}. A file not fully analysed is never clean; ` +
        `the scan exits 2 unless <code>--allow-inconclusive</code> is given.</div>`,
    );
  }
  return out.join('');
}

function header(report: ScanReport): string {
  const files = report.summary.files;
  const nav = [
    `<a href="#summary">Summary</a>`,
    report.conformance ? `<a href="#conformance">Conformance (${number(report.conformance.summary.met)} of 17 met)</a>` : '',
    `<a href="#findings">Findings (${number(report.findings.length)})</a>`,
    report.suppressed.length > 0 ? `<a href="#suppressed">Suppressed (${number(report.suppressed.length)})</a>` : '',
    `<a href="#files">Files (${number(report.files.length)})</a>`,
    report.notices.length > 0 ? `<a href="#notices">Notices (${number(report.notices.length)})</a>` : '',
    report.rules.length > 0 ? `<a href="#rules">Rules</a>` : '',
  ].filter(Boolean);
  return (
    `<header class="top">` +
    `<h1>AI security scan report</h1>` +
    `<p class="tool">${html(report.tool.name)} ${html(report.tool.version)} · findings mapped to the NCSC/CISA ` +
    `${link(GUIDELINES_SOURCE.title, GUIDELINES_SOURCE.url)}</p>` +
    `<dl class="meta">` +
    `<dt>Scan root</dt><dd><code>${html(report.scanRoot)}</code></dd>` +
    `<dt>Fail on</dt><dd><code>--fail-on ${escapeHtml(report.failOn)}</code></dd>` +
    `<dt>Files</dt><dd>${number(files.scanned)} scanned, ${number(files.skipped)} skipped, ${number(files.inconclusive)} inconclusive, ${number(files.error)} failed</dd>` +
    `</dl>` +
    verdicts(report) +
    `<nav class="toc" aria-label="Sections">${nav.join('')}</nav>` +
    `</header>`
  );
}

function severityCards(report: ScanReport): string {
  const cards = SEVERITIES.map((severity) => {
    const fails = meetsThreshold(severity, report.failOn);
    return (
      `<div class="stat sev-card ${severity}" data-severity="${severity}">` +
      `<span class="num">${number(report.summary.bySeverity[severity])}</span>` +
      `<span class="lbl">${severity}</span>` +
      `<span class="help">${fails ? 'fails the scan' : 'reported only'}</span></div>`
    );
  });
  cards.push(
    `<div class="stat"><span class="num">${number(report.summary.suppressed)}</span><span class="lbl">suppressed</span>` +
      `<span class="help">not counted above</span></div>`,
  );
  return `<div class="stats">${cards.join('')}</div>`;
}

function summarySection(report: ScanReport): string {
  return (
    `<section>` +
    `<h2 id="summary">Summary</h2>` +
    `<h3>By severity</h3>` +
    severityCards(report) +
    `<h3>By guideline principle</h3>` +
    `<p class="muted">The four areas and seventeen principles of the guidelines, with the number of findings for each. ` +
    `A principle with no findings is not proof of compliance: aigis only checks what its rules can see.</p>` +
    `<div class="legend">${SEVERITIES.map(severityBadge).join('')}</div>` +
    `<div class="chart-wrap">${principleChart(report)}</div>` +
    `</section>`
  );
}

function footer(report: ScanReport): string {
  return (
    `<footer><p>Generated by ${html(report.tool.name)} ${html(report.tool.version)} (report schema ${number(report.schemaVersion)}). ` +
    `Principle ids 1.1–4.4 are aigis's, in document order of the ${link(GUIDELINES_SOURCE.title, GUIDELINES_SOURCE.url)} ` +
    `(${html(GUIDELINES_SOURCE.date)}).</p></footer>`
  );
}

/** The page shell: CSP, styles and script by hash, no network loads. */
function page(title: string, body: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${html(title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderHtml(report: ScanReport): string {
  return page(`aigis report: ${report.scanRoot}`, [
    header(report),
    summarySection(report),
    report.conformance ? conformanceSection(report.conformance) : '',
    findingsSection(report),
    suppressedSection(report),
    coverageSection(report),
    noticesSection(report.notices),
    rulesSection(report),
    footer(report),
  ]);
}

/** `aigis check --format html`: the conformance view on its own page. */
export function renderConformanceHtml(report: ConformanceReport): string {
  return page(`aigis conformance: ${report.scanRoot}`, [
    `<header class="top"><h1>AI guideline conformance</h1>` +
      `<p class="tool">${html(report.tool.name)} ${html(report.tool.version)} · the 17 principles of the NCSC/CISA ` +
      `${link(GUIDELINES_SOURCE.title, GUIDELINES_SOURCE.url)}</p>` +
      `<dl class="meta"><dt>Project</dt><dd><code>${html(report.scanRoot)}</code></dd></dl></header>`,
    conformanceSection(report),
    `<footer><p>Generated by ${html(report.tool.name)} ${html(report.tool.version)} (conformance schema ${number(report.schemaVersion)}). ` +
      `Principle ids 1.1–4.4 are aigis's, in document order of the guidelines (${html(GUIDELINES_SOURCE.date)}).</p></footer>`,
  ]);
}

export const conformanceHtmlReporter: ConformanceReporter = (report) => renderConformanceHtml(report);

export const htmlReporter: Reporter = (report) => renderHtml(report);
