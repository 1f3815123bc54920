/** @module Makes untrusted text safe to show: control characters escaped, length bounded. */

// C0 and C1 controls, DEL, and the Unicode bidi overrides that can disguise text ("Trojan Source").
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes control and bidi characters and cuts the result to `maxLength` characters with an ellipsis. */
export function printable(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  const escaped = text.replace(UNSAFE, escapeChar);
  if (escaped.length <= maxLength) return escaped;
  return `${escaped.slice(0, Math.max(0, maxLength - 1))}…`;
}
