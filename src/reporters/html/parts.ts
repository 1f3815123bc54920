/** @module Small pieces of markup shared by the HTML report's sections: severity badges, locations, references. */
import { findPrinciple, owaspLlmName, referenceUrl } from '../../core/catalogue.js';
import type { Location, References } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import { escapeHtml, html, link, token } from './escape.js';

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : many}`;
}

export function number(count: number): string {
  return count.toLocaleString('en-US');
}

export function severityBadge(severity: Severity): string {
  const name = token(severity);
  return `<span class="sev sev-${name}">${name}</span>`;
}

/** The anchor of a rule's entry in the rules section. */
export function ruleAnchor(ruleId: string): string {
  return `rule-${token(ruleId)}`;
}

/** Path with line:column, then archive member and byte offset, each on its own line. */
export function locationCell(location: Location): string {
  let position = '';
  if (location.startLine !== undefined) {
    position = `:${location.startLine}${location.startColumn !== undefined ? `:${location.startColumn}` : ''}`;
  }
  const parts = [`<code class="path">${html(location.path)}${escapeHtml(position)}</code>`];
  if (location.member !== undefined) parts.push(`<div class="sub">member <code>${html(location.member)}</code></div>`);
  if (location.offset !== undefined) parts.push(`<div class="sub">byte offset ${location.offset}</div>`);
  return parts.join('');
}

/** Principle id and exact title from the catalogue. */
export function principleLabel(id: string): string {
  const principle = findPrinciple(id);
  return principle
    ? `<span class="pid">${escapeHtml(principle.id)}</span> <span class="ptitle">${escapeHtml(principle.title)}</span>`
    : `<span class="pid">${html(id)}</span>`;
}

function referenceLabel(id: string): string {
  const name = owaspLlmName(id);
  return name ? `${id} ${name}` : id;
}

/** CWE, OWASP LLM (with its name) and ATLAS ids, each linked to its reference page when there is one. */
export function referenceList(references: References): string {
  const ids = [...references.cwe, ...references.owaspLlm, ...references.atlas];
  if (ids.length === 0) return '';
  return `<ul class="refs">${ids.map((id) => `<li>${link(referenceLabel(id), referenceUrl(id))}</li>`).join('')}</ul>`;
}

/** A visible note that a listing was cut short, and where the rest is. `what` is plural: it only shows for 2 or more. */
export function capNote(shown: number, total: number, what: string, where = JSON_AND_SARIF): string {
  if (shown >= total) return '';
  return `<p class="cap-note" role="note">Showing the first ${number(shown)} of ${number(total)} ${what}. ${where}</p>`;
}

export const JSON_AND_SARIF = 'The JSON (<code>--format json</code>) and SARIF (<code>--format sarif</code>) reports hold all of them.';
export const JSON_ONLY = 'The JSON report (<code>--format json</code>) holds all of them.';
