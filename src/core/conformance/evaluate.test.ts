import { describe, expect, it } from 'vitest';
import type { Asset } from '../asset.js';
import { PRINCIPLES } from '../catalogue.js';
import type { Evidence } from '../evidence.js';
import type { FileRecord } from '../file-record.js';
import { createFinding, fingerprintFindings } from '../finding.js';
import type { RuleMeta } from '../rule.js';
import type { Severity } from '../severity.js';
import { CHECKS, findCheck } from './checks.js';
import { evaluateConformance, type ConformanceInput, type PrincipleResult } from './evaluate.js';

const tool = { name: 'aigis', version: '0.0.0-test' } as const;

function rule(id: string, principle: string, severity: Severity = 'high'): RuleMeta {
  return { id, title: `title of ${id}`, severity, principle, references: { cwe: [], owaspLlm: [], atlas: [] }, description: 'd', fix: 'f' };
}

function evaluate(partial: Partial<ConformanceInput>) {
  return evaluateConformance({ tool, scanRoot: '/p', findings: [], assets: [], evidence: [], files: [], rules: [], notApplicable: {}, ...partial });
}

function principle(report: ReturnType<typeof evaluate>, id: string): PrincipleResult {
  return report.principles.find((p) => p.id === id)!;
}

const ev = (check: string, summary: string, shortfall?: string): Evidence => ({ check, summary, analyzer: 'test', ...(shortfall ? { shortfall } : {}) });
const asset = (kind: Asset['kind'], name: string, path: string, properties: Record<string, string> = {}): Asset => ({ kind, name, location: { path }, properties });
const file = (path: string, type: FileRecord['type'], analyzers: string[], status: FileRecord['status'] = 'scanned'): FileRecord => ({ path, type, size: 10, status, analyzers });

