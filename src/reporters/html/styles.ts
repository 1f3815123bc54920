/**
 * @module The report's stylesheet, inlined in a `<style>` element: system fonts, calm neutral colours, one
 * colour per severity, a dark palette for `prefers-color-scheme: dark`, and print rules. It loads nothing.
 */

/** The light palette: the default, and always used for print (paper is white, whatever the screen's scheme). */
const LIGHT = `
  --bg: #fbfbfa; --fg: #1d2125; --muted: #5f6670; --line: #dfe1e4; --panel: #ffffff; --stripe: #f4f5f6;
  --code-bg: #f1f2f4; --accent: #2457a6; --track: #eceef1;
  --critical: #7a1111; --high: #c62828; --medium: #b8860b; --low: #1e63c4; --info: #6b7280;
  --critical-fg: #fff; --high-fg: #fff; --medium-fg: #1f1400; --low-fg: #fff; --info-fg: #fff;
  --ok: #1e7a3c; --warn-bg: #fff6e0; --warn-line: #e0a526; --err-bg: #fdecec; --err-line: #c62828;
`.trim();

export const STYLES = `
:root {
  color-scheme: light dark;
${LIGHT}
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15181c; --fg: #e4e6e9; --muted: #9aa2ad; --line: #2f353c; --panel: #1c2026; --stripe: #20252b;
    --code-bg: #262b32; --accent: #7aa7f0; --track: #2a3038;
    --critical: #b3261e; --high: #ef5350; --medium: #f0b429; --low: #5b9cf0; --info: #8d96a3;
    --critical-fg: #fff; --high-fg: #1a0000; --medium-fg: #1f1400; --low-fg: #04122a; --info-fg: #111;
    --ok: #5cc27f; --warn-bg: #2d2614; --warn-line: #b8860b; --err-bg: #311a1a; --err-line: #ef5350;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1240px; margin: 0 auto; padding: 24px 24px 64px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; font-weight: 650; }
h2 { font-size: 1.25rem; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-weight: 650; }
h3 { font-size: 1.05rem; margin: 24px 0 8px; font-weight: 650; }
h2 .n, h3 .n { color: var(--muted); font-weight: 500; font-size: 0.9em; margin-left: 4px; }
a { color: var(--accent); }
code, .evidence, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; }
code { background: var(--code-bg); padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.muted, .sub { color: var(--muted); }
.sub { font-size: 0.86em; }
p { margin: 6px 0; }
header.top { border-bottom: 1px solid var(--line); padding-bottom: 16px; }
.tool { color: var(--muted); margin: 0 0 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 18px; margin-top: 12px; font-size: 0.93em; }
.verdict { border-left: 5px solid var(--line); background: var(--panel); padding: 10px 14px; margin: 12px 0 4px; border-radius: 4px; }
.verdict.fail { border-left-color: var(--high); }
.verdict.pass { border-left-color: var(--ok); }
.verdict.incomplete { border-left-color: var(--warn-line); background: var(--warn-bg); }
.verdict strong { font-weight: 650; }
.sev, .status-badge {
  display: inline-block; min-width: 4.6em; text-align: center; padding: 1px 7px; border-radius: 10px;
  font-size: 0.78em; font-weight: 600; letter-spacing: 0.02em; text-transform: uppercase; white-space: nowrap;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.sev-critical { background: var(--critical); color: var(--critical-fg); }
.sev-high { background: var(--high); color: var(--high-fg); }
.sev-medium { background: var(--medium); color: var(--medium-fg); }
.sev-low { background: var(--low); color: var(--low-fg); }
.sev-info { background: var(--info); color: var(--info-fg); }
.status-badge { background: var(--code-bg); color: var(--fg); }
.status-badge.status-error { background: var(--err-line); color: #fff; }
.status-badge.status-inconclusive { background: var(--warn-line); color: #1f1400; }
.status-badge.conf-met { background: var(--ok); color: #fff; }
.status-badge.conf-partial { background: var(--warn-line); color: #1f1400; }
.status-badge.conf-missing { background: var(--err-line); color: #fff; }
.status-badge.conf-not-applicable { background: var(--info); color: var(--info-fg); }
.principle { border: 1px solid var(--line); border-radius: 6px; background: var(--panel); padding: 8px 14px; margin: 10px 0; }
.principle h4 { margin: 4px 0 6px; font-size: 1rem; font-weight: 650; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.principle ul { margin: 4px 0 6px; padding-left: 22px; }
.principle li.short { color: var(--fg); }
.principle .kind { color: var(--muted); font-size: 0.82em; text-transform: uppercase; letter-spacing: 0.03em; margin-right: 4px; }
.principle ol.next { margin: 4px 0 6px; padding-left: 22px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; margin: 8px 0 12px; }
.stat { background: var(--panel); border: 1px solid var(--line); border-top: 4px solid var(--line); border-radius: 6px; padding: 8px 12px; display: flex; flex-direction: column; }
.stat .num { font-size: 1.5rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat .lbl { font-weight: 600; text-transform: capitalize; }
.stat .help { color: var(--muted); font-size: 0.82em; }
.stat.sev-card { color: var(--fg); background: var(--panel); }
.stat.sev-card.critical { border-top-color: var(--critical); }
.stat.sev-card.high { border-top-color: var(--high); }
.stat.sev-card.medium { border-top-color: var(--medium); }
.stat.sev-card.low { border-top-color: var(--low); }
.stat.sev-card.info { border-top-color: var(--info); }
.stat.status-scanned { border-top-color: var(--ok); }
.stat.alert { border-top-color: var(--err-line); background: var(--err-bg); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 0.88em; margin: 4px 0 8px; }
.chart-wrap { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; overflow-x: auto; }
svg.chart { display: block; width: 100%; min-width: 640px; max-width: 1000px; height: auto; font-size: 13px; }
svg.chart text { fill: var(--fg); }
svg.chart .area-title { font-weight: 650; font-size: 14px; }
svg.chart .area-count, svg.chart .zero text, svg.chart .pid { fill: var(--muted); }
svg.chart .count { font-variant-numeric: tabular-nums; font-weight: 600; }
svg.chart .zero .count { font-weight: 400; }
svg.chart .track { fill: var(--track); }
svg.chart rect.sev-critical { fill: var(--critical); }
svg.chart rect.sev-high { fill: var(--high); }
svg.chart rect.sev-medium { fill: var(--medium); }
svg.chart rect.sev-low { fill: var(--low); }
svg.chart rect.sev-info { fill: var(--info); }
svg.chart .principle:hover .ptitle { text-decoration: underline; }
.filters {
  display: flex; flex-wrap: wrap; align-items: center; gap: 10px 18px; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 10px 0;
}
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
.filters legend { float: left; margin-right: 8px; color: var(--muted); }
.filters .chk { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.filters .chk .n { color: var(--muted); font-size: 0.86em; }
.filters input[type=search] { width: 22em; max-width: 100%; }
.filters select { max-width: 28em; }
.filters input, .filters select, .filters button { font: inherit; padding: 3px 6px; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.filters button { cursor: pointer; }
#filter-status { color: var(--muted); margin-left: auto; font-size: 0.9em; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--panel); border: 1px solid var(--line); }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 0.82em; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); font-weight: 600; background: var(--stripe); }
tbody tr:nth-child(even) { background: var(--stripe); }
td.c-sev { width: 6.5em; }
td.c-finding { min-width: 22em; }
td.c-loc { width: 24%; min-width: 12em; overflow-wrap: anywhere; }
td.c-guide { width: 22%; min-width: 12em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; width: 6em; }
.ftitle { font-weight: 600; }
.rule-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.95em; }
.msg { overflow-wrap: anywhere; }
.evidence { background: var(--code-bg); border-radius: 4px; padding: 4px 8px; margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.evidence code { background: none; padding: 0; font-size: 1em; }
.fix { color: var(--fg); font-size: 0.93em; }
.label { font-size: 0.78em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--ok); margin-right: 4px; }
.c-guide .pid { font-weight: 650; }
.c-guide .ptitle { color: var(--muted); }
ul.refs { list-style: none; margin: 6px 0 0; padding: 0; font-size: 0.88em; }
ul.refs li { margin: 1px 0; }
.kind { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
.cap-note { background: var(--warn-bg); border-left: 4px solid var(--warn-line); padding: 6px 10px; border-radius: 3px; }
.incomplete { background: var(--err-bg); border: 1px solid var(--err-line); border-left-width: 5px; border-radius: 6px; padding: 4px 14px 12px; margin: 12px 0; }
.incomplete h3 { margin-top: 10px; }
.ok { color: var(--ok); font-weight: 600; }
.empty { color: var(--ok); }
details > summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
ul.paths { columns: 2 28em; margin: 6px 0; padding-left: 18px; font-size: 0.9em; }
ul.paths code { background: none; padding: 0; }
ul.notices { list-style: none; padding: 0; margin: 0; }
.notice { border-left: 4px solid var(--info); background: var(--panel); padding: 6px 10px; margin: 6px 0; border-radius: 3px; overflow-wrap: anywhere; }
.notice-error { border-left-color: var(--err-line); background: var(--err-bg); }
.notice-warning { border-left-color: var(--warn-line); background: var(--warn-bg); }
.notice-level { font-weight: 700; text-transform: uppercase; font-size: 0.78em; letter-spacing: 0.04em; margin-right: 6px; }
footer { margin-top: 48px; color: var(--muted); font-size: 0.88em; border-top: 1px solid var(--line); padding-top: 12px; }
@media (max-width: 720px) {
  main { padding: 16px 12px 48px; }
  td.c-finding { min-width: 16em; }
}
@media print {
  :root {
    color-scheme: light;
${LIGHT}
    --bg: #fff; --panel: #fff; --stripe: #fff; --fg: #000;
  }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .filters, noscript, nav.toc { display: none !important; }
  tr, .stat, .notice, .verdict { break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  svg.chart { min-width: 0; }
  .chart-wrap, .incomplete, .cap-note, svg.chart rect, .stat { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`.trim();
