import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { githubActionsAnalyzer } from '../analyzer.js';

const RULE = 'github-actions/pull-request-target-checkout';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

async function findings(text: string) {
  const run = await runOnText(githubActionsAnalyzer, '.github/workflows/pr.yml', 'yaml', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a pull_request_target workflow that checks out and builds the PR head (map form)', async () => {
    const found = await findings(`
      name: Evaluate model PR
      on:
        pull_request_target:
          types: [opened, synchronize]
      jobs:
        eval:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@${SHA}
              with:
                ref: \${{ github.event.pull_request.head.sha }}
            - run: pip install -e . && python eval.py
              env:
                HF_TOKEN: \${{ secrets.HF_TOKEN }}
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence])).toEqual([
      [11, 16, 'ref: ${{ github.event.pull_request.head.sha }}'],
      [3, 3, 'pull_request_target:'],
    ]);
    expect(found[0]!.message).toContain('This pull_request_target workflow checks out the pull request head');
    expect(found[1]!.message).toBe("This workflow runs on pull_request_target, with the repository's secrets and write token, and checks out pull request code at line 11");
  });

  it('flags the string and list forms, refs/pull merge refs, forks and gh pr checkout', async () => {
    const list = await findings(`
      on: [push, pull_request_target]
      jobs:
        test:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
              with:
                repository: \${{ github.event.pull_request.head.repo.full_name }}
                ref: \${{ github.head_ref }}
            - uses: actions/checkout@v4
              with:
                ref: refs/pull/\${{ github.event.pull_request.number }}/merge
    `);
    expect(list.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[9, 16], [12, 16], [1, 12]]);
    expect(list[2]!.message).toContain('at lines 9, 12');
    const string = await findings(`
      on: pull_request_target
      jobs:
        test:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - name: Try the PR
              run: |
                echo "testing"
                gh pr checkout \${{ github.event.pull_request.number }}
                make test
    `);
    expect(string.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[10, 11], [1, 5]]);
  });

  it('flags workflow_run workflows that check out the triggering head', async () => {
    const found = await findings(`
      on:
        workflow_run:
          workflows: [CI]
          types: [completed]
      jobs:
        report:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
              with:
                ref: \${{ github.event.workflow_run.head_sha }}
    `);
    expect(found.map((f) => [f.location.startLine, f.message.split(',')[0]])).toEqual([
      [11, 'This workflow_run workflow checks out the pull request head (ref: ${{ github.event.workflow_run.head_sha }}): the pull request author\'s code then runs with the repository\'s secrets and write token'],
      [2, 'This workflow runs on workflow_run'],
    ]);
  });

  it('stays quiet for a safe pull_request_target labeler and for pull_request workflows checking out the head', async () => {
    const labeler = await findings(`
      name: Label PRs
      on:
        pull_request_target:
      permissions:
        contents: read
        pull-requests: write
      jobs:
        label:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@${SHA}
            - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9
              with:
                repo-token: \${{ secrets.GITHUB_TOKEN }}
            - run: echo "Thanks for the PR from \${{ github.event.pull_request.head.ref }}" > /dev/null
    `);
    expect(labeler).toEqual([]);
    const unprivileged = await findings(`
      on: pull_request
      jobs:
        test:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
              with:
                ref: \${{ github.event.pull_request.head.sha }}
    `);
    expect(unprivileged).toEqual([]);
    const sameRepository = await findings(`
      on: pull_request_target
      jobs:
        preview:
          if: github.event.pull_request.head.repo.full_name == github.repository
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
              with:
                ref: \${{ github.event.pull_request.head.sha }}
    `);
    expect(sameRepository).toEqual([]);
  });
});
