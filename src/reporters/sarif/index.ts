/**
 * @module SARIF 2.1.0 for GitHub code scanning: one run, rule descriptors with help and security-severity,
 * URIs relative to the scan root, and a stable partial fingerprint. A finding inside an archive points at the
 * archive file and names the member in its message.
 */
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { findPrinciple, owaspLlmName } from '../../core/catalogue.js';
import type { Finding } from '../../core/finding.js';
import type { Reporter } from '../../core/reporter.js';
import type { RuleMeta } from '../../core/rule.js';
import { allReferences } from '../../core/rule.js';
import type { ScanReport } from '../../core/scan-report.js';
import type { Severity } from '../../core/severity.js';

/** GitHub reads security-severity as a CVSS-like score: >9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: undefined,
};

const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

const MAX_NOTIFICATIONS = 1000;

function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function referenceText(ref: string): string {
  const name = owaspLlmName(ref);
  return name ? `${ref} ${name}` : ref;
}

function helpFor(rule: RuleMeta): { text: string; markdown: string } {
  const principle = findPrinciple(rule.principle)!;
  const refs = allReferences(rule.references).map(referenceText);
  const guideline = `Guideline ${principle.id} "${principle.title}" (${principle.areaTitle})`;
  return {
    text: [rule.description, `Fix: ${rule.fix}`, guideline, refs.length ? `References: ${refs.join(', ')}` : '']
      .filter(Boolean)
      .join('\n\n'),
    markdown: [
      rule.description,
      `**Fix:** ${rule.fix}`,
      `**${guideline}**`,
      refs.length ? `**References:** ${refs.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

function tags(rule: RuleMeta): string[] {
  return [
    'security',
    'ai',
    `guideline/${rule.principle}`,
    ...(rule.references.cwe ?? []).map((cwe) => `external/cwe/${cwe.toLowerCase()}`),
    ...(rule.references.owaspLlm ?? []).map((id) => `external/owasp-llm/${id.toLowerCase()}`),
    ...(rule.references.atlas ?? []).map((id) => `external/atlas/${id.toLowerCase()}`),
  ].slice(0, 20);
}

function descriptor(rule: RuleMeta): ReportingDescriptor {
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description.slice(0, 1024) },
    help: helpFor(rule),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: tags(rule),
      precision: 'high',
      ...(securitySeverity ? { 'security-severity': securitySeverity } : { 'problem.severity': 'recommendation' }),
    },
  };
}

function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function messageText(finding: Finding): string {
  const parts = [finding.message];
  if (finding.location.member !== undefined) {
    parts.push(`(in archive member ${finding.location.member}${finding.location.offset !== undefined ? ` at byte ${finding.location.offset}` : ''})`);
  } else if (finding.location.offset !== undefined && finding.location.startLine === undefined) {
    parts.push(`(at byte ${finding.location.offset})`);
  }
  if (finding.evidence) parts.push(`Evidence: ${finding.evidence}`);
  return parts.join(' ');
}

function resultFor(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Result {
  const { location } = finding;
  // Lines only mean something in the file itself, not inside an archive member; GitHub needs a region.
  const region =
    location.startLine !== undefined && location.member === undefined
      ? {
          startLine: location.startLine,
          ...(location.startColumn !== undefined ? { startColumn: location.startColumn } : {}),
          ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
          ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
        }
      : { startLine: 1 };
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId)! } : {}),
    level: LEVEL[finding.severity],
    message: { text: messageText(finding) },
    locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(location.path), uriBaseId: '%SRCROOT%' }, region } }],
    partialFingerprints: { 'aigis/v1': finding.fingerprint, ...(location.lineHash !== undefined ? { primaryLocationLineHash: location.lineHash } : {}) },
    properties: {
      severity: finding.severity,
      principle: finding.principle,
      ...(location.member !== undefined ? { member: location.member } : {}),
      ...(location.offset !== undefined ? { offset: location.offset } : {}),
      ...(finding.evidence !== undefined ? { evidence: finding.evidence } : {}),
    },
  };
}

export function toSarif(report: ScanReport): Log {
  const rules = [...report.rules].sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const incomplete = report.files.filter((file) => file.status === 'error' || file.status === 'inconclusive');
  const notifications = [
    ...report.notices.map((notice) => ({ level: notice.level === 'info' ? ('note' as const) : notice.level, message: { text: notice.message } })),
    ...incomplete.map((file) => ({
      level: file.status === 'error' ? ('error' as const) : ('warning' as const),
      message: { text: `${file.path}: ${file.status}: ${file.reason ?? ''}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(file.path), uriBaseId: '%SRCROOT%' } } }],
    })),
  ].slice(0, MAX_NOTIFICATIONS);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aigis',
            semanticVersion: report.tool.version,
            informationUri: 'https://www.ncsc.gov.uk/collection/guidelines-secure-ai-system-development',
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.scanRoot.endsWith('/') ? report.scanRoot : `${report.scanRoot}/`).href } },
        invocations: [
          {
            executionSuccessful: incomplete.length === 0 && !report.notices.some((n) => n.level === 'error'),
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: report.findings.map((finding) => resultFor(finding, ruleIndex)),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export const sarifReporter: Reporter = (report) => `${JSON.stringify(toSarif(report), null, 2)}\n`;
