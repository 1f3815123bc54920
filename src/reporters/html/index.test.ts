import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AREAS, PRINCIPLES } from '../../core/catalogue.js';
import { MAX_INCOMPLETE_ROWS, MAX_SKIPPED_PER_REASON } from './coverage.js';
import { escapeHtml } from './escape.js';
import { MAX_FINDING_ROWS } from './findings.js';
import { htmlReporter, renderHtml } from './index.js';
import { SCRIPT } from './script.js';
import { STYLES } from './styles.js';
import {
  HOSTILE,
  PICKLE_RULE,
  SECURITY_POLICY_RULE,
  bigReport,
  findings,
  hostileReport,
  picklePayload,
  realisticReport,
  report,
} from './test-support/fixtures.js';

const options = { color: false };

function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  expect(from, `missing ${start}`).toBeGreaterThanOrEqual(0);
  const to = text.indexOf(end, from + start.length);
  expect(to, `missing ${end} after ${start}`).toBeGreaterThan(from);
  return text.slice(from, to + end.length);
}

/** The page with the contents of its own <style> and <script> removed, leaving only markup. */
function markupOnly(out: string): string {
  return out.replace(`<style>${STYLES}</style>`, '<style></style>').replace(`<script>${SCRIPT}</script>`, '<script></script>');
}

