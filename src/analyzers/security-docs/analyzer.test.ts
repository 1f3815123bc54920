import { afterEach, describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { securityDocsAnalyzer } from './analyzer.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function findingsFor(spec: TreeSpec, config = '') {
  const root = makeTree(spec);
  roots.push(root);
  const result = await scanTree(root, [securityDocsAnalyzer], config);
  return { result, ids: result.findings.map((f) => `${f.ruleId} @ ${f.location.path}${f.location.startLine ? `:${f.location.startLine}` : ''}`) };
}

const GOOD_POLICY = `# Security policy

## Reporting a vulnerability
Please use GitHub private vulnerability reporting (Security tab, "Report a vulnerability") or e-mail
security@acme-support.test. We answer within 3 working days.

## AI-specific issues in scope
- Prompt injection that makes the assistant call tools or reveal data it should not.
- Jailbreaks that bypass our safety filters.
- System prompt leakage and model theft (extraction of weights or functionality).
- Data poisoning of the retrieval index.
`;

const GOOD_THREAT_MODEL = `# Threat model: support assistant
Assets: the intent classifier, the FAQ dataset, the system prompt, the OpenAI API key.
| Threat | Catalogue | Mitigation |
| Indirect prompt injection through retrieved FAQ entries | AML.T0051.001, LLM01:2025 | output is never executed |
| Malicious model file | AML.T0010.003 | safetensors only |
`;

const GOOD_RUNBOOK = `# Incident response runbook
1. Page the on-call engineer.
2. If prompt injection is being exploited, flip the kill switch to disable the assistant.
3. Roll back to the last known-good model and prompt version from the registry.
4. If model weights leaked, rotate keys and notify customers.
`;

