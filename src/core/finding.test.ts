import { describe, expect, it } from 'vitest';
import type { UnfingerprintedFinding } from './finding.js';
import { MAX_EVIDENCE_LENGTH, createFinding, fingerprintFindings } from './finding.js';
import type { RuleMeta } from './rule.js';

const rule: RuleMeta = {
  id: 'demo/dangerous-call',
  title: 'Dangerous call',
  severity: 'high',
  principle: '1.3',
  references: { cwe: ['CWE-95'], owaspLlm: ['LLM05:2025'] },
  description: 'd',
  fix: 'f',
};

function at(line: number, evidence: string, path = 'app.py'): UnfingerprintedFinding {
  return createFinding(rule, { message: 'eval of model output', location: { path, startLine: line }, evidence });
}

describe('createFinding', () => {
  it('fills title, severity, principle, references and fix from the rule', () => {
    const finding = at(3, 'eval(answer)');
    expect(finding).toMatchObject({ ruleId: rule.id, title: rule.title, severity: 'high', principle: '1.3', fix: 'f' });
    expect(finding.references).toEqual({ cwe: ['CWE-95'], owaspLlm: ['LLM05:2025'], atlas: [] });
  });

  it('escapes control characters and terminal escapes from untrusted evidence, and bounds its length', () => {
    const finding = createFinding(rule, { message: 'm\u001b[31mred', location: { path: 'a' }, evidence: `x\u0000y\u202e${'z'.repeat(1000)}` });
    expect(finding.message).toBe('m\\x1b[31mred');
    expect(finding.evidence).toMatch(/^x\\x00y\\u202ez+…$/);
    expect(finding.evidence!.length).toBe(MAX_EVIDENCE_LENGTH);
  });
});

describe('fingerprintFindings', () => {
  it('keeps fingerprints when lines shift', () => {
    const before = fingerprintFindings([at(10, 'eval(answer)'), at(20, 'exec(code)')]);
    const after = fingerprintFindings([at(15, 'eval(answer)'), at(31, 'exec(code)')]);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it('tells apart identical findings in one file by their order, and those in other files by path', () => {
    const [first, second, other] = fingerprintFindings([at(1, 'eval(x)'), at(9, 'eval(x)'), at(1, 'eval(x)', 'other.py')]);
    expect(new Set([first!.fingerprint, second!.fingerprint, other!.fingerprint]).size).toBe(3);
    expect(first!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('ignores whitespace differences in evidence', () => {
    const [a] = fingerprintFindings([at(1, 'eval( x )')]);
    const [b] = fingerprintFindings([at(1, 'eval(   x\n )')]);
    expect(a!.fingerprint).toBe(b!.fingerprint);
  });

  it('sorts by path, member, line, then rule', () => {
    const sorted = fingerprintFindings([at(5, 'b', 'z.py'), at(9, 'a', 'a.py'), at(2, 'c', 'a.py')]);
    expect(sorted.map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual(['a.py:2', 'a.py:9', 'z.py:5']);
  });
});