/** principle id -> count, as drawn in the chart. */
function chartCounts(out: string): Record<string, number> {
  const svg = between(out, '<svg class="chart"', '</svg>');
  const counts: Record<string, number> = {};
  for (const m of svg.matchAll(/<g class="principle[^"]*" data-principle="([^"]+)" data-count="(\d+)">/g)) counts[m[1]!] = Number(m[2]);
  return counts;
}

function tableRows(out: string, tableStart: string): string[] {
  return [...between(out, tableStart, '</table>').matchAll(/<tr data-severity="[^"]+"[^>]*>[\s\S]*?<\/tr>/g)].map((m) => m[0]);
}

const ALLOWED_TAGS = new Set(
  ('html head meta title style body main header h1 h2 h3 p a dl dt dd code div nav section span svg g text rect ' +
    'form label input fieldset legend select option button output noscript table thead tbody tr th td ul li strong details summary footer script')
    .split(' '),
);

describe('htmlReporter: untrusted strings', () => {
  const out = htmlReporter(hostileReport(), options);
  const markup = markupOnly(out);

  it('never lets a hostile path, message, evidence or reason through unescaped', () => {
    expect(out).not.toContain('<script>alert');
    expect(out).not.toMatch(/<img/i);
    expect(out).not.toContain(HOSTILE.attribute);
    expect(out).toContain(escapeHtml(HOSTILE.script));
    expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('has exactly one script element, and it holds only the report script', () => {
    expect(out.match(/<script/gi)).toHaveLength(1);
    expect(out.match(/<\/script/gi)).toHaveLength(1);
    expect(out).toContain(`<script>${SCRIPT}</script>`);
    expect(SCRIPT).not.toMatch(/<\/script|<!--/i);
    expect(STYLES).not.toMatch(/<\/style/i);
  });

  it('leaves no raw U+2028 or U+2029 anywhere and shows them as escapes', () => {
    expect(out).not.toMatch(/[\u2028\u2029]/);
    expect(out).toContain('\\u2028\\u2029');
  });

  it('contains only the elements the reporter writes and no event handler attributes', () => {
    for (const m of markup.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)) expect(ALLOWED_TAGS, m[1]).toContain(m[1]!.toLowerCase());
    expect(markup).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  });

  it('has a script that never builds markup from strings', () => {
    expect(SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});

describe('htmlReporter: self-contained', () => {
  const out = renderHtml(realisticReport());

  it('loads nothing from the network', () => {
    expect(out).not.toMatch(/\ssrc\s*=/i);
    expect(out).not.toMatch(/<link/i);
    expect(out).not.toMatch(/@import/i);
    expect(out).not.toMatch(/url\(/i);
    for (const m of out.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^(#[A-Za-z0-9._-]+|https?:\/\/)/);
  });

  it('carries a Content-Security-Policy that forbids network loads and pins the inline style and script by hash', () => {
    const meta = out.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
    expect(meta).not.toBeNull();
    const csp = meta![1]!.replaceAll('&#39;', "'");
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(SCRIPT)}`);
    expect(csp).toContain(`style-src ${hash(STYLES)}`);
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<style>'));
  });

  it('is deterministic: the same report gives the same bytes, whatever the clock says', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2020-01-01T00:00:00Z'));
    const first = renderHtml(realisticReport());
    vi.setSystemTime(new Date('2035-06-30T12:34:56Z'));
    const second = renderHtml(realisticReport());
    expect(second).toBe(first);
    expect(first).toBe(out);
    expect(out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  afterEach(() => {
    vi.useRealTimers();
  });
});

describe('htmlReporter: header and summary', () => {
  it('names the tool, version, scan root, threshold and verdict', () => {
    const out = renderHtml(realisticReport('high'));
    const header = between(out, '<header class="top">', '</header>');
    expect(header).toContain('aigis 0.1.0');
    expect(header).toContain('/home/dev/support-assistant');
    expect(header).toContain('--fail-on high');
    expect(header).toContain('<strong>Fails:</strong> 1 finding at or above <strong>high</strong>');
    expect(header).toContain('2 files were not fully analysed</a> (1 inconclusive, 1 failed)');
  });

  it('passes or reports no threshold when nothing fails', () => {
    const lowOnly = report({ failOn: 'medium', findings: findings([SECURITY_POLICY_RULE, { message: 'no policy', location: { path: 'SECURITY.md' } }]) });
    expect(renderHtml(lowOnly)).toContain('no findings at or above <strong>medium</strong>');
    expect(renderHtml(lowOnly)).not.toContain('class="verdict incomplete"');
    expect(renderHtml(realisticReport('none'))).toContain('<strong>No threshold</strong> (<code>--fail-on none</code>): 3 findings reported');
  });

  it('counts findings by severity', () => {
    const out = renderHtml(realisticReport());
    expect(out).toContain('<div class="stat sev-card critical" data-severity="critical"><span class="num">1</span>');
    expect(out).toContain('<div class="stat sev-card low" data-severity="low"><span class="num">2</span>');
    expect(out).toContain('<div class="stat sev-card high" data-severity="high"><span class="num">0</span>');
  });

  it('shows all four areas and 17 principles with their exact titles, zero or not', () => {
    const out = renderHtml(report({}));
    const svg = between(out, '<svg class="chart"', '</svg>');
    expect(PRINCIPLES).toHaveLength(17);
    for (const area of AREAS) expect(svg).toContain(`>${escapeHtml(`${area.id}. ${area.title}`)}</text>`);
    for (const p of PRINCIPLES) {
      expect(svg).toContain(`<text class="ptitle" x="52" y="`);
      expect(svg).toContain(`>${escapeHtml(p.title)}</text>`);
    }
    expect(Object.keys(chartCounts(out))).toEqual(PRINCIPLES.map((p) => p.id));
    expect(Object.values(chartCounts(out)).every((n) => n === 0)).toBe(true);
    expect(svg).not.toContain('class="bar ');
  });

  it('draws per-principle counts that match the report, with bars in severity colours', () => {
    const r = realisticReport();
    const out = renderHtml(r);
    const counts = chartCounts(out);
    expect(counts).toEqual(r.summary.byPrinciple);
    expect(counts).toMatchObject({ '2.1': 1, '1.2': 1, '4.4': 1, '3.3': 0 });
    const supplyChain = between(out, '<g class="principle" data-principle="2.1"', '</g>');
    expect(supplyChain).toContain('class="bar sev-critical"');
    expect(supplyChain).toContain('<text class="count"');
    expect(supplyChain).toContain('>1</text>');
  });

  it('scales bars to the largest count', () => {
    const many = findings(
      ...Array.from({ length: 4 }, (_, i): [typeof PICKLE_RULE, ReturnType<typeof picklePayload>] => [PICKLE_RULE, picklePayload(`m${i}.pt`)]),
      [SECURITY_POLICY_RULE, { message: 'no policy', location: { path: 'SECURITY.md' } }],
    );
    const svg = between(renderHtml(report({ findings: many })), '<svg class="chart"', '</svg>');
    const width = (id: string) => Number(between(svg, `data-principle="${id}"`, '</g>').match(/class="bar sev-[a-z]+"[^>]*width="([\d.]+)"/)![1]);
    expect(width('2.1')).toBe(300);
    expect(width('4.4')).toBe(75);
  });
});

describe('htmlReporter: findings table', () => {
  const out = renderHtml(realisticReport());
  const rows = tableRows(out, '<table id="findings-table"');

  it('lists every finding, most severe first, with its details', () => {
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('data-severity="critical" data-principle="2.1"');
    const pickle = rows[0]!;
    expect(pickle).toContain('Pickle file runs code when loaded');
    expect(pickle).toContain('pickle/code-execution');
    expect(pickle).toContain('<code class="path">models/classifier.pt</code>');
    expect(pickle).toContain('member <code>archive/data.pkl</code>');
    expect(pickle).toContain('byte offset 118');
    expect(pickle).toContain('<div class="evidence"><code>os.system(&#39;true&#39;)</code></div>');
    expect(pickle).toContain('Convert the model to safetensors');
    expect(pickle).toContain('<span class="pid">2.1</span> <span class="ptitle">Secure your supply chain</span>');
    expect(pickle).toContain('<a href="https://cwe.mitre.org/data/definitions/502.html"');
    expect(pickle).toContain('>LLM03:2025 Supply Chain</a>');
    expect(pickle).toContain('<a href="https://atlas.mitre.org/techniques/AML.T0010.003"');
  });

  it('shows line and column when present', () => {
    const withLine = report({ findings: findings([SECURITY_POLICY_RULE, { message: 'm', location: { path: 'docs/SECURITY.md', startLine: 12, startColumn: 5 } }]) });
    expect(renderHtml(withLine)).toContain('<code class="path">docs/SECURITY.md:12:5</code>');
  });

  it('has filters that start hidden, so without JavaScript every row stays visible', () => {
    expect(out).toMatch(/<form id="filters" class="filters" hidden/);
    expect(out).toContain('<input type="search" id="f-search"');
    for (const s of ['critical', 'high', 'medium', 'low', 'info']) expect(out).toContain(`name="severity" value="${s}" checked`);
    for (const p of PRINCIPLES) expect(out).toContain(`<option value="${p.id}">${escapeHtml(p.id)} ${escapeHtml(p.title)}`);
    expect(rows.every((row) => !/^<tr[^>]*\shidden/.test(row))).toBe(true);
  });

  it('says so when there are no findings', () => {
    expect(renderHtml(report({}))).toContain('<p class="empty">No findings.</p>');
  });
});

describe('htmlReporter: suppressed, coverage and notices', () => {
  const out = renderHtml(realisticReport());

  it('lists suppressed findings in a collapsed details with kind, reason, source and expiry', () => {
    const suppressed = between(out, '<details class="suppressed">', '</details>');
    expect(suppressed).not.toMatch(/<details class="suppressed" open/);
    expect(suppressed).toContain('<span class="kind">config</span>');
    expect(suppressed).toContain('test fixture that proves the detector works');
    expect(suppressed).toContain('by <code>aigis.yaml suppressions.0 (pickle/*)</code>');
    expect(suppressed).toContain('expires 2031-01-01');
    expect(suppressed).toContain('tests/fixtures/evil.pkl');
  });

  it('shows file counts and lists inconclusive and error files with reasons, prominently', () => {
    const files = between(out, '<h2 id="files">', '</section>');
    expect(files).toContain('<span class="num">2</span><span class="lbl">scanned</span>');
    expect(files).toContain('<span class="num">4</span><span class="lbl">skipped</span>');
    const incomplete = between(files, '<div class="incomplete">', '</table>');
    expect(incomplete).toContain('A file that was not fully analysed is never clean.');
    expect(incomplete).toMatch(/status-inconclusive">inconclusive<\/span><\/td><td><code class="path">models\/big\.pkl<\/code><\/td><td>pickle stream larger than the 512 MiB limit/);
    expect(incomplete).toMatch(/status-error">error<\/span><\/td><td><code class="path">data\/broken\.zip<\/code><\/td><td>corrupt zip: central directory not found/);
  });

  it('groups skipped files by reason, most common first, paths collapsed', () => {
    const skipped = between(out, '<h3 id="skipped">', '</table>');
    expect(skipped).toMatch(/<td class="num">2<\/td><td>ignored by \.gitignore<details class="paths"><summary>Show paths<\/summary><ul class="paths"><li><code>dist\/app\.js<\/code><\/li><li><code>dist\/app\.js\.map<\/code>/);
    expect(skipped.indexOf('ignored by .gitignore')).toBeLessThan(skipped.indexOf('no analyzer for binary files'));
    expect(skipped).toContain('node_modules is skipped by default');
  });

  it('reassures only when no file is incomplete', () => {
    expect(renderHtml(report({ files: [{ path: 'a.py', type: 'python', status: 'scanned' }] }))).toContain('Every file that was examined was fully analysed');
    expect(out).not.toContain('Every file that was examined was fully analysed');
  });

  it('lists notices, errors first', () => {
    const notices = between(out, '<h2 id="notices">', '</ul>');
    expect(notices).toContain('<li class="notice notice-error"><span class="notice-level">error</span> analyzer pickle crashed on models/big.pkl</li>');
    expect(notices.indexOf('notice-error')).toBeLessThan(notices.indexOf('notice-warning'));
    expect(notices.indexOf('notice-warning')).toBeLessThan(notices.indexOf('notice-info'));
    expect(notices).toContain('expired on 2024-01-01');
  });
});

describe('htmlReporter: large reports', () => {
  const big = bigReport(20_000, 100_000);
  const out = renderHtml(big);

  it('caps the findings table with a visible note', () => {
    expect(tableRows(out, '<table id="findings-table"')).toHaveLength(MAX_FINDING_ROWS);
    expect(out).toContain('Showing the first 5,000 of 20,000 findings.');
    expect(out).toContain('<code>--format json</code>');
    expect(tableRows(out, '<table id="findings-table"')[0]).toContain('data-severity="critical"');
    expect(chartCounts(out)).toEqual(big.summary.byPrinciple);
  });

  it('caps skipped paths per reason with "and N more"', () => {
    const skipped = between(out, '<h3 id="skipped">', '</table>');
    const lists = [...skipped.matchAll(/<ul class="paths">([\s\S]*?)<\/ul>/g)].map((m) => m[1]!.match(/<li>/g)!.length);
    expect(lists).toEqual([MAX_SKIPPED_PER_REASON, MAX_SKIPPED_PER_REASON]);
    expect(skipped).toContain('<td class="num">16,667</td><td>ignored by .gitignore');
    expect(skipped.match(/and 14,667 more files\./g)).toHaveLength(2);
  });

  it('caps the list of files not fully analysed with a note, but counts them all', () => {
    const files = Array.from({ length: MAX_INCOMPLETE_ROWS + 1 }, (_, i) => ({ path: `bad/${i}.zip`, type: 'zip' as const, status: 'error' as const, reason: 'corrupt zip' }));
    const capped = renderHtml(report({ files }));
    expect(capped.includes('Showing the first 10,000 of 10,001 files not fully analysed.')).toBe(true);
    expect(capped.includes('<code class="path">bad/9999.zip</code>')).toBe(true);
    expect(capped.includes('<code class="path">bad/10000.zip</code>')).toBe(false);
    expect(capped.includes('<h3 id="incomplete">Not fully analysed <span class="n">10,001</span></h3>')).toBe(true);
  });

  it('stays a reasonable size', () => {
    expect(out.length).toBeLessThan(12_000_000);
  });
});
