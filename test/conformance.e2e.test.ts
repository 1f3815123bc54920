/**
 * `aigis check` on sample projects, through the CLI: a bare one (everything missing), the same after
 * `aigis init`, a well-documented one (most principles met) and the bundled example.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConformanceReport, PrincipleResult } from '../src/core/conformance/evaluate.js';
import { runCli } from './support/cli.js';
import { dedent } from './support/run-text.js';
import { makeTree, removeTree } from './support/tree.js';
import { wellDocumentedProject } from './support/well-documented-project.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/conformance.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

const roots: string[] = [];
afterAll(() => roots.forEach(removeTree));

function tree(files: Record<string, string>): string {
  const root = makeTree(files);
  roots.push(root);
  return root;
}

function check(root: string, ...args: string[]): { report: ConformanceReport; code: number | null; stderr: string } {
  const result = runCli(['check', root, '--format', 'json', ...args]);
  const report = JSON.parse(result.stdout) as ConformanceReport;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return { report, code: result.code, stderr: result.stderr };
}

const statusOf = (report: ConformanceReport) => Object.fromEntries(report.principles.map((p) => [p.id, p.status]));
const principle = (report: ConformanceReport, id: string): PrincipleResult => report.principles.find((p) => p.id === id)!;
const checkState = (report: ConformanceReport, id: string) => report.principles.flatMap((p) => p.checks).find((c) => c.id === id)!.state;

const BARE_APP = dedent(`
  from openai import OpenAI

  client = OpenAI()


  def answer(question: str) -> str:
      response = client.chat.completions.create(
          model="gpt-4o-mini",
          messages=[{"role": "user", "content": question}],
      )
      return response.choices[0].message.content
`);

describe('aigis check on a bare project', () => {
  const bare = () => tree({ 'README.md': '# Support bot\n\nAnswers customer questions.\n', 'app.py': BARE_APP });

  it('finds nothing met: every principle without evidence is missing, each with a next step', () => {
    const { report, code } = check(bare());
    expect(code).toBe(0);
    expect(report.summary.met).toBe(0);
    // Only aigis's own reading of the code gives evidence: 1.3 (code rules ran clean) and 2.2 (secret rules ran clean).
    expect(Object.entries(statusOf(report)).filter(([, s]) => s !== 'missing').map(([id]) => id)).toEqual(['1.3', '2.2']);
    for (const p of report.principles) expect(p.nextSteps.length, p.id).toBeGreaterThan(0);
    expect(principle(report, '1.3').nextSteps[0]).toContain('threat model or a design document');
    expect(principle(report, '4.1').checks[0]!.state).toBe('not found'); // the code calls OpenAI, so monitoring is expected
    expect(principle(report, '3.2').nextSteps.at(-1)).toContain('conformance.notApplicable');
    expect(report.inventory['service']).toBeGreaterThan(0);
  });

  it('fails the gate with --fail-on missing and names the principles, and renders every format', () => {
    const root = bare();
    const gated = runCli(['check', root, '--fail-on', 'missing']);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toMatch(/^aigis: --fail-on missing: principles 1\.1, 1\.2, 1\.4, 2\.1, /m);
    expect(runCli(['check', root, '--fail-on', 'partial']).stderr).toMatch(/principles 1\.1, 1\.2, 1\.3, 1\.4, /);
    expect(gated.stdout).toContain('0 met, 2 partial, 15 missing, 0 not applicable');
    const markdown = runCli(['check', root, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| 1.2 Model the threats to your system | ❌ missing |');
    const html = runCli(['check', root, '--format', 'html', '--output', join(root, 'conformance.html')]);
    expect(html.stderr).toContain('wrote html conformance report to');
    expect(readFileSync(join(root, 'conformance.html'), 'utf8')).toContain('<h2 id="conformance">Guideline conformance</h2>');
  });

  it('shows principles declared not applicable in aigis.yaml with their reason, and refuses unknown ones', () => {
    const root = tree({ 'app.py': BARE_APP, 'aigis.yaml': 'conformance:\n  notApplicable:\n    "3.2": We call a hosted model API and ship no weights.\n' });
    const { report } = check(root);
    expect(principle(report, '3.2')).toMatchObject({ status: 'not-applicable', notApplicableReason: 'We call a hosted model API and ship no weights.', nextSteps: [] });
    expect(runCli(['check', root, '--fail-on', 'missing']).stderr).not.toMatch(/principles .*3\.2/);
    const wrong = tree({ 'aigis.yaml': 'conformance:\n  notApplicable:\n    "5.1": no\n' });
    const refused = runCli(['check', wrong]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"5.1" is not one of the 17 principles');
  });

  it('moves documents from missing to present after `aigis init --all`, without claiming them met', () => {
    const root = bare();
    expect(runCli(['init', root, '--all', '--contact', 'security@acme.test']).code).toBe(0);
    const { report } = check(root);
    for (const id of ['security-policy', 'security-policy-ai-scope', 'threat-model', 'incident-plan']) expect(checkState(report, id), id).toBe('holds');
    expect(principle(report, '4.4').status).toBe('partial');
    expect(principle(report, '1.2').status).not.toBe('missing');
    expect(report.summary.missing).toBeLessThan(15);
  });
});

/** Builds the well-documented project the way its team would: keys outside the repository, models signed, BOM committed. */
function wellDocumented(): string {
  const expires = new Date(Date.now() + 180 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const root = tree({ ...wellDocumentedProject(expires), 'aigis.yaml': 'signing:\n  publicKey: keys/public.pem\n' });
  const keys = tree({});
  expect(runCli(['keygen', '--out', keys]).code).toBe(0);
  mkdirSync(join(root, 'keys'));
  copyFileSync(join(keys, 'public.pem'), join(root, 'keys', 'public.pem'));
  expect(runCli(['sign', join(root, 'models', 'classifier'), '--key', join(keys, 'private.pem')]).code).toBe(0);
  const bom = runCli(['bom', root, '--output', join(root, 'bom.cdx.json'), '--quiet']);
  expect(bom.code, bom.stderr).toBe(0);
  return root;
}

describe('aigis check on a well-documented project', () => {
  let root: string;
  let report: ConformanceReport;

  it('meets most principles, each backed by a verified control', () => {
    root = wellDocumented();
    const result = check(root);
    report = result.report;
    expect(result.code, result.stderr).toBe(0);
    const status = statusOf(report);
    const notMet = Object.entries(status).filter(([, s]) => s !== 'met');
    // 1.4, 2.4 and 3.5 rest on documents a person must judge: partial at best.
    expect(notMet, JSON.stringify(report.principles.filter((p) => p.status !== 'met').map((p) => [p.id, p.nextSteps]), null, 1)).toEqual([
      ['1.4', 'partial'],
      ['2.4', 'partial'],
      ['3.5', 'partial'],
    ]);
    // The controls that hold are checked against what aigis found, not just present.
    const summaryOf = (id: string) => report.principles.flatMap((p) => p.checks).find((c) => c.id === id)!.evidence.find((e) => !e.shortfall)!.summary;
    expect(summaryOf('threat-model-names-assets')).toMatch(/names all 2 AI assets aigis found \(1 model and 1 AI service\): models\/classifier and openai \(gpt-4o-mini\)$/);
    expect(summaryOf('inventory-covers-assets')).toContain('models/classifier/model.safetensors');
    expect(summaryOf('release-gate')).toContain('deploy needs redteam (promptfoo)');
    expect(summaryOf('model-signatures-verified')).toContain('1 signature verified with keys/public.pem');
    for (const p of report.principles.filter((p) => p.status === 'met')) {
      expect(p.checks.some((c) => c.kind === 'control' && c.state === 'holds'), p.id).toBe(true);
      expect(p.findings.count, p.id).toBe(0);
      expect(p.nextSteps).toEqual([]);
    }
  });

  it('loses "met" as soon as a control stops holding: a model changed after it was signed', () => {
    const model = join(root, 'models/classifier/model.safetensors');
    const original = readFileSync(model);
    const changed = Uint8Array.from(original);
    changed[changed.length - 1]! ^= 0xff;
    writeFileSync(model, changed);
    try {
      const after = check(root).report;
      const result = principle(after, '3.2');
      expect(result.status).toBe('partial');
      expect(result.findings.worst.map((f) => f.ruleId)).toContain('model-signature/signature-mismatch');
      expect(result.checks.find((c) => c.id === 'model-signatures-verified')!.state).toBe('falls short');
    } finally {
      writeFileSync(model, original);
    }
  });
});

describe('aigis check on the bundled example', () => {
  const example = join(import.meta.dirname, '..', 'examples', 'support-assistant');

  it('shows the deliberately insecure example as far from conformant, naming its planted gaps', () => {
    const { report, code } = check(example);
    expect(code).toBe(0);
    expect(report.summary.met).toBeLessThanOrEqual(1);
    const status = statusOf(report);
    // Principles with planted findings are never met while the findings stand.
    for (const id of ['1.3', '2.1', '2.2', '3.1']) expect(status[id], id).toBe('partial');
    for (const id of ['1.2', '3.2', '3.3']) expect(status[id], id).toBe('missing');
    const cards = report.principles.flatMap((p) => p.checks).find((c) => c.id === 'cards-for-models')!;
    expect(cards.evidence[0]!.shortfall).toBe('no model card for models/intent-classifier, models/reranker');
    const aiScope = principle(report, '4.4').checks.find((c) => c.id === 'security-policy-ai-scope')!;
    expect(aiScope.state).toBe('falls short');
    expect(principle(report, '2.1').nextSteps.join(' ')).toContain('acme-support/reranker-encoder');
  });

  it('puts the conformance view in the scan HTML report and links to it from the table of contents', () => {
    const html = runCli(['scan', example, '--format', 'html']).stdout;
    expect(html).toMatch(/<a href="#conformance">Conformance \(\d of 17 met\)<\/a>/);
    expect(html).toContain('<h2 id="conformance">Guideline conformance</h2>');
    expect(html).toContain('no model card for models/intent-classifier, models/reranker');
  });
});
