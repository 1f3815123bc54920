import type { WorkflowRule } from '../rule.js';
import { evidence } from '../rule.js';
import type { StringValue } from '../workflow.js';

const COMMIT = /^[0-9a-f]{40}$/;
const BRANCHES = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'head', 'latest', 'stable', 'release', 'nightly']);

/** What is wrong with a `uses:` reference, or undefined when it is pinned or local. */
function problem(uses: string, allowOwners: readonly string[]): string | undefined {
  const value = uses.trim();
  if (value.startsWith('./') || value.startsWith('.\\') || value.includes('${{')) return undefined;
  if (value.toLowerCase().startsWith('docker://')) {
    if (/@sha256:[0-9a-f]{64}$/.test(value)) return undefined;
    return `${value} is a container image referenced by tag: its publisher can replace what runs in the job; pin it with @sha256:<digest>`;
  }
  const at = value.lastIndexOf('@');
  if (at <= 0) return undefined; // GitHub rejects it anyway
  const action = value.slice(0, at);
  const ref = value.slice(at + 1);
  const owner = action.split('/')[0]!.toLowerCase();
  if (allowOwners.some((allowed) => allowed.toLowerCase() === owner)) return undefined;
  if (COMMIT.test(ref)) return undefined;
  if (/^[0-9a-f]{7,39}$/.test(ref)) return `${value} uses an abbreviated commit: pin the full 40-character SHA, which no one can make point elsewhere`;
  if (BRANCHES.has(ref.toLowerCase())) return `${value} follows the branch ${ref}: every run executes whatever was pushed to it last, with the job's token and secrets`;
  return `${value} is pinned to the tag or branch ${ref}, which the action's owner (or anyone who takes over the repository) can move to other code that then runs with the job's token and secrets`;
}

export const unpinnedAction: WorkflowRule = {
  meta: {
    id: 'github-actions/unpinned-action',
    title: 'Action not pinned to a commit SHA',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-829'], owaspLlm: ['LLM03:2025'] },
    description:
      'A `uses: owner/repo@v4` reference resolves the tag at every run. Tags and branches move: in March 2025 the tags of tj-actions/changed-files were repointed to code that dumped CI secrets of thousands of repositories. Only a full 40-character commit SHA fixes the code that runs with the job\'s GITHUB_TOKEN, secrets and publishing rights (for an AI project, model registry and package tokens). Every owner is reported by default, GitHub\'s own `actions/*` included: they are lower risk, and their owners can be allowed with the `allowOwners` setting, but pinning them costs nothing with Dependabot or Renovate keeping the SHAs current. Reusable workflows (`jobs.<id>.uses`) and `docker://` images are checked too; local actions (`./path`) are not. Related rules: zizmor unpinned-uses, OpenSSF Scorecard Pinned-Dependencies.',
    fix: 'Pin the commit and keep the version as a comment: `uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2`; let Dependabot (`package-ecosystem: github-actions`) or Renovate update it. Pin `docker://` images with `@sha256:<digest>`.',
  },
  check(workflow, settings, report) {
    const seen = new Set<number>();
    const check = (uses: StringValue | undefined) => {
      if (!uses || seen.has(uses.start)) return;
      seen.add(uses.start);
      const message = problem(uses.value, settings.allowOwners);
      if (message) report({ message, evidence: `uses: ${evidence(workflow, uses.start, uses.end)}`, position: workflow.position(uses.start, uses.end) });
    };
    for (const job of workflow.jobs) {
      check(job.uses);
      for (const step of job.steps) check(step.uses);
    }
  },
};
