import type { DocsRule } from '../rule.js';

export const securityPolicyWithoutContact: DocsRule = {
  meta: {
    id: 'security-docs/security-policy-without-contact',
    title: 'Security policy gives no way to report',
    severity: 'low',
    principle: '4.4',
    references: {},
    description:
      'A security policy that names no contact (an e-mail address, a link, or GitHub private vulnerability ' +
      'reporting) leaves researchers with public issues as the only channel, which discloses the problem before ' +
      'it is fixed.',
    fix:
      'Name a private reporting channel in the policy: a security@ address, a link to your disclosure form, or ' +
      'enable GitHub private vulnerability reporting and link to /security/advisories/new.',
  },
  check({ documents }, report) {
    for (const document of documents) {
      if (document.kind !== 'security-policy' || document.contacts.length > 0) continue;
      report({
        message: `${document.path} names no reporting contact (no e-mail address, link or private vulnerability reporting)${document.truncated ? ' in the part that was read' : ''}.`,
        location: { path: document.path },
      });
    }
  },
};
