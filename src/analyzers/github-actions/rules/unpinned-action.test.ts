import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { githubActionsAnalyzer } from '../analyzer.js';

const RULE = 'github-actions/unpinned-action';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

async function findings(text: string) {
  const run = await runOnText(githubActionsAnalyzer, '.github/workflows/ci.yml', 'yaml', dedent(text));
  expect(run.inconclusive).toEqual([]);
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags tags, branches, short SHAs, reusable workflows and docker tags in a CI matrix workflow, at the uses value', async () => {
    const found = await findings(`
      name: CI
      on:
        push:
          branches: [main]
        pull_request:
      jobs:
        test:
          runs-on: \${{ matrix.os }}
          strategy:
            matrix:
              os: [ubuntu-latest, macos-latest]
              python: ["3.10", "3.11", "3.12"]
          steps:
            - uses: actions/checkout@v4
            - name: Set up Python
              uses: actions/setup-python@${SHA} # v5.1.0
            - uses: astral-sh/setup-uv@main
            - uses: "pypa/gh-action-pypi-publish@81e9d93"
            - uses: docker://ghcr.io/org/linter:1.4
            - uses: ./.github/actions/cache-models
            - run: uv run pytest -q
        security:
          uses: org/shared-workflows/.github/workflows/scan.yml@v2
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence])).toEqual([
      [14, 15, 'uses: actions/checkout@v4'],
      [17, 15, 'uses: astral-sh/setup-uv@main'],
      [18, 15, 'uses: "pypa/gh-action-pypi-publish@81e9d93"'],
      [19, 15, 'uses: docker://ghcr.io/org/linter:1.4'],
      [23, 11, 'uses: org/shared-workflows/.github/workflows/scan.yml@v2'],
    ]);
    expect(found[0]!.message).toContain('tag or branch v4');
    expect(found[1]!.message).toContain('follows the branch main');
    expect(found[2]!.message).toContain('abbreviated commit');
    expect(found[3]!.message).toContain('@sha256:');
  });

  it('stays quiet for full SHAs, local actions, docker digests, and uses-like text in run scripts and comments', async () => {
    const found = await findings(`
      on: [push]
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            # uses: actions/checkout@v4 was replaced
            - uses: actions/checkout@${SHA}
            - uses: ./local-action
            - uses: docker://alpine@sha256:${'0f'.repeat(32)}
            - run: 'echo "uses: actions/checkout@v4"'
            - uses: org/monorepo/path/to/action@${SHA}
    `);
    expect(found).toEqual([]);
  });

  it('reports a step shared through a YAML anchor once', async () => {
    const found = await findings(`
      on: push
      jobs:
        a:
          runs-on: ubuntu-latest
          steps:
            - &checkout
              uses: actions/checkout@v4
        b:
          runs-on: ubuntu-latest
          steps:
            - *checkout
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([7]);
  });
});
