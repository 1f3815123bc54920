import { describe, expect, it } from 'vitest';
import type { AigisConfig } from '../config/types.js';
import { DEFAULT_LIMITS } from '../config/types.js';
import type { Finding } from '../finding.js';
import { createFinding, fingerprintFindings } from '../finding.js';
import type { RuleMeta } from '../rule.js';
import type { PolicyInput } from './apply.js';
import { applyPolicy } from './apply.js';
import { parseInlineDirectives } from './inline.js';

const meta = (id: string, severity: RuleMeta['severity'] = 'high'): RuleMeta => ({
  id,
  title: id,
  severity,
  principle: '2.1',
  references: {},
  description: 'd',
  fix: 'f',
});

const findings: Finding[] = fingerprintFindings([
  createFinding(meta('code/eval'), { message: 'eval', location: { path: 'app/server.py', startLine: 12 }, evidence: 'eval(answer)' }),
  createFinding(meta('code/eval'), { message: 'eval', location: { path: 'app/tools.py', startLine: 4 }, evidence: 'eval(expr)' }),
  createFinding(meta('pickle/global', 'critical'), { message: 'os.system', location: { path: 'models/a.pt', member: 'a/data.pkl', offset: 9 } }),
  createFinding(meta('docs/missing', 'low'), { message: 'no policy', location: { path: 'SECURITY.md' } }),
]);

function config(partial: Partial<AigisConfig>): AigisConfig {
  return { source: 'aigis.yaml', ignore: [], rules: {}, suppressions: [], analyzers: {}, limits: DEFAULT_LIMITS, conformance: { notApplicable: {} }, ...partial };
}

function run(partial: Partial<AigisConfig>, extra: Partial<PolicyInput> = {}) {
  return applyPolicy({ findings, config: config(partial), directives: new Map(), today: '2026-11-21', ...extra });
}

describe('applyPolicy', () => {
  it('reports everything when there is no policy', () => {
    const result = run({});
    expect(result.findings).toHaveLength(4);
    expect(result.suppressed).toEqual([]);
    expect(result.notices).toEqual([]);
  });

  it('keeps findings of disabled rules as suppressed, and overrides severities', () => {
    const result = run({ rules: { 'docs/missing': 'off', 'code/eval': 'medium', 'pickle/*': { severity: 'low' } } });
    expect(result.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['code/eval:medium', 'code/eval:medium', 'pickle/global:low']);
    expect(result.suppressed).toEqual([expect.objectContaining({ suppression: expect.objectContaining({ kind: 'rule-disabled' }) })]);
  });

  it('suppresses by rule and path glob with the reason and source', () => {
    const result = run({ suppressions: [{ rule: 'code/eval', path: 'app/tools.py', reason: 'sandboxed calculator' }] });
    expect(result.findings.map((f) => f.location.path)).not.toContain('app/tools.py');
    expect(result.suppressed[0]!.suppression).toEqual({ kind: 'config', reason: 'sandboxed calculator', source: 'aigis.yaml suppressions.0 (code/eval on app/tools.py)' });
  });

  it('suppresses exactly one finding by fingerprint', () => {
    const target = findings.find((f) => f.location.path === 'app/server.py')!;
    const result = run({ suppressions: [{ rule: 'code/eval', fingerprint: target.fingerprint, reason: 'accepted' }] });
    expect(result.suppressed.map((s) => s.finding.fingerprint)).toEqual([target.fingerprint]);
    expect(result.findings).toHaveLength(3);
  });

  it('stops applying an expired suppression and says so, but honours it on its last day', () => {
    const expired = run({ suppressions: [{ rule: 'pickle/global', reason: 'legacy', expires: '2026-11-20' }] });
    expect(expired.findings.map((f) => f.ruleId)).toContain('pickle/global');
    expect(expired.notices).toEqual([{ level: 'warning', message: expect.stringMatching(/expired on 2026-11-20 and no longer suppresses/) }]);
    const lastDay = run({ suppressions: [{ rule: 'pickle/global', reason: 'legacy', expires: '2026-11-21' }] });
    expect(lastDay.findings.map((f) => f.ruleId)).not.toContain('pickle/global');
    expect(lastDay.suppressed[0]!.suppression.expires).toBe('2026-11-21');
  });

  it('notes a suppression that matched nothing', () => {
    const result = run({ suppressions: [{ rule: 'code/eval', path: 'nowhere/**', reason: 'old' }] });
    expect(result.notices).toEqual([{ level: 'info', message: expect.stringMatching(/matched no finding/) }]);
  });

  it('applies inline directives on the line or the line above, and ignores those without a reason', () => {
    const directives = new Map([
      ['app/server.py', parseInlineDirectives(`${'\n'.repeat(10)}# aigis: ignore[code/eval] input is a constant table\n`)],
      ['app/tools.py', parseInlineDirectives('\n\n\nx = eval(expr)  # aigis: ignore[code/eval]\n')],
    ]);
    const result = run({}, { directives });
    expect(result.suppressed.map((s) => `${s.finding.location.path}:${s.suppression.kind}:${s.suppression.source}`)).toEqual(['app/server.py:inline:app/server.py:11']);
    expect(result.findings.map((f) => f.location.path)).toContain('app/tools.py');
    expect(result.notices[0]!.message).toMatch(/^app\/tools\.py:4: "aigis: ignore\[\.\.\.\]" has no reason/);
  });

  it('reports only findings that are new against a baseline', () => {
    const baseline = { source: 'old.json', fingerprints: new Set([findings[0]!.fingerprint, findings[2]!.fingerprint]) };
    const result = run({}, { baseline });
    expect(result.findings.map((f) => f.fingerprint)).toEqual([findings[1]!.fingerprint, findings[3]!.fingerprint]);
    expect(result.suppressed.every((s) => s.suppression.kind === 'baseline')).toBe(true);
  });
});
