import { afterEach, describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { githubActionsAnalyzer, isWorkflowPath } from './analyzer.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

const RELEASE = dedent(`
  name: Release
  on:
    push:
      tags: ["v*"]
  permissions:
    contents: read
    id-token: write
  jobs:
    publish:
      runs-on: ubuntu-latest
      environment: pypi
      steps:
        - uses: actions/checkout@v4
        - uses: github/codeql-action/init@v3
        - uses: pypa/gh-action-pypi-publish@release/v1
`);

describe('github-actions analyzer', () => {
  it('claims workflow files only, also inside archives and nested projects', () => {
    expect(isWorkflowPath({ path: '.github/workflows/ci.yml' })).toBe(true);
    expect(isWorkflowPath({ path: 'services/api/.github/workflows/release.yaml' })).toBe(true);
    expect(isWorkflowPath({ path: 'repo.zip', member: 'repo-main/.github/workflows/ci.yml' })).toBe(true);
    expect(isWorkflowPath({ path: '.github/dependabot.yml' })).toBe(false);
    expect(isWorkflowPath({ path: 'docs/.github/workflows-old/ci.yml' })).toBe(false);
    expect(isWorkflowPath({ path: 'config/ci.yml' })).toBe(false);
  });

  it('runs through the engine on .github/workflows and honours allowOwners for github-actions/unpinned-action', async () => {
    const root = makeTree({ '.github/workflows/release.yml': RELEASE, 'config/release.yml': RELEASE });
    roots.push(root);
    const all = await scanTree(root, [githubActionsAnalyzer]);
    expect(all.findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`)).toEqual([
      'github-actions/unpinned-action .github/workflows/release.yml:13',
      'github-actions/unpinned-action .github/workflows/release.yml:14',
      'github-actions/unpinned-action .github/workflows/release.yml:15',
    ]);
    const allowed = await scanTree(root, [githubActionsAnalyzer], 'analyzers:\n  github-actions:\n    allowOwners: [actions, github]\n');
    expect(allowed.findings.map((f) => f.location.startLine)).toEqual([15]);
  });

  it('stays quiet on a hardened pull_request_target labeler and a pinned release workflow', async () => {
    const workflow = dedent(`
      name: Triage
      on:
        pull_request_target:
          types: [opened, edited]
        issues:
          types: [opened]
      permissions:
        contents: read
        issues: write
        pull-requests: write
      jobs:
        label:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9 # v5.0.0
            - name: Summarise with an LLM
              uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
              env:
                OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
              with:
                script: |
                  const title = context.payload.pull_request?.title ?? context.payload.issue.title
                  core.info(\`Triage for #\${{ github.event.number }}: \${title}\`)
            - env:
                TITLE: \${{ github.event.issue.title || github.event.pull_request.title }}
              run: python triage.py --title "$TITLE"
    `);
    const run = await runOnText(githubActionsAnalyzer, '.github/workflows/triage.yml', 'yaml', workflow);
    expect(run.inconclusive).toEqual([]);
    expect(run.findings).toEqual([]);
  });

  it('marks invalid YAML inconclusive and still checks what parsed', async () => {
    const run = await runOnText(githubActionsAnalyzer, '.github/workflows/broken.yml', 'yaml', 'on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n      - run: "unterminated\n');
    expect(run.inconclusive).toHaveLength(1);
    expect(run.inconclusive[0]).toMatch(/^invalid YAML at line \d+/);
    expect(run.findings.map((f) => f.ruleId)).toEqual(['github-actions/unpinned-action']);
  });
});
