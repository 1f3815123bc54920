/** @module A reader for security.txt (RFC 9116): fields, the required Contact and Expires, and syntax problems. */
import type { SecurityTxtFacts } from './document.js';

const FIELD = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*?)\s*$/;

export function parseSecurityTxt(text: string): SecurityTxtFacts {
  const contacts: string[] = [];
  const problems: { message: string; line: number }[] = [];
  let expires: { value: string; line: number } | undefined;
  let expiresCount = 0;
  let inSignature = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    // A signed file wraps the fields in OpenPGP armour; the signature block is not fields.
    if (trimmed.startsWith('-----BEGIN PGP SIGNATURE-----')) inSignature = true;
    if (inSignature || trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('-----') || /^Hash:/i.test(trimmed)) {
      if (trimmed.startsWith('-----END PGP SIGNATURE-----')) inSignature = false;
      return;
    }
    const field = FIELD.exec(trimmed);
    if (!field) {
      problems.push({ message: `line ${line} is not a "Field: value" line`, line });
      return;
    }
    const [, name, value] = field;
    if (/^contact$/i.test(name!)) contacts.push(value!);
    if (/^expires$/i.test(name!)) {
      expiresCount++;
      expires ??= { value: value!, line };
    }
  });
  return { contacts, expiresCount, problems, ...(expires ? { expires } : {}) };
}

/** Expires must be an RFC 3339 date-time; returns its time, or undefined if it is not one. */
export function expiryTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
