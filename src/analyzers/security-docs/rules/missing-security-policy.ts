import { projectPath } from '../document.js';
import { isProjectSecurityPolicy } from '../classify.js';
import type { DocsRule } from '../rule.js';

export const missingSecurityPolicy: DocsRule = {
  meta: {
    id: 'security-docs/missing-security-policy',
    title: 'No vulnerability disclosure policy',
    severity: 'low',
    principle: '4.4',
    references: {},
    description:
      'The guidelines ask providers to keep feedback channels open, including consent for security researchers to ' +
      'research and report vulnerabilities. Without a SECURITY.md (in the root, .github/ or docs/) or a ' +
      '.well-known/security.txt, nobody outside the team knows how to report a prompt injection, a leaked model ' +
      'or a poisoned dataset.',
    fix:
      'Add SECURITY.md with a reporting contact (an address or GitHub private vulnerability reporting), the response ' +
      'time you commit to, and the AI-specific issues in scope (prompt injection, jailbreaks, model theft, data ' +
      'poisoning, unsafe output handling).',
  },
  check({ root, documents }, report) {
    const found = documents.some(
      (d) => d.kind === 'security-txt' || (d.kind === 'security-policy' && (d.configured || isProjectSecurityPolicy(root, d.path))),
    );
    if (found) return;
    report({
      message: `No SECURITY.md (in ${root || 'the project root'}, .github/ or docs/) and no .well-known/security.txt: there is no published way to report a vulnerability.`,
      location: { path: projectPath(root, 'SECURITY.md') },
    });
  },
};
