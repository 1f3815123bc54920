import type { WorkflowRule } from '../rule.js';
import { lineEvidence } from '../rule.js';
import type { StringValue } from '../workflow.js';

/** Triggers that run with the base repository's secrets and a write token, yet can be started by outsiders. */
const PRIVILEGED = ['pull_request_target', 'workflow_run', 'issue_comment'];

/** Expressions and refs naming the code an outsider pushed. */
const HEAD = /github\.event\.pull_request\.head\.(sha|ref|repo\.full_name)|github\.head_ref|github\.event\.pull_request\.merge_commit_sha|github\.event\.workflow_run\.(head_sha|head_branch|head_repository\.full_name)|refs\/pull\/|\bpull\/[^/\s]+\/(head|merge)\b/i;
/** Shell commands that fetch or switch to a pull request's code. */
const SHELL_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|checkout|switch|pull)\b[^\n;&|]*(github\.event\.pull_request\.head|github\.head_ref|github\.event\.workflow_run\.head_|refs\/pull\/|\bpull\/)/i;

/** An `if:` that admits only pull requests from branches of the repository itself, not from forks. */
const SAME_REPOSITORY_ONLY = /head\.repo\.full_name\s*==\s*github\.repository\b|\bgithub\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork\b/i;

export const pullRequestTargetCheckout: WorkflowRule = {
  meta: {
    id: 'github-actions/pull-request-target-checkout',
    title: 'Privileged workflow checks out pull request code',
    severity: 'critical',
    principle: '3.1',
    references: { cwe: ['CWE-829'] },
    description:
      '`pull_request_target` (and `workflow_run` and `issue_comment`) run in the context of the base repository: with its secrets and a token that can write to it, even for pull requests from forks. Checking out the pull request\'s head (`ref: ${{ github.event.pull_request.head.sha }}`, `github.head_ref`, `refs/pull/N/merge`, `gh pr checkout`) and then building, testing or installing it runs the outsider\'s code with those privileges: the "pwn request". Stealing a PyPI, Hugging Face or cloud token from a release pipeline this way is a known path to poisoned packages and models. The checkout alone is reported; what runs afterwards (npm install, pip install, make, a test script) is code from the pull request. A pull_request_target workflow that does not check out the head (a labeler, a welcome comment) is not reported, nor a job or step whose `if:` admits only pull requests from the repository itself (`github.event.pull_request.head.repo.full_name == github.repository`); a label gate is still reported, since the code can change after the label is set. Related rules: zizmor dangerous-triggers, CodeQL actions/untrusted-checkout.',
    fix: 'Run untrusted code under `on: pull_request` (no secrets, read-only token) and pass results to a privileged `workflow_run` job as artifacts that are treated as data; if the privileged job must see the head, check it out without running anything from it, with `persist-credentials: false` and `permissions:` reduced to the minimum.',
  },
  check(workflow, _settings, report) {
    const trigger = PRIVILEGED.find((name) => workflow.triggers.has(name));
    if (!trigger) return;
    const seen = new Set<number>();
    const lines: number[] = [];
    const flag = (value: StringValue, what: string, needle?: string) => {
      // In a script, point at the command's own line when it is written as parsed.
      const at = needle === undefined ? -1 : workflow.text.indexOf(needle, value.start);
      const [start, end] = at >= 0 && at < value.end ? [at, at + needle!.length] : [value.start, value.end];
      if (seen.has(start)) return;
      seen.add(start);
      lines.push(workflow.position(start).startLine);
      report({
        message: `This ${trigger} workflow ${what}: the pull request author's code then runs with the repository's secrets and write token`,
        evidence: lineEvidence(workflow, start),
        position: workflow.position(start, end),
      });
    };
    for (const job of workflow.jobs) {
      if (job.condition && SAME_REPOSITORY_ONLY.test(job.condition.value)) continue;
      for (const step of job.steps) {
        if (step.condition && SAME_REPOSITORY_ONLY.test(step.condition.value)) continue;
        if (step.uses && /^actions\/checkout@/i.test(step.uses.value.trim())) {
          const ref = step.with.get('ref');
          const repository = step.with.get('repository');
          if (ref && HEAD.test(ref.value)) flag(ref, `checks out the pull request head (ref: ${ref.value.trim()})`);
          else if (repository && HEAD.test(repository.value)) flag(repository, `checks out the pull request's fork (repository: ${repository.value.trim()})`);
        }
        if (step.run) {
          const match = SHELL_CHECKOUT.exec(step.run.value);
          if (match) flag(step.run, `fetches the pull request's code in a run step (${match[0].trim()})`, match[0]);
        }
      }
    }
    // The trigger is where the fix usually goes: it gets the finding too, naming the checkouts.
    const at = workflow.triggerAt.get(trigger);
    if (lines.length > 0 && at) {
      report({
        message: `This workflow runs on ${trigger}, with the repository's secrets and write token, and checks out pull request code at line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}`,
        evidence: lineEvidence(workflow, at.start),
        position: workflow.position(at.start, at.end),
      });
    }
  },
};
