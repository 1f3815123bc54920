/** @module ScanReport fixtures for the HTML reporter's tests: realistic findings, hostile strings and big inputs. */
import type { FileRecord } from '../../../core/file-record.js';
import type { Report, UnfingerprintedFinding } from '../../../core/finding.js';
import { createFinding, fingerprintFindings } from '../../../core/finding.js';
import type { Notice, SuppressedFinding } from '../../../core/policy/apply.js';
import type { RuleMeta } from '../../../core/rule.js';
import type { ScanReport } from '../../../core/scan-report.js';
import { buildScanReport } from '../../../core/scan-report.js';
import type { FailOn } from '../../../core/severity.js';

export const PICKLE_RULE: RuleMeta = {
  id: 'pickle/code-execution',
  title: 'Pickle file runs code when loaded',
  severity: 'critical',
  principle: '2.1',
  references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description: 'Unpickling a model file imports and calls whatever the file names, so loading it runs attacker code.',
  fix: 'Convert the model to safetensors, or load it only with an allowlist of globals.',
};

export const SECURITY_POLICY_RULE: RuleMeta = {
  id: 'security-docs/missing-security-policy',
  title: 'No vulnerability disclosure policy',
  severity: 'low',
  principle: '4.4',
  references: {},
  description: 'Without a SECURITY.md nobody outside the team knows how to report a prompt injection.',
  fix: 'Add SECURITY.md with a reporting contact and the AI-specific issues in scope.',
};

export const THREAT_MODEL_RULE: RuleMeta = {
  id: 'security-docs/missing-threat-model',
  title: 'No threat model',
  severity: 'low',
  principle: '1.2',
  references: { owaspLlm: ['LLM01:2025'] },
  description: 'The guidelines ask for a threat model that covers AI-specific threats.',
  fix: 'Write THREAT_MODEL.md covering prompt injection, data poisoning and model theft.',
};

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  closeScript: '</script>',
  lineSeparator: '\u2028',
  paragraphSeparator: '\u2029',
} as const;

const hostileText = `${HOSTILE.script} ${HOSTILE.attribute} ${HOSTILE.closeScript}${HOSTILE.lineSeparator}${HOSTILE.paragraphSeparator}'`;

export function picklePayload(path = 'models/classifier.pt', offset = 118): Report {
  return {
    message: `${path} imports os.system and calls it while unpickling: loading this model runs a shell command.`,
    location: { path, member: 'archive/data.pkl', offset },
    evidence: "os.system('true')",
  };
}

export function findings(...items: [RuleMeta, Report][]): UnfingerprintedFinding[] {
  return items.map(([meta, report]) => createFinding(meta, report));
}

export function report(parts: {
  findings?: UnfingerprintedFinding[];
  suppressed?: SuppressedFinding[];
  files?: FileRecord[];
  notices?: Notice[];
  failOn?: FailOn;
  scanRoot?: string;
}): ScanReport {
  return buildScanReport({
    tool: { name: 'aigis', version: '0.1.0' },
    scanRoot: parts.scanRoot ?? '/home/dev/support-assistant',
    failOn: parts.failOn ?? 'high',
    findings: fingerprintFindings(parts.findings ?? []),
    suppressed: parts.suppressed ?? [],
    files: parts.files ?? [],
    notices: parts.notices ?? [],
    rules: [PICKLE_RULE, SECURITY_POLICY_RULE, THREAT_MODEL_RULE],
  });
}

