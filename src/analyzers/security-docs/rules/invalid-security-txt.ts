import { expiryTime } from '../security-txt.js';
import type { DocsRule } from '../rule.js';

export const invalidSecurityTxt: DocsRule = {
  meta: {
    id: 'security-docs/invalid-security-txt',
    title: 'security.txt is invalid or expired',
    severity: 'low',
    principle: '4.4',
    references: {},
    description:
      'RFC 9116 requires at least one Contact field and exactly one Expires field holding a date-time. Tools and ' +
      'researchers ignore a security.txt that breaks these rules or has expired, so the published channel ' +
      'silently stops working.',
    fix:
      'Give security.txt at least one "Contact:" line (mailto: or https:) and one "Expires:" line with an RFC 3339 ' +
      'date-time less than a year ahead, and renew it before it passes.',
  },
  check({ documents }, report, now) {
    for (const document of documents) {
      const facts = document.securityTxt;
      if (document.kind !== 'security-txt' || !facts) continue;
      const at = (line?: number) => ({ path: document.path, ...(line ? { startLine: line } : {}) });
      if (facts.contacts.length === 0) report({ message: `${document.path} has no Contact field.`, location: at() });
      if (!facts.expires) {
        report({ message: `${document.path} has no Expires field.`, location: at() });
      } else {
        const { value, line } = facts.expires;
        const time = expiryTime(value);
        if (time === undefined) {
          report({ message: `${document.path}: Expires "${value}" is not an RFC 3339 date-time.`, location: at(line), evidence: `Expires: ${value}` });
        } else if (time < now) {
          report({ message: `${document.path} expired on ${value.slice(0, 10)}; clients treat it as stale.`, location: at(line), evidence: `Expires: ${value}` });
        }
      }
      if (facts.expiresCount > 1) report({ message: `${document.path} has ${facts.expiresCount} Expires fields; RFC 9116 allows one.`, location: at() });
      for (const problem of facts.problems.slice(0, 3)) report({ message: `${document.path}: ${problem.message}.`, location: at(problem.line) });
    }
  },
};
