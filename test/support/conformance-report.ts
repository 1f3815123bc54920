/** Conformance reports for reporter tests: a realistic one, and one whose project text is hostile. */
import { evaluateConformance, type ConformanceReport } from '../../src/core/conformance/evaluate.js';
import { createFinding, fingerprintFindings } from '../../src/core/finding.js';
import type { RuleMeta } from '../../src/core/rule.js';

export const HOSTILE_TEXT = '<script>alert(1)</script> "><img src=x onerror=alert(1)> | ![x](https://evil.test/p.png) [link](javascript:alert(1)) `code` **bold**\n# heading\u001b[31m\u202e';

const rule: RuleMeta = {
  id: 'python/llm-output-to-code-execution',
  title: 'LLM output is executed as code',
  severity: 'critical',
  principle: '1.3',
  references: { cwe: [], owaspLlm: [], atlas: [] },
  description: 'd',
  fix: 'f',
};

export function conformanceReport(text = 'SECURITY.md'): ConformanceReport {
  return evaluateConformance({
    tool: { name: 'aigis', version: '9.9.9' },
    scanRoot: '/work/project',
    findings: fingerprintFindings([createFinding(rule, { message: 'eval(answer)', location: { path: 'app/tools.py', startLine: 28 } })]),
    assets: [{ kind: 'model', name: 'models/a/model.safetensors', location: { path: 'models/a/model.safetensors' }, properties: { source: 'file' } }],
    evidence: [
      { check: 'security-policy', summary: `${text} names security@acme.test`, location: { path: text, startLine: 3 }, analyzer: 'security-docs' },
      { check: 'security-policy-ai-scope', summary: `${text} covers prompt injection`, location: { path: text }, analyzer: 'security-docs' },
      { check: 'security-txt-valid', summary: '.well-known/security.txt is valid until 2027-06-01', analyzer: 'security-docs' },
      { check: 'dependency-update-automation', summary: '.github/dependabot.yml updates npm', shortfall: `no entry for pip (${text})`, analyzer: 'repo-controls' },
    ],
    files: [{ path: 'app/tools.py', type: 'python', size: 100, status: 'scanned', analyzers: ['python'] }],
    rules: [rule],
    notApplicable: { '2.4': `Short-lived prototype ${text === 'SECURITY.md' ? '' : text}`.trim() },
  });
}