describe('the check catalogue', () => {
  it('gives every principle at least one check, and only real principles', () => {
    const ids = new Set(PRINCIPLES.map((p) => p.id));
    for (const check of CHECKS) expect(ids.has(check.principle), check.id).toBe(true);
    for (const p of PRINCIPLES) expect(CHECKS.some((c) => c.principle === p.id), p.id).toBe(true);
  });

  it('has unique kebab-case ids, each findable', () => {
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    for (const check of CHECKS) {
      expect(check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(findCheck(check.id)).toBe(check);
    }
    expect(findCheck('no-such-check')).toBeUndefined();
  });

  it('lets principles that can be met have a control check, and says what to do for every check', () => {
    for (const check of CHECKS) expect(check.nextStep.length, check.id).toBeGreaterThan(20);
    // Principles the tool can only see documents for are never claimed "met" (guidelines.md section 5).
    for (const id of ['2.4', '3.5']) expect(CHECKS.filter((c) => c.principle === id).every((c) => c.kind === 'document'), id).toBe(true);
  });
});

describe('evaluateConformance', () => {
  it('reports every principle missing for an empty project, each with a next step', () => {
    const report = evaluate({});
    expect(report.principles.map((p) => p.id)).toEqual(PRINCIPLES.map((p) => p.id));
    expect(report.summary).toEqual({ met: 0, partial: 0, missing: 17, 'not-applicable': 0 });
    for (const p of report.principles) expect(p.nextSteps.length, p.id).toBeGreaterThan(0);
  });

  it('shows a principle declared not applicable with its reason and no next step', () => {
    const report = evaluate({ notApplicable: { '3.2': 'We call a hosted API and ship no weights.' } });
    const result = principle(report, '3.2');
    expect(result.status).toBe('not-applicable');
    expect(result.notApplicableReason).toBe('We call a hosted API and ship no weights.');
    expect(result.nextSteps).toEqual([]);
    expect(report.summary['not-applicable']).toBe(1);
  });

  it('never calls a principle met on documents alone', () => {
    const report = evaluate({ evidence: [ev('security-policy', 'SECURITY.md names security@acme.test'), ev('security-policy-ai-scope', 'SECURITY.md covers prompt injection')] });
    const result = principle(report, '4.4');
    expect(result.status).toBe('partial');
    expect(result.checks.find((c) => c.id === 'security-policy')!.state).toBe('holds');
    // The optional control is the way to "met", so it becomes the next step.
    expect(result.nextSteps.some((s) => s.includes('security.txt'))).toBe(true);
  });

  it("leaves a principle that only documents speak to at partial, with review by a person as the next step", () => {
    const result = principle(evaluate({ evidence: [ev('user-guidance', 'docs/acceptable-use.md covers acceptable use and limitations')] }), '3.5');
    expect(result.status).toBe('partial');
    expect(result.nextSteps).toHaveLength(1);
    expect(result.nextSteps[0]).toContain("a person's judgement");
  });

  it('calls a principle met when every required check holds, a control is verified and no finding counts against it', () => {
    const evidence = [ev('security-policy', 'SECURITY.md'), ev('security-policy-ai-scope', 'AI scope'), ev('security-txt-valid', 'security.txt valid until 2027-06-01')];
    expect(principle(evaluate({ evidence }), '4.4').status).toBe('met');
    const low = fingerprintFindings([createFinding(rule('security-docs/x', '4.4', 'low'), { message: 'm', location: { path: 'SECURITY.md' } })]);
    const withFinding = principle(evaluate({ evidence, findings: low }), '4.4');
    expect(withFinding.status).toBe('partial');
    expect(withFinding.findings.count).toBe(1);
    expect(withFinding.nextSteps[0]).toContain('Fix or triage the 1 finding');
    const info = fingerprintFindings([createFinding(rule('security-docs/y', '4.4', 'info'), { message: 'm', location: { path: 'SECURITY.md' } })]);
    expect(principle(evaluate({ evidence, findings: info }), '4.4').status).toBe('met');
  });

  it('shows evidence that falls short, keeps the principle partial and puts the shortfall in the next step', () => {
    const evidence = [ev('dependency-update-automation', '.github/dependabot.yml updates npm', 'no entry for pip (requirements.txt)')];
    const result = principle(evaluate({ evidence }), '4.3');
    expect(result.status).toBe('partial');
    expect(result.checks.find((c) => c.id === 'dependency-update-automation')!.state).toBe('falls short');
    expect(result.nextSteps[0]).toContain('no entry for pip (requirements.txt)');
  });

  it('counts a check as holding when any one piece of its evidence holds', () => {
    const evidence = [ev('security-policy-ai-scope', 'security.txt', 'no AI topics'), ev('security-policy-ai-scope', 'SECURITY.md covers jailbreaks')];
    const check = principle(evaluate({ evidence }), '4.4').checks.find((c) => c.id === 'security-policy-ai-scope')!;
    expect(check.state).toBe('holds');
    expect(check.evidence).toHaveLength(2);
  });

  it('expects model checks only when the inventory has models, and suggests declaring the principle not applicable otherwise', () => {
    const none = principle(evaluate({}), '3.2');
    expect(none.checks.every((c) => c.state === 'not expected')).toBe(true);
    expect(none.status).toBe('missing');
    expect(none.nextSteps.at(-1)).toContain('conformance.notApplicable');
    const withModel = principle(evaluate({ assets: [asset('model', 'models/a/model.safetensors', 'models/a/model.safetensors', { source: 'file' })] }), '3.2');
    expect(withModel.checks.find((c) => c.id === 'model-signatures')!.state).toBe('not found');
  });

  describe('derived from the inventory', () => {
    it('checks that hub models are pinned', () => {
      const pinned = asset('model', 'org/a', 'app.py', { source: 'hub', pinned: 'true' });
      const unpinned = { ...asset('model', 'org/b', 'train.py', { source: 'hub', pinned: 'false' }), location: { path: 'train.py', startLine: 9 } };
      const good = principle(evaluate({ assets: [pinned] }), '2.1').checks.find((c) => c.id === 'hub-models-pinned')!;
      expect(good.state).toBe('holds');
      const bad = principle(evaluate({ assets: [pinned, unpinned] }), '2.1').checks.find((c) => c.id === 'hub-models-pinned')!;
      expect(bad.state).toBe('falls short');
      expect(bad.evidence[0]!.shortfall).toBe('not pinned to a commit: org/b (train.py:9)');
      expect(bad.evidence[0]!.source).toBe('aigis');
    });

    it('finds a card for each model folder in the folder or above it', () => {
      const assets = [
        asset('model', 'models/chat/v2/model.safetensors', 'models/chat/v2/model.safetensors', { source: 'file' }),
        asset('model', 'models/ranker/model.onnx', 'models/ranker/model.onnx', { source: 'file' }),
        asset('model', 'models/chat', 'models/chat/README.md', { source: 'card', license: 'apache-2.0' }),
      ];
      const check = principle(evaluate({ assets }), '2.3').checks.find((c) => c.id === 'cards-for-models')!;
      expect(check.state).toBe('falls short');
      expect(check.evidence[0]!.summary).toBe('model cards cover 1 of 2 model folders');
      expect(check.evidence[0]!.shortfall).toBe('no model card for models/ranker');
    });

    it('names the model card fields that are missing', () => {
      const card = asset('model', 'models/chat', 'models/chat/README.md', { source: 'card', license: 'mit', intended_use: 'Support answers.', base_model: 'org/base' });
      const check = principle(evaluate({ assets: [card] }), '1.4').checks.find((c) => c.id === 'model-card')!;
      expect(check.state).toBe('falls short');
      expect(check.evidence[0]!.summary).toBe('model card models/chat/README.md for models/chat, naming its base model');
      expect(check.evidence[0]!.shortfall).toBe('models/chat/README.md does not state: limitations');
    });

    it('wants system prompts in files rather than in code', () => {
      const assets = [asset('prompt', 'prompts/system.txt', 'prompts/system.txt', { source: 'file' }), asset('prompt', 'app/chat.py:12', 'app/chat.py', { source: 'code' })];
      const check = principle(evaluate({ assets }), '2.3').checks.find((c) => c.id === 'prompts-in-files')!;
      expect(check.state).toBe('falls short');
      expect(check.evidence[0]!.shortfall).toBe('prompts in code: app/chat.py:12');
    });
  });

  describe('derived from what the rules read', () => {
    const rules = [rule('python/eval', '1.3'), rule('dockerfile/root', '3.1'), rule('secrets/key', '2.2')];

    it('counts only files an analyzer with rules for the principle read, of the types the check names', () => {
      const files = [file('app.py', 'python', ['python', 'secrets']), file('README.md', 'markdown', ['secrets']), file('Dockerfile', 'dockerfile', ['dockerfile', 'secrets'])];
      const report = evaluate({ files, rules });
      const code = principle(report, '1.3').checks.find((c) => c.id === 'ai-code-checked')!;
      expect(code.state).toBe('holds');
      expect(code.evidence[0]!.summary).toBe('aigis checked 1 code, notebook, config or model file against its 1 rule for this principle');
      expect(principle(report, '2.2').checks.find((c) => c.id === 'secrets-checked')!.evidence[0]!.summary).toContain('checked 3 files');
      expect(principle(report, '3.1').checks.find((c) => c.id === 'infrastructure-checked')!.evidence[0]!.summary).toContain('checked 1 deployment or config file');
    });

    it('falls short when the rules found something or a file could not be read to the end', () => {
      const findings = fingerprintFindings([createFinding(rules[0]!, { message: 'eval', location: { path: 'app.py', startLine: 3 } })]);
      const files = [file('app.py', 'python', ['python']), file('big.py', 'python', ['python'], 'inconclusive')];
      const result = principle(evaluate({ files, rules, findings }), '1.3');
      const code = result.checks.find((c) => c.id === 'ai-code-checked')!;
      expect(code.evidence[0]!.summary).toContain('checked 1 code');
      expect(code.evidence[0]!.shortfall).toBe('1 finding against the principle; 1 file could not be fully analysed');
      expect(result.status).toBe('partial');
      expect(result.nextSteps[0]).toContain('python/eval, app.py:3');
      expect(result.nextSteps.some((s) => s.includes('could not fully analyse'))).toBe(true);
    });

    it('has no coverage evidence when no analyzer for the principle read anything', () => {
      const result = principle(evaluate({ files: [file('README.md', 'markdown', ['secrets'])], rules }), '1.3');
      expect(result.checks.find((c) => c.id === 'ai-code-checked')!.state).toBe('not found');
    });
  });
});
