/**
 * @module Escaping for the HTML report. Every string in a ScanReport may come from a file an attacker wrote
 * (paths, messages, evidence, reasons), so nothing reaches the page without passing through here.
 */
import { printable } from '../../lib/printable.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '`: safe in element text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/**
 * Untrusted text for display: control and bidi characters made visible (see lib/printable), the invisible line
 * and paragraph separators U+2028 and U+2029 too, then escaped.
 */
export function html(text: string): string {
  return escapeHtml(printable(text).replace(/[\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`));
}

/**
 * The URL itself when it is an absolute `http:` or `https:` URL, otherwise undefined. Only what this returns
 * may go in an `href`: `javascript:`, `data:`, `vbscript:`, relative and protocol-relative URLs never do.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  // Browsers strip leading/trailing C0 controls and spaces and drop tabs and newlines before parsing a URL.
  if (/[\u0000-\u0020\u007f]/.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (!/^https?:\/\//i.test(url)) return undefined;
  return url;
}

/** An `<a>` to a reference page when the URL is safe, plain escaped text otherwise. */
export function link(text: string, url: string | undefined): string {
  const href = safeHref(url);
  const label = html(text);
  return href === undefined ? label : `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${label}</a>`;
}

/** A value safe to use as (part of) an HTML id or a data attribute: anything outside `[A-Za-z0-9._-]` becomes `_`. */
export function token(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}
