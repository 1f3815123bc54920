import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ProjectContext, ProjectFact } from '../../core/analyzer.js';
import type { EvidenceReport } from '../../core/evidence.js';
import { findCheck } from '../../core/conformance/checks.js';
import type { WorkflowFact } from './ci-facts.js';
import { buildWorkflowFact } from './ci-facts.js';
import { recordEvidence } from './conformance.js';
import { buildWorkflow } from './workflow.js';

function factOf(text: string): WorkflowFact {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  return buildWorkflowFact(buildWorkflow(doc, counter, text));
}

function evidenceFor(workflows: Record<string, string>, assets: string[] = []): EvidenceReport[] {
  const out: EvidenceReport[] = [];
  const facts: ProjectFact<WorkflowFact>[] = Object.entries(workflows).map(([path, text]) => ({ path, fact: factOf(text) }));
  const context: ProjectContext = {
    settings: {},
    report: () => undefined,
    asset: () => undefined,
    evidence: (item) => void out.push(item),
  };
  recordEvidence(
    {
      root: '',
      files: assets.map((path) => ({ path, type: 'text', status: 'scanned' })),
      facts,
      assets: assets.map((path) => ({ kind: 'prompt', name: path, location: { path } })),
    },
    context,
  );
  return out;
}

const names = ['test', 'evals', 'redteam', 'deploy', 'publish', 'build', 'release'];
const job = fc.record({
  id: fc.constantFrom(...names),
  needs: fc.oneof(fc.constant(''), fc.constantFrom(...names).map((n) => `    needs: ${n}\n`), fc.subarray(names).map((n) => `    needs: [${n.join(', ')}]\n`)),
  condition: fc.constantFrom('', "    if: always()\n", "    if: github.event.workflow_run.conclusion == 'success'\n", "    if: github.event_name != 'schedule'\n", "    if: always() && needs.evals.result == 'success'\n"),
  uses: fc.constantFrom('', '    uses: ./.github/workflows/a.yml\n', '    uses: ./.github/workflows/b.yml\n', '    uses: org/x/.github/workflows/y.yml@v1\n'),
  extra: fc.constantFrom('', '    continue-on-error: true\n', '    strategy:\n      matrix:\n        n: [1, 2]\n', '    environment: production\n'),
  steps: fc.array(
    fc.constantFrom('npx promptfoo eval', 'garak --probes dan || true', 'npm publish', 'docker push x', 'pytest tests/redteam', 'echo hi', 'pip install garak', 'inspect eval x.py'),
    { maxLength: 3 },
  ),
});
const events = fc.constantFrom(
  'on: push\n',
  'on: [push, pull_request]\n',
  'on:\n  pull_request:\n    paths: ["prompts/**", "!prompts/old/**"]\n',
  'on:\n  push:\n    paths-ignore: ["**.md", "prompts/**"]\n',
  'on:\n  push:\n    tags: ["v*"]\n',
  'on:\n  schedule:\n    - cron: "0 3 * * *"\n',
  'on:\n  workflow_call:\n',
  'on:\n  workflow_run:\n    workflows: [Evals, Missing]\n',
);
const workflow = fc.record({ name: fc.constantFrom('', 'name: Evals\n', 'name: Deploy\n'), on: events, jobs: fc.array(job, { maxLength: 6 }) }).map(({ name, on, jobs }) => {
  const body = jobs.map((j) => `  ${j.id}:\n${j.needs}${j.condition}${j.uses}${j.extra}    steps:\n${j.steps.map((s) => `      - run: ${s}\n`).join('')}`).join('');
  return `${name}${on}jobs:\n${body}`;
});

describe('github-actions conformance pass on generated and hostile workflows', () => {
  it('never throws, records only catalogue checks with one-line summaries under 300 characters, and stays fast', () => {
    fc.assert(
      fc.property(fc.array(workflow, { minLength: 1, maxLength: 3 }), fc.subarray(['prompts/a.md', 'models/m.json', 'src/app.py']), (texts, assets) => {
        const started = Date.now();
        const spec = Object.fromEntries(texts.map((text, i) => [`.github/workflows/${['a', 'b', 'c'][i]}.yml`, text]));
        for (const item of evidenceFor(spec, assets)) {
          expect(findCheck(item.check)).toBeDefined();
          expect(item.summary.length).toBeLessThan(300);
          expect(item.summary).not.toContain('\n');
          expect((item.shortfall ?? '').length).toBeLessThan(300);
        }
        expect(Date.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 80 },
    );
  });

  it('walks reusable workflows that call themselves and long needs chains quickly', () => {
    const selfCalling = ['on: [push]', 'jobs:'];
    for (let i = 0; i < 200; i++) selfCalling.push(`  j${i}:`, '    uses: ./.github/workflows/self.yml', `    needs: [${Array.from({ length: 20 }, (_, k) => `j${(i + k + 1) % 200}`).join(', ')}]`);
    selfCalling.push('  deploy:', '    needs: j0', '    steps:', '      - run: npm publish');
    const chain = ['on: [push]', 'jobs:', '  j0:', '    steps:', '      - run: npx promptfoo eval'];
    for (let i = 1; i < 250; i++) chain.push(`  j${i}:`, `    needs: j${i - 1}`, '    steps:', '      - run: echo step');
    chain.push('  deploy:', '    needs: j249', '    steps:', '      - run: twine upload dist/*');
    const started = Date.now();
    const evidence = evidenceFor({ '.github/workflows/self.yml': selfCalling.join('\n'), '.github/workflows/chain.yml': chain.join('\n') });
    expect(Date.now() - started).toBeLessThan(3000);
    const gate = evidence.find((e) => e.check === 'release-gate');
    expect(gate?.shortfall).toMatch(/^deploy job j0 \(self\.yml\) does not need any job that runs an evaluation/);
    expect(gate?.summary).toContain('chain.yml job deploy');
    // Past 300 jobs the rest is not read, and a pass is not claimed.
    const huge = chain.join('\n').replace('  deploy:', `${Array.from({ length: 60 }, (_, i) => `  extra${i}:\n    steps:\n      - run: echo ${i}\n`).join('')}  deploy:`);
    const released = chain.slice(0, 5).join('\n') + '\n  ship:\n    needs: j0\n    steps:\n      - run: npm publish\n';
    const partial = evidenceFor({ '.github/workflows/huge.yml': huge, '.github/workflows/ship.yml': released }).find((e) => e.check === 'release-gate');
    expect(partial?.summary).toBe('Deploy jobs wait for evaluations: ship.yml job ship needs j0 (promptfoo)');
    expect(partial?.shortfall).toBe('huge.yml could not be read whole (invalid YAML, or over 300 jobs), so not every deploy job was checked');
  });
});
