/** The CLI as users run it: a separate process, real files, exit codes, every format. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, PERMISSIONS_ENFORCEABLE, runCli } from './support/cli.js';
import { addToTree, makeTree, removeTree, type TreeSpec } from './support/tree.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function project(spec: TreeSpec): string {
  const root = makeTree(spec);
  roots.push(root);
  return root;
}

const POLICY = '# Security\nReport to security@acme-support.test. Prompt injection and model theft are in scope.\n';
const THREAT_MODEL = '# Threat model\nPrompt injection (LLM01:2025) through retrieved documents.\n';
const RUNBOOK = '# Incident response\nOn prompt injection, flip the kill switch and roll back to the previous model.\n';
const DOCUMENTED = { 'SECURITY.md': POLICY, 'THREAT_MODEL.md': THREAT_MODEL, 'docs/incident-response.md': RUNBOOK };

interface JsonReport {
  scanRoot: string;
  findings: { ruleId: string; fingerprint: string; location: { path: string; startLine?: number } }[];
  suppressed: { finding: { ruleId: string }; suppression: { kind: string; reason: string; source: string } }[];
  files: { path: string; status: string; reason?: string; type: string }[];
  notices: { level: string; message: string }[];
  summary: { files: Record<string, number>; bySeverity: Record<string, number> };
}

function jsonScan(root: string, args: string[] = []): { report: JsonReport; code: number | null; stderr: string } {
  const result = runCli(['scan', root, '--format', 'json', ...args]);
  return { report: JSON.parse(result.stdout) as JsonReport, code: result.code, stderr: result.stderr };
}

describe('aigis CLI', () => {
  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(runCli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = runCli(['help', 'scan']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--fail-on <severity>/);
    expect(help.stdout).toMatch(/Exit codes: 0/);
  });

  it('turns usage mistakes into one line saying what to do, with exit code 2', () => {
    const unknown = runCli(['scan', '--formt', 'json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`aigis: unknown option '--formt' (Did you mean --format?). Run "aigis help scan" for usage.\n`);
    const choice = runCli(['scan', '--format', 'pdf']);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(/^aigis: option '-f, --format <format>' argument 'pdf' is invalid\. Allowed choices are text, json, sarif, html\. Run "aigis help scan" for usage\.\n$/);
    expect(runCli(['scan', '/no/such/place'])).toMatchObject({ code: 2, stderr: 'aigis: path not found: /no/such/place\n' });
    expect(runCli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^aigis: unknown command 'frobnicate'/) });
    expect(runCli(['scan', '-j', 'many'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--jobs must be a whole number/) });
  });

  it('exits 0 below --fail-on and 1 at or above it', () => {
    const root = project({ 'app.py': 'print("hi")\n' });
    const text = runCli(['scan', root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/SECURITY\.md\n {2}LOW {6}No vulnerability disclosure policy \[security-docs\/missing-security-policy\]/);
    expect(text.stdout).toMatch(/Findings: 0 critical, 0 high, 0 medium, 3 low, 0 info/);
    expect(text.stdout).toMatch(/No findings at or above high\./);
    expect(runCli(['scan', root, '--fail-on', 'low']).code).toBe(1);
    expect(runCli(['scan', root, '--fail-on', 'none']).code).toBe(0);
  });

  it('scans the current folder by default and writes reports to --output', () => {
    const root = project(DOCUMENTED);
    const out = join(root, 'report.json');
    const result = runCli(['scan', '--format', 'json', '--output', out], { cwd: root });
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe(`aigis: wrote json report to ${out} (0 findings)\n`);
    expect((JSON.parse(readFileSync(out, 'utf8')) as JsonReport).scanRoot).toBe(root);
    expect(runCli(['scan', '--output', join(root, 'missing-dir', 'r.txt')], { cwd: root })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot write .*r\.txt \(ENOENT\); create its folder first/),
    });
  });

  it('colours text only when asked for, and never with NO_COLOR', () => {
    const root = project({});
    expect(runCli(['scan', root]).stdout).not.toContain('\u001b[');
    expect(runCli(['scan', root], { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(runCli(['scan', root], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('produces identical output for identical input', () => {
    const root = project({ ...DOCUMENTED, 'SECURITY.md': '# Security\nNothing here.\n', 'a/b.py': 'x = 1\n' });
    expect(runCli(['scan', root, '--format', 'json']).stdout).toBe(runCli(['scan', root, '--format', 'json']).stdout);
    expect(runCli(['scan', root, '--format', 'sarif']).stdout).toBe(runCli(['scan', root, '--format', 'sarif']).stdout);
  });

  it('records every file the walk saw, and counts what was not scanned', () => {
    const root = project({ ...DOCUMENTED, '.gitignore': 'out/\n', 'out/x.bin': 'x', 'app.py': 'print(1)\n', 'node_modules/p/index.js': '' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const { report, code } = jsonScan(root);
    expect(code).toBe(0);
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, `${f.type} ${f.status}${f.reason ? `: ${f.reason}` : ''}`]));
    expect(byPath).toEqual({
      '.gitignore': 'text scanned',
      'SECURITY.md': 'markdown scanned',
      'THREAT_MODEL.md': 'markdown scanned',
      'app.py': 'python scanned',
      'docs/incident-response.md': 'markdown scanned',
      'node_modules': 'directory skipped: node_modules is skipped by default',
      'out': 'directory skipped: ignored by .gitignore',
      'pipe': 'special skipped: a FIFO, not a regular file; never opened',
    });
    expect(report.summary.files).toEqual({ scanned: 5, skipped: 3, inconclusive: 0, error: 0 });
  });

  // Root reads anything; these tests drop that power (see runCli). Without setpriv they cannot run as root.
  it.runIf(PERMISSIONS_ENFORCEABLE)('exits 2 when a file cannot be read, still writing the report, unless --allow-inconclusive', () => {
    const root = project({ ...DOCUMENTED, 'model.pkl': 'secret weights' });
    chmodSync(join(root, 'model.pkl'), 0o000);
    const asUser = { obeyPermissions: true };
    const result = runCli(['scan', root, '--format', 'json'], asUser);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.files.find((f) => f.path === 'model.pkl')).toEqual({ path: 'model.pkl', type: 'unknown', status: 'error', reason: 'cannot read: permission denied (EACCES)' });
    expect(runCli(['scan', root, '--allow-inconclusive'], asUser).code).toBe(0);
    const text = runCli(['scan', root], asUser);
    expect(text.stdout).toMatch(/Not fully analysed \(never treat these as clean\):\n {2}ERROR {9}model\.pkl: cannot read: permission denied/);
  });

  it.runIf(PERMISSIONS_ENFORCEABLE)('records a folder it may not read as an error and carries on with the rest', () => {
    const root = project({ ...DOCUMENTED, 'locked/model.pkl': 'x', 'open/notes.md': '# notes\n' });
    chmodSync(join(root, 'locked'), 0o000);
    const asUser = { obeyPermissions: true };
    try {
      const result = runCli(['scan', root, '--format', 'json'], asUser);
      expect(result.code).toBe(2);
      const files = (JSON.parse(result.stdout) as JsonReport).files;
      expect(files.find((f) => f.path === 'locked')).toEqual({ path: 'locked', type: 'directory', status: 'error', reason: 'cannot read folder: permission denied (EACCES)' });
      expect(files.find((f) => f.path === 'open/notes.md')?.status).toBe('scanned');
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('reports only new findings against a baseline', () => {
    const root = project({ 'app.py': 'print(1)\n' });
    const baseline = join(root, 'baseline.json');
    writeFileSync(baseline, runCli(['scan', root, '--format', 'json']).stdout);
    addToTree(root, { 'SECURITY.md': '# Security\nWe care about security.\n' });
    const { report } = jsonScan(root, ['--baseline', baseline]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['security-docs/security-policy-without-ai-scope', 'security-docs/security-policy-without-contact']);
    expect(report.suppressed.map((s) => s.suppression.kind)).toEqual(['baseline', 'baseline']);
    expect(runCli(['scan', root, '--baseline', join(root, 'app.py')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not JSON/) });
  });

  it('applies aigis.yaml: suppressions with reasons and expiry, severity overrides, and says when one expired', () => {
    const root = project({ 'SECURITY.md': POLICY, 'docs/incident-response.md': RUNBOOK });
    const config = (expires: string) =>
      `rules:\n  security-docs/missing-threat-model: high\nsuppressions:\n  - rule: security-docs/missing-threat-model\n    reason: threat model lives in the wiki\n    expires: ${expires}\n`;
    writeFileSync(join(root, 'aigis.yaml'), config('2099-01-01'));
    const active = jsonScan(root);
    expect(active.code).toBe(0);
    expect(active.report.findings).toEqual([]);
    expect(active.report.suppressed[0]!.suppression).toMatchObject({ kind: 'config', reason: 'threat model lives in the wiki' });

    writeFileSync(join(root, 'aigis.yaml'), config('2020-01-01'));
    const expired = runCli(['scan', root]);
    expect(expired.code).toBe(1); // the override made it high
    expect(expired.stdout).toMatch(/HIGH {5}No threat model/);
    expect(expired.stdout).toMatch(/warning: .*aigis\.yaml: suppressions\.0 \(security-docs\/missing-threat-model\) expired on 2020-01-01/);
  });

  it('rejects a bad configuration in one line naming the key and the line', () => {
    const root = project({ 'aigis.yaml': 'rules:\n  security-docs/missing-threat-model: off\nsupressions: []\n' });
    expect(runCli(['scan', root])).toMatchObject({ code: 2, stdout: '', stderr: `aigis: ${join(root, 'aigis.yaml')}:3: unknown key "supressions"\n` });
    expect(runCli(['scan', root, '--config', join(root, 'nope.yaml')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read config .*nope\.yaml: ENOENT/) });
  });

  it('honours inline suppressions that give a reason', () => {
    const securityTxt = 'Contact: mailto:security@acme-support.test\n# aigis: ignore[security-docs/invalid-security-txt] renewed by the release job\nExpires: 2020-01-01T00:00:00Z\n';
    const root = project({ ...DOCUMENTED, '.well-known/security.txt': securityTxt });
    const { report } = jsonScan(root);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => s.suppression)).toEqual([{ kind: 'inline', reason: 'renewed by the release job', source: '.well-known/security.txt:2' }]);
  });

  it('scans several paths relative to their common folder', () => {
    const root = project({ 'svc-a/app.py': '', 'svc-b/SECURITY.md': POLICY });
    const single = JSON.parse(runCli(['scan', join(root, 'svc-b'), '--format', 'json']).stdout) as JsonReport;
    expect(single.scanRoot).toBe(join(root, 'svc-b'));
    expect(single.findings.map((f) => f.location.path)).toEqual(['THREAT_MODEL.md', 'docs/incident-response.md']);
    const both = runCli(['scan', join(root, 'svc-a'), join(root, 'svc-b'), '--format', 'json']);
    const parsed = JSON.parse(both.stdout) as JsonReport;
    expect(parsed.scanRoot).toBe(root);
    expect(parsed.findings.map((f) => `${f.ruleId} ${f.location.path}`)).toContain('security-docs/missing-security-policy svc-a/SECURITY.md');
    expect(parsed.findings.map((f) => `${f.ruleId} ${f.location.path}`)).not.toContain('security-docs/missing-security-policy svc-b/SECURITY.md');
  });

  it('lists rules in every format', () => {
    const text = runCli(['rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/security-docs\/missing-threat-model +low +1\.2 +No threat model/);
    const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { id: string; analyzer: string; principle: string }[];
    expect(json.find((r) => r.id === 'security-docs/missing-security-policy')).toMatchObject({ analyzer: 'security-docs', principle: '4.4' });
    expect(runCli(['rules', '--format', 'markdown']).stdout).toMatch(/^# aigis rules/);
  });
});

describe('aigis CLI output', () => {
  it('stops quietly when its reader goes away (aigis rules | head), without a stack trace', () => {
    const result = spawnSync('bash', ['-c', `node "${CLI}" rules --format markdown | head -c 10 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(result.stderr).toMatch(/status 0/);
  });
});
