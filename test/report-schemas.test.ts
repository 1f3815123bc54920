/** The JSON report against its shipped schema, and SARIF against the SARIF 2.1.0 schema plus GitHub's own rules. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04 from 'ajv-draft-04';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_TYPES } from '../src/core/file-type.js';
import { PRINCIPLES } from '../src/core/catalogue.js';
import { buildScanReport } from '../src/core/scan-report.js';
import { createFinding, fingerprintFindings } from '../src/core/finding.js';
import type { RuleMeta } from '../src/core/rule.js';
import { toSarif } from '../src/reporters/sarif/index.js';
import { toJsonReport } from '../src/reporters/json/index.js';
import { runCli } from './support/cli.js';
import { makeTree, removeTree } from './support/tree.js';

const require = createRequire(import.meta.url);
const reportSchema = JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8')) as { definitions: { fileRecord: { properties: { type: { enum: string[] } } } } };
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

const validateReport = addFormats.default(new Ajv({ allErrors: true, strict: true })).compile(reportSchema);
const validateSarif = addFormats.default(new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false })).compile(sarifSchema);

const rule = (id: string, severity: RuleMeta['severity']): RuleMeta => ({
  id,
  title: `Title of ${id}`,
  severity,
  principle: '2.1',
  references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description: 'Why it matters.',
  fix: 'Use safetensors.',
});
const pickleRule = rule('pickle/dangerous-call', 'critical');
const docsRule = rule('security-docs/missing-thing', 'info');

/** A report that exercises every location shape: lines, an archive member with an offset, a whole file, odd names. */
function syntheticReport() {
  const findings = fingerprintFindings([
    createFinding(pickleRule, { message: 'Calls os.system.', location: { path: 'models/reranker.pt', member: 'archive/data.pkl', offset: 80 }, evidence: "os.system('true')" }),
    createFinding(pickleRule, { message: 'Calls eval.', location: { path: 'app/my file#1.py', startLine: 3, startColumn: 5, endLine: 3, endColumn: 20, lineHash: 'c129715d7a2bc9a3:1' } }),
    createFinding(docsRule, { message: 'Nothing here.', location: { path: 'THREAT_MODEL.md' } }),
  ]);
  return buildScanReport({
    tool: { name: 'aigis', version: '0.1.0' },
    scanRoot: '/work/project',
    failOn: 'high',
    findings,
    suppressed: [],
    files: [
      { path: 'models/reranker.pt', type: 'zip', size: 100, status: 'scanned', analyzers: ['pickle'] },
      { path: 'models/huge.bin', type: 'pickle', size: 9, status: 'inconclusive', reason: 'analysis timed out after 120 s' },
    ],
    notices: [{ level: 'warning', message: 'a suppression expired' }],
    rules: [pickleRule, docsRule],
  });
}

const roots: string[] = [];
afterAll(() => roots.forEach(removeTree));

function cliReport(format: 'json' | 'sarif'): unknown {
  const root = makeTree({ 'SECURITY.md': '# Security\nNo contact here.\n', 'app.py': 'x = 1\n', '.well-known/security.txt': 'Expires: 2020-01-01T00:00:00Z\n' });
  roots.push(root);
  return JSON.parse(runCli(['scan', root, '--format', format]).stdout);
}

describe('JSON report', () => {
  it('validates against schemas/report.schema.json, from the CLI and for every location shape', () => {
    for (const report of [cliReport('json'), toJsonReport(syntheticReport())]) {
      expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    }
  });

  it('keeps the schema in step with the code: every file type, every principle', () => {
    expect(reportSchema.definitions.fileRecord.properties.type.enum).toEqual([...FILE_TYPES]);
    const report = toJsonReport(syntheticReport());
    expect(Object.keys(report.summary.byPrinciple)).toEqual(PRINCIPLES.map((p) => p.id));
  });

  it('rejects what it should: the schema is not a rubber stamp', () => {
    const report = toJsonReport(syntheticReport()) as unknown as { findings: Record<string, unknown>[]; files: Record<string, unknown>[] };
    const broken = structuredClone(report);
    broken.findings[0]!['severity'] = 'severe';
    expect(validateReport(broken)).toBe(false);
    const noReason = structuredClone(report);
    delete noReason.files[1]!['reason'];
    expect(validateReport(noReason)).toBe(false);
  });
});

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema, from the CLI and for every location shape', () => {
    for (const log of [cliReport('sarif'), toSarif(syntheticReport())]) {
      expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('rejects what it should: the SARIF schema is enforced', () => {
    const log = toSarif(syntheticReport()) as unknown as { version: string; runs: { results: Record<string, unknown>[] }[] };
    const badLevel = structuredClone(log);
    badLevel.runs[0]!.results[0]!['level'] = 'fatal';
    expect(validateSarif(badLevel)).toBe(false);
    expect(validateSarif({ ...log, version: '2.0.0' })).toBe(false);
  });

  it('meets what GitHub code scanning requires', () => {
    const log = toSarif(syntheticReport()) as Log;
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const descriptor of rules) {
      expect(descriptor.name!.length).toBeLessThanOrEqual(255);
      expect(descriptor.fullDescription!.text.length).toBeLessThanOrEqual(1024);
      expect(descriptor.help!.markdown).toMatch(/\*\*Fix:\*\*/);
      const tags = descriptor.properties!['tags'] as string[];
      expect(tags).toContain('security');
      expect(tags.length).toBeLessThanOrEqual(20);
    }
    const critical = rules.find((r) => r.id === 'pickle/dangerous-call')!;
    expect(critical.properties!['security-severity']).toBe('9.5');
    expect(critical.properties!['tags']).toEqual(expect.arrayContaining(['external/cwe/cwe-502']));
    for (const result of run.results!) {
      expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
      const location = result.locations![0]!.physicalLocation!;
      expect(location.artifactLocation!.uri).not.toMatch(/^(\/|file:)/);
      expect(location.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints!['aigis/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('points archive members at the archive file and names the member in the message', () => {
    const results = toSarif(syntheticReport()).runs[0]!.results!;
    const member = results.find((r) => r.message.text!.startsWith('Calls os.system'))!;
    expect(member.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('models/reranker.pt');
    expect(member.message.text).toBe("Calls os.system. (in archive member archive/data.pkl at byte 80) Evidence: os.system('true')");
    const code = results.find((r) => r.message.text === 'Calls eval.')!;
    expect(code.locations![0]!.physicalLocation).toMatchObject({ artifactLocation: { uri: 'app/my%20file%231.py' }, region: { startLine: 3, startColumn: 5, endColumn: 20 } });
  });

  it('reports files not fully analysed as tool notifications and the run as unsuccessful', () => {
    const invocation = toSarif(syntheticReport()).runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications!.map((n) => n.message.text)).toEqual([
      'a suppression expired',
      'models/huge.bin: inconclusive: analysis timed out after 120 s',
    ]);
  });
});