describe('security-docs analyzer', () => {
  it('reports every missing document for a bare project, at the path where the fix goes', async () => {
    const { ids, result } = await findingsFor({ 'app.py': 'print(1)\n' });
    expect(ids).toEqual([
      'security-docs/missing-security-policy @ SECURITY.md',
      'security-docs/missing-threat-model @ THREAT_MODEL.md',
      'security-docs/missing-incident-response-plan @ docs/incident-response.md',
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(['low', 'low', 'low']);
    expect(result.findings.map((f) => f.principle)).toEqual(['4.4', '1.2', '3.3']);
  });

  it('is quiet for a well-documented project', async () => {
    const { ids, result } = await findingsFor({
      '.github/SECURITY.md': GOOD_POLICY,
      'docs/security/threat-model.md': GOOD_THREAT_MODEL,
      'docs/runbooks/incident-response.md': GOOD_RUNBOOK,
    });
    expect(ids).toEqual([]);
    expect(result.files.filter((f) => f.status === 'scanned').map((f) => f.path)).toEqual([
      '.github/SECURITY.md',
      'docs/runbooks/incident-response.md',
      'docs/security/threat-model.md',
    ]);
  });

  it('flags a policy without a contact and without AI scope', async () => {
    const { ids } = await findingsFor({
      'SECURITY.md': '# Security\nPlease report issues to the maintainers. Contact details: see example.com/contact.\n',
      'THREAT_MODEL.md': GOOD_THREAT_MODEL,
      'docs/incident-response.md': GOOD_RUNBOOK,
    });
    expect(ids).toEqual(['security-docs/security-policy-without-ai-scope @ SECURITY.md', 'security-docs/security-policy-without-contact @ SECURITY.md']);
  });

  it('does not count a SECURITY.md of a vendored dependency as the project policy, unless configured', async () => {
    const spec = { 'vendor/lib/SECURITY.md': GOOD_POLICY, 'THREAT_MODEL.md': GOOD_THREAT_MODEL, 'docs/incident-response.md': GOOD_RUNBOOK };
    expect((await findingsFor(spec)).ids).toEqual(['security-docs/missing-security-policy @ SECURITY.md']);
    const configured = await findingsFor(spec, 'analyzers:\n  security-docs:\n    securityPolicy: [vendor/lib/SECURITY.md]\n');
    expect(configured.ids).toEqual([]);
  });

  it('accepts a valid security.txt as the policy and checks its fields', async () => {
    const valid = 'Contact: mailto:security@acme-support.test\nExpires: 2099-12-31T23:00:00.000Z\nPolicy: https://acme-support.test/security\n';
    expect((await findingsFor({ '.well-known/security.txt': valid, 'THREAT_MODEL.md': GOOD_THREAT_MODEL, 'docs/incident-response.md': GOOD_RUNBOOK })).ids).toEqual([]);

    const broken = '# our contact\nExpires: 2020-01-01T00:00:00Z\nthis line is not a field\nExpires: 2021-01-01T00:00:00Z\n';
    const { ids, result } = await findingsFor({ '.well-known/security.txt': broken });
    expect(ids.filter((id) => id.startsWith('security-docs/invalid-security-txt'))).toEqual([
      'security-docs/invalid-security-txt @ .well-known/security.txt',
      'security-docs/invalid-security-txt @ .well-known/security.txt',
      'security-docs/invalid-security-txt @ .well-known/security.txt:2',
      'security-docs/invalid-security-txt @ .well-known/security.txt:3',
    ]);
    expect(result.findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        '.well-known/security.txt has no Contact field.',
        '.well-known/security.txt expired on 2020-01-01; clients treat it as stale.',
        '.well-known/security.txt has 2 Expires fields; RFC 9116 allows one.',
        '.well-known/security.txt: line 3 is not a "Field: value" line.',
      ]),
    );
  });

  it('reads a PGP-signed security.txt without counting the armour as fields', async () => {
    const signed = [
      '-----BEGIN PGP SIGNED MESSAGE-----',
      'Hash: SHA256',
      '',
      'Contact: https://acme-support.test/report',
      'Expires: 2099-01-01T00:00:00Z',
      '-----BEGIN PGP SIGNATURE-----',
      'iQIzBAEBCAAdFiEE',
      '=abcd',
      '-----END PGP SIGNATURE-----',
    ].join('\n');
    const { ids } = await findingsFor({ '.well-known/security.txt': signed });
    expect(ids.filter((id) => id.includes('invalid-security-txt'))).toEqual([]);
  });

  it('recognises structured threat models and asks them to cover AI threats', async () => {
    const dragon = JSON.stringify({ summary: { title: 'Support assistant' }, detail: { diagrams: [{ cells: [{ threats: [{ title: 'SQL injection' }] }] }] } });
    const pytm = 'from pytm import TM, Server\ntm = TM("assistant")\n';
    const common = { 'SECURITY.md': GOOD_POLICY, 'docs/incident-response.md': GOOD_RUNBOOK };
    expect((await findingsFor({ ...common, 'threat-model/assistant.json': dragon })).ids).toEqual([
      'security-docs/threat-model-without-ai-threats @ threat-model/assistant.json',
    ]);
    expect((await findingsFor({ ...common, 'tm.py': pytm })).ids).toEqual(['security-docs/threat-model-without-ai-threats @ tm.py']);
  });

  it('does not take look-alikes for threat models or runbooks', async () => {
    const { ids } = await findingsFor({
      'SECURITY.md': GOOD_POLICY,
      'threat-model/package.json': '{"name": "threat-model-tools", "version": "1.0.0"}',
      'threat_model.py': 'import os\n',
      'runbooks/deploy.md': '# Deploying\nRun the pipeline.\n',
      'docs/threat-modeling-101.txt': 'Threat modeling is the practice of...\n',
    });
    // The .txt file is a prose document named like a threat model: it counts, and is judged on its content.
    expect(ids).toEqual([
      'security-docs/missing-incident-response-plan @ docs/incident-response.md',
      'security-docs/threat-model-without-ai-threats @ docs/threat-modeling-101.txt',
    ]);
  });

  it('flags a runbook without AI scenarios, and accepts one with them', async () => {
    const plain = '# Incident response\nPage the on-call engineer, open a ticket, write a post-mortem.\n';
    const common = { 'SECURITY.md': GOOD_POLICY, 'THREAT_MODEL.md': GOOD_THREAT_MODEL };
    expect((await findingsFor({ ...common, 'INCIDENT_RESPONSE.md': plain })).ids).toEqual([
      'security-docs/incident-plan-without-ai-scenarios @ INCIDENT_RESPONSE.md',
    ]);
    expect((await findingsFor({ ...common, 'INCIDENT_RESPONSE.md': GOOD_RUNBOOK })).ids).toEqual([]);
  });

  it('judges only the first MiB of a huge document and says so', async () => {
    const huge = `# Security\n${'Filler text without contact. '.repeat(60_000)}\nsecurity@acme-support.test prompt injection\n`;
    const { result } = await findingsFor({ 'SECURITY.md': huge, 'THREAT_MODEL.md': GOOD_THREAT_MODEL, 'docs/incident-response.md': GOOD_RUNBOOK });
    expect(result.findings.map((f) => f.message)).toEqual([
      'SECURITY.md does not mention any AI-specific issue (prompt injection, jailbreaks, model theft, data poisoning, unsafe output handling) in the part that was read.',
      'SECURITY.md names no reporting contact (no e-mail address, link or private vulnerability reporting) in the part that was read.',
    ]);
  });
});
