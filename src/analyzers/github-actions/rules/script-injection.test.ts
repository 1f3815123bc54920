import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { githubActionsAnalyzer } from '../analyzer.js';
import { untrustedContext } from '../contexts.js';

const RULE = 'github-actions/script-injection';

async function findings(text: string) {
  const run = await runOnText(githubActionsAnalyzer, '.github/workflows/triage.yaml', 'yaml', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

/** The line of a finding and the file text from its column on: what the position points at. */
function pointsAt(text: string, finding: { location: { startLine?: number; startColumn?: number } }) {
  const line = dedent(text).split('\n')[finding.location.startLine! - 1]!;
  return [finding.location.startLine, line.slice(finding.location.startColumn! - 1, finding.location.startColumn! + 40)];
}

describe(RULE, () => {
  it('flags issue and PR text interpolated into run scripts, at the expression inside a block scalar', async () => {
    const workflow = `
      name: LLM triage
      on:
        issues:
          types: [opened]
        pull_request_target:
      permissions:
        issues: write
      jobs:
        triage:
          runs-on: ubuntu-latest
          steps:
            - name: Ask the model for labels
              env:
                OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
              run: |
                echo "Triaging #\${{ github.event.issue.number }}"
                python triage.py --title "\${{ github.event.issue.title }}" \\
                  --body '\${{ github.event.issue.body }}'
            - run: echo "branch \${{ github.head_ref }}"
            - run: git log -1 --format=%s | grep -q "\${{ github.event.head_commit.message }}"
            - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea
              with:
                script: |
                  const body = \`\${{ github.event.comment.body }}\`
                  await github.rest.issues.createComment({ ...context.repo, issue_number: 1, body })
    `;
    const found = await findings(workflow);
    expect(found.map((f) => pointsAt(workflow, f))).toEqual([
      [17, '${{ github.event.issue.title }}" \\'],
      [18, "${{ github.event.issue.body }}'"],
      [19, '${{ github.head_ref }}"'],
      [20, '${{ github.event.head_commit.message }}"'],
      [24, '${{ github.event.comment.body }}`'],
    ]);
    expect(found[0]!.message).toContain('${{ github.event.issue.title }}');
    expect(found[0]!.message).toContain('the author of the issue, pull request or discussion');
    expect(found[4]!.message).toContain('The github-script script');
    expect(found[0]!.evidence).toBe('python triage.py --title "${{ github.event.issue.title }}" \\');
  });

  it('stays quiet for values passed through env, trusted contexts, if conditions and other actions\' inputs', async () => {
    const found = await findings(`
      on: issues
      jobs:
        triage:
          if: contains(github.event.issue.title, '[bug]')
          runs-on: ubuntu-latest
          steps:
            - env:
                TITLE: \${{ github.event.issue.title }}
                BODY: \${{ github.event.issue.body }}
              run: |
                python triage.py --title "$TITLE" --body "$BODY"
                echo "\${{ github.event.issue.number }} by \${{ github.actor }} on \${{ github.ref_name }}"
                echo "\${{ toJSON(github.event.issue.labels.*.name) }}"
            - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9
              with:
                configuration-path: \${{ github.event.issue.title }}
            - uses: some/other-action@8558fd74291d67161a8a78ce36a881fa63b766a9
              with:
                script: \${{ github.event.issue.title }}
    `);
    expect(found).toEqual([]);
  });

  it('recognises bracket notation, whole event objects and workflow_run fields', () => {
    expect(untrustedContext("github.event['pull_request']['title']")?.context).toBe('github.event.pull_request.title');
    expect(untrustedContext('toJSON(github.event.issue)')?.context).toBe('github.event.issue');
    expect(untrustedContext('toJSON(github.event)')?.context).toBe('github.event');
    expect(untrustedContext('github.event.workflow_run.head_branch')).toBeDefined();
    expect(untrustedContext('github.event.commits[0].message')?.context).toBe('github.event.commits.0.message');
    expect(untrustedContext('github.event.issue.number')).toBeUndefined();
    expect(untrustedContext('github.event.pull_request.head.sha')).toBeUndefined();
    expect(untrustedContext('github.event_name')).toBeUndefined();
  });
});