/** A realistic project: a malicious pickle, missing docs, one suppression, incomplete and skipped files. */
export function realisticReport(failOn: FailOn = 'high'): ScanReport {
  const [suppressedFinding] = fingerprintFindings(
    findings([PICKLE_RULE, { ...picklePayload('tests/fixtures/evil.pkl'), location: { path: 'tests/fixtures/evil.pkl', offset: 2 } }]),
  );
  return report({
    failOn,
    findings: findings(
      [PICKLE_RULE, picklePayload()],
      [SECURITY_POLICY_RULE, { message: 'No SECURITY.md and no .well-known/security.txt.', location: { path: 'SECURITY.md' } }],
      [THREAT_MODEL_RULE, { message: 'No threat model document was found.', location: { path: 'THREAT_MODEL.md' } }],
    ),
    suppressed: [
      {
        finding: suppressedFinding!,
        suppression: { kind: 'config', reason: 'test fixture that proves the detector works', source: 'aigis.yaml suppressions.0 (pickle/*)', expires: '2031-01-01' },
      },
    ],
    files: [
      { path: 'models/classifier.pt', type: 'zip', size: 4096, status: 'scanned', analyzers: ['pickle'] },
      { path: 'README.md', type: 'markdown', size: 900, status: 'scanned', analyzers: ['security-docs'] },
      { path: 'models/big.pkl', type: 'pickle', size: 1 << 30, status: 'inconclusive', reason: 'pickle stream larger than the 512 MiB limit; not fully read' },
      { path: 'data/broken.zip', type: 'zip', size: 100, status: 'error', reason: 'corrupt zip: central directory not found' },
      { path: 'node_modules', type: 'directory', status: 'skipped', reason: 'node_modules is skipped by default' },
      { path: 'dist/app.js', type: 'unknown', status: 'skipped', reason: 'ignored by .gitignore' },
      { path: 'dist/app.js.map', type: 'unknown', status: 'skipped', reason: 'ignored by .gitignore' },
      { path: 'logo.png', type: 'binary', size: 2000, status: 'skipped', reason: 'no analyzer for binary files' },
    ],
    notices: [
      { level: 'warning', message: 'aigis.yaml: suppressions.1 (pickle/* on old/**) expired on 2024-01-01 and no longer suppresses anything' },
      { level: 'info', message: 'aigis.yaml: suppressions.2 matched no finding; remove it if it is no longer needed' },
      { level: 'error', message: 'analyzer pickle crashed on models/big.pkl' },
    ],
  });
}

/** Every untrusted string carries the hostile payloads: paths, members, messages, evidence, reasons, notices. */
export function hostileReport(): ScanReport {
  const path = `evil/${hostileText}.pkl`;
  const finding: [RuleMeta, Report] = [
    PICKLE_RULE,
    { message: `bad ${hostileText}`, location: { path, member: hostileText, offset: 7, startLine: 3, startColumn: 1 }, evidence: hostileText },
  ];
  const [suppressedFinding] = fingerprintFindings(findings(finding));
  return report({
    scanRoot: `/tmp/${hostileText}`,
    findings: findings(finding),
    suppressed: [{ finding: suppressedFinding!, suppression: { kind: 'inline', reason: hostileText, source: `${path}:2`, expires: hostileText } }],
    files: [
      { path, type: 'pickle', status: 'inconclusive', reason: hostileText },
      { path: `${path}.zip`, type: 'zip', status: 'error', reason: hostileText },
      { path: `${path}.bin`, type: 'binary', status: 'skipped', reason: hostileText },
    ],
    notices: [{ level: 'warning', message: hostileText }],
  });
}

/** `count` findings over all severities and principles, and `files` file records, a third of them skipped. */
export function bigReport(count: number, files: number): ScanReport {
  const metas: RuleMeta[] = [PICKLE_RULE, SECURITY_POLICY_RULE, THREAT_MODEL_RULE];
  const many = Array.from({ length: count }, (_, i) => createFinding(metas[i % 3]!, picklePayload(`models/m${i}.pt`, i)));
  const records: FileRecord[] = Array.from({ length: files }, (_, i) =>
    i % 3 === 0
      ? { path: `vendor/lib${i}.js`, type: 'unknown', status: 'skipped', reason: i % 2 === 0 ? 'ignored by .gitignore' : 'not matched by --include' }
      : { path: `src/file${i}.py`, type: 'python', status: 'scanned' },
  );
  return report({ findings: many, files: records });
}
