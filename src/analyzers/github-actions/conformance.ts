/**
 * @module Conformance evidence from the workflows of a project (`aigis check`): which evaluation tools CI runs
 * (`evaluation-config`), whether every deploy or publish job waits for an evaluation job (`release-gate`),
 * whether evaluations run on a schedule (`scheduled-evaluation`) and when prompts, models and data change
 * (`evals-on-change`). Works from the facts the file pass kept; strict: what cannot be verified is a shortfall.
 *
 * Reusable workflows: a job that calls a local one (`uses: ./.github/workflows/evals.yml`) is resolved to that
 * file when it was scanned, and counts as an evaluation (or deploy) job when the called workflow has one. A
 * remote reusable workflow (`org/repo/...@ref`) cannot be read and never counts.
 *
 * Cross-workflow gates: a deploy job in a workflow started by `on: workflow_run` counts as gated when its `if:`
 * (or that of a job it needs) requires `github.event.workflow_run.conclusion == 'success'` without an `||`, and
 * every workflow named under `workflow_run.workflows` was found (by `name:`) and has an evaluation job. When a
 * named workflow is not among the scanned files, the gate cannot be verified and is a shortfall.
 */
import picomatch from 'picomatch';
import type { ProjectContext, ProjectInput } from '../../core/analyzer.js';
import type { JobFact, WorkflowFact } from './ci-facts.js';
import { isSoft } from './ci-facts.js';
import { deployEnvironment, deployName } from './ci-tools.js';
import { isModelFile } from '../../core/model-file.js';
import { clip as clipText, listSome } from '../../lib/listing.js';

interface Wf {
  readonly path: string;
  /** The repository folder the workflow belongs to (`''` or `services/api`). */
  readonly root: string;
  readonly file: string;
  readonly fact: WorkflowFact;
}

const MAX_LINE = 299;
const MAX_DEPTH = 4;
const CHANGE_EVENTS = ['pull_request', 'push', 'pull_request_target'] as const;
/** When the inventory has no prompt, model or dataset files, filters are tried against these. */
const SAMPLE_PATHS = ['prompts/system.md', 'prompts/agent.prompt', 'models/config.json', 'model/config.yaml', 'data/eval.jsonl', 'datasets/train.csv', 'promptfooconfig.yaml'];
const EVAL_CONFIG_FILE = /(^|\/)promptfooconfig\.(?:ya?ml|json|js|ts)$/i;
const OVERRIDE = /\b(?:always|failure|cancelled)\s*\(\s*\)/;
const MAX_CONDITION = 1000;

const clip = (text: string) => clipText(text, MAX_LINE);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a job's `if:` lets it run on this event (a plain reading of `github.event_name` comparisons). */
function runsOnEvent(job: JobFact, event: string): boolean {
  const condition = job.if;
  if (!condition) return true;
  if (new RegExp(`github\\.event_name\\s*!=\\s*['"]${escapeRegExp(event)}['"]`).test(condition)) return false;
  const named = [...condition.matchAll(/github\.event_name\s*==\s*['"]([\w-]+)['"]/g)].map((match) => match[1]);
  return named.length === 0 || named.includes(event);
}

/** GitHub's `**` also matches inside a segment (`**.prompt`); picomatch wants it as a whole segment. */
function toPicomatch(pattern: string): string {
  return pattern.replace(/(^|\/)\*\*(?=[^/])/g, '$1**/*').replace(/^\.\//, '');
}

const matchers = new Map<string, (path: string) => boolean>();

function matcher(pattern: string): (path: string) => boolean {
  let match = matchers.get(pattern);
  if (!match) {
    try {
      match = picomatch(toPicomatch(pattern), { dot: true });
    } catch {
      match = () => false;
    }
    if (matchers.size > 5_000) matchers.clear();
    matchers.set(pattern, match);
  }
  return match;
}

type Trigger = 'triggered' | 'not-matched' | 'excluded';

/** Whether a change to `path` starts the workflow for an event with these filters (GitHub's order: the last matching pattern wins). */
function triggers(filter: { paths?: readonly string[]; pathsIgnore?: readonly string[] }, path: string): Trigger {
  const lastMatch = (patterns: readonly string[]): boolean | undefined => {
    let result: boolean | undefined;
    for (const pattern of patterns) {
      const negated = pattern.startsWith('!');
      if (matcher(negated ? pattern.slice(1) : pattern)(path)) result = !negated;
    }
    return result;
  };
  if (filter.paths) {
    const result = lastMatch(filter.paths);
    return result === true ? 'triggered' : result === false ? 'excluded' : 'not-matched';
  }
  if (filter.pathsIgnore) return lastMatch(filter.pathsIgnore) === true ? 'excluded' : 'triggered';
  return 'triggered';
}

export function recordEvidence(project: ProjectInput<WorkflowFact>, context: ProjectContext): void {
  const workflows: Wf[] = [];
  for (const entry of project.facts) {
    if (entry.member !== undefined) continue; // a workflow inside an archive is not this project's CI
    const match = /^(.*?)(?:^|\/)\.github\/workflows\/([^/]+)$/.exec(entry.path);
    if (!match) continue;
    workflows.push({ path: entry.path, root: match[1] ?? '', file: match[2]!, fact: entry.fact });
  }
  if (workflows.length === 0) return;
  const byPath = new Map(workflows.map((wf) => [wf.path, wf]));
  const jobOf = (wf: Wf, id: string) => wf.fact.jobs.find((job) => job.id === id);

  const callee = (wf: Wf, job: JobFact): Wf | undefined => {
    if (!job.uses?.startsWith('./')) return undefined;
    const target = job.uses.slice(2).split('@')[0]!;
    return byPath.get(wf.root ? `${wf.root}/${target}` : target);
  };

  /** The tool an evaluation job runs such that a failure fails the job; undefined when it is not one. */
  /**
   * Results per workflow, job and question, so that reusable workflows calling each other (or themselves)
   * are walked once; a question being answered answers "no" to itself, which breaks cycles.
   */
  const memo = new Map<string, unknown>();
  function remember<T>(key: string, busy: T, compute: () => T): T {
    if (memo.has(key)) return memo.get(key) as T;
    memo.set(key, busy);
    const value = compute();
    memo.set(key, value);
    return value;
  }
  const keyOf = (question: string, wf: Wf, job: JobFact) => `${question}\u0000${wf.path}\u0000${job.id}`;

  const evalJob = (wf: Wf, job: JobFact, hardOnly: boolean, depth = 0): string | undefined =>
    remember(keyOf(hardOnly ? 'hard' : 'any', wf, job), undefined, () => evalJobOf(wf, job, hardOnly, depth));
  const evalJobOf = (wf: Wf, job: JobFact, hardOnly: boolean, depth: number): string | undefined => {
    if (hardOnly && isSoft(job.continueOnError)) return undefined;
    const step = job.evals.find((s) => !hardOnly || !s.soft);
    if (step) return step.what;
    const called = depth < MAX_DEPTH ? callee(wf, job) : undefined;
    if (called) {
      for (const inner of called.fact.jobs) {
        const tool = evalJob(called, inner, hardOnly, depth + 1);
        if (tool) return `${tool} via ${called.file}`;
      }
    }
    return undefined;
  };

  /** Why a job counts as deploying; undefined when it does not. */
  const deployJob = (wf: Wf, job: JobFact, depth = 0): string | undefined => remember(keyOf('deploy', wf, job), undefined, () => deployJobOf(wf, job, depth));
  const deployJobOf = (wf: Wf, job: JobFact, depth: number): string | undefined => {
    if (job.deploys.length > 0) return job.deploys[0]!.what;
    const called = depth < MAX_DEPTH ? callee(wf, job) : undefined;
    if (called) {
      const inner = called.fact.jobs.find((j) => deployJob(called, j, depth + 1) !== undefined);
      if (inner) return `calls ${called.file}`;
    }
    // A job that runs evaluations and no deploy command is an evaluation job, whatever its name.
    if (job.evals.length > 0 || (called && evalJob(wf, job, false, depth) !== undefined)) return undefined;
    if (deployName(job.id) || (job.name !== undefined && deployName(job.name))) return 'named for it';
    if (job.environment !== undefined && deployEnvironment(job.environment)) return `environment ${job.environment}`;
    return undefined;
  };

  /** Only called from other workflows: its jobs are judged where they are called. */
  const calleeOnly = (wf: Wf) => wf.fact.events.length > 0 && wf.fact.events.every((event) => event.event === 'workflow_call');

  const workflowNamed = (root: string, name: string) =>
    workflows.filter((wf) => wf.root === root && (wf.fact.name === name || (wf.fact.name === undefined && (wf.path === name || wf.path.endsWith(`/${name}`)))));

  interface Gate {
    readonly by?: string;
    readonly why?: string;
  }

  /** What gates a deploy job on an evaluation, or why nothing does. */
  const gate = (wf: Wf, job: JobFact, depth = 0): Gate => remember<Gate>(keyOf('gate', wf, job), {}, () => gateOf(wf, job, depth));
  const gateOf = (wf: Wf, job: JobFact, depth: number): Gate => {
    // Evaluation steps before the deploy steps of the same job: a failing evaluation stops the job.
    if (!isSoft(job.continueOnError)) {
      const firstDeploy = Math.min(...job.deploys.map((s) => s.step), Number.MAX_SAFE_INTEGER);
      const before = job.evals.find((s) => !s.soft && s.step < firstDeploy);
      if (before) return { by: `runs ${before.what} before deploying, in the same job` };
    }
    // A called deploy workflow that gates its own deploy jobs.
    const called = depth < MAX_DEPTH ? callee(wf, job) : undefined;
    if (called) {
      const inner = called.fact.jobs.filter((j) => deployJob(called, j, depth + 1) !== undefined);
      const gates = inner.map((j) => gate(called, j, depth + 1));
      if (inner.length > 0 && gates.every((g) => g.by)) return { by: `${called.file}: ${gates[0]!.by}` };
    }
    // needs, followed through jobs whose `if:` does not let them run when what they need failed.
    const parent = new Map<string, string>();
    const queue: JobFact[] = [job];
    const seen = new Set([job.id]);
    const closure: JobFact[] = [];
    let overridden: string | undefined;
    while (queue.length > 0) {
      const current = queue.shift()!;
      closure.push(current);
      const condition = current.if ?? '';
      const override = OVERRIDE.test(condition);
      for (const need of current.needs) {
        if (seen.has(need)) continue;
        if (override && !new RegExp(`needs\\.${escapeRegExp(need)}\\.result\\s*==\\s*['"]success['"]`).test(condition)) {
          overridden ??= `job ${current.id} has if: ${condition.slice(0, 60)}, so it runs even when ${need} fails`;
          continue;
        }
        const needed = jobOf(wf, need);
        if (!needed) continue;
        seen.add(need);
        parent.set(need, current.id);
        const tool = evalJob(wf, needed, true);
        if (tool) {
          const chain = [need];
          for (let at = current.id; at !== job.id; at = parent.get(at)!) chain.unshift(at);
          return { by: `needs ${chain.join(' → ')} (${tool})` };
        }
        queue.push(needed);
      }
    }
    // A workflow started by another one finishing, run only when it succeeded.
    const run = wf.fact.events.find((event) => event.event === 'workflow_run');
    if (run) {
      const gated = closure.some((j) => {
        const condition = j.if ?? '';
        return condition.length < MAX_CONDITION && !condition.includes('||') && /github\.event\.workflow_run\.conclusion\s*==\s*['"]success['"]/.test(condition);
      });
      const names = run.workflows ?? [];
      if (gated && names.length > 0) {
        const missing = names.filter((name) => workflowNamed(wf.root, name).length === 0);
        if (missing.length > 0) return { why: `it runs after workflow ${listSome(missing.map((n) => `"${n}"`), 3)} succeeds, which aigis did not find among the scanned workflows, so the evaluation gate could not be verified` };
        const withoutEvals = names.filter((name) => !workflowNamed(wf.root, name).some((other) => other.fact.jobs.some((j) => evalJob(other, j, true))));
        if (withoutEvals.length === 0) {
          const other = workflowNamed(wf.root, names[0]!)[0]!;
          const tool = other.fact.jobs.map((j) => evalJob(other, j, true)).find(Boolean);
          return { by: `runs only after workflow "${names[0]}" (${other.file}, ${tool}) succeeds (workflow_run)` };
        }
        return { why: `it runs after workflow ${listSome(withoutEvals.map((n) => `"${n}"`), 3)}, which runs no evaluation` };
      }
      if (names.length > 0) return { why: `it runs on workflow_run without an if: requiring github.event.workflow_run.conclusion == 'success'` };
    }
    if (OVERRIDE.test(job.if ?? '')) return { why: `its if: ${(job.if ?? '').slice(0, 60)} lets it run when what it needs fails` };
    return overridden ? { why: overridden } : {};
  };

  // --- evaluation-config: CI runs an evaluation tool.
  const evalRuns: { wf: Wf; job: JobFact; tool: string; line: number }[] = [];
  for (const wf of workflows) {
    for (const job of wf.fact.jobs) {
      const step = job.evals[0];
      if (step) evalRuns.push({ wf, job, tool: step.what, line: step.line });
    }
  }
  if (evalRuns.length > 0) {
    const first = evalRuns[0]!;
    context.evidence({
      check: 'evaluation-config',
      summary: clip(`CI runs evaluation tools: ${listSome(evalRuns.map((r) => `${r.tool} in ${r.wf.file} (job ${r.job.id})`), 4)}`),
      location: { path: first.wf.path, startLine: first.line },
    });
  }

  // --- release-gate: every deploy job waits for an evaluation.
  const deploys: { wf: Wf; job: JobFact; reason: string; gate: Gate }[] = [];
  for (const wf of workflows) {
    if (calleeOnly(wf)) continue;
    for (const job of wf.fact.jobs) {
      const reason = deployJob(wf, job);
      if (reason) deploys.push({ wf, job, reason, gate: gate(wf, job) });
    }
  }
  if (deploys.length > 0) {
    const ungated = deploys.filter((d) => !d.gate.by);
    const gated = deploys.filter((d) => d.gate.by);
    const describe = (d: (typeof deploys)[number]) => `${d.wf.file} job ${d.job.id}`;
    const partial = workflows.filter((wf) => wf.fact.truncated);
    if (ungated.length === 0) {
      context.evidence({
        check: 'release-gate',
        summary: clip(`Deploy jobs wait for evaluations: ${listSome(gated.map((d) => `${describe(d)} ${d.gate.by}`), 3)}`),
        location: { path: gated[0]!.wf.path, startLine: gated[0]!.job.line },
        // A job past the caps could be an ungated deploy: not verified, so not claimed.
        ...(partial.length > 0 ? { shortfall: clip(`${listSome(partial.map((wf) => wf.file), 3)} could not be read whole (invalid YAML, or over 300 jobs), so not every deploy job was checked`) } : {}),
      });
    } else {
      const first = ungated[0]!;
      const others = ungated.length > 1 ? `; also ${listSome(ungated.slice(1).map(describe), 3)}` : '';
      context.evidence({
        check: 'release-gate',
        summary: clip(`${deploys.length} deploy or publish job(s) in CI: ${listSome(deploys.map((d) => `${describe(d)} (${d.reason})`), 4)}${gated.length > 0 ? `; gated: ${listSome(gated.map(describe), 3)}` : ''}`),
        location: { path: first.wf.path, startLine: first.job.line },
        shortfall: clip(`deploy job ${first.job.id} (${first.wf.file}) ${first.gate.why ? `is not gated: ${first.gate.why}` : 'does not need any job that runs an evaluation or red-team tool'}${others}`),
      });
    }
  }

  // Evaluation jobs of workflows that run on their own (not only when called), with the tool.
  const evalJobs: { wf: Wf; job: JobFact; tool: string }[] = [];
  for (const wf of workflows) {
    if (calleeOnly(wf)) continue;
    for (const job of wf.fact.jobs) {
      const tool = evalJob(wf, job, false);
      if (tool) evalJobs.push({ wf, job, tool });
    }
  }
  if (evalJobs.length === 0) return;
  const triggersOf = (wf: Wf) => listSome(wf.fact.events.map((e) => e.event), 4) || 'no trigger';

  // --- scheduled-evaluation.
  const scheduled = evalJobs.filter(({ wf, job }) => wf.fact.events.some((e) => e.event === 'schedule' && (e.crons?.length ?? 0) > 0) && runsOnEvent(job, 'schedule'));
  if (scheduled.length > 0) {
    const { wf, job } = scheduled[0]!;
    const crons = wf.fact.events.find((e) => e.event === 'schedule')?.crons ?? [];
    context.evidence({
      check: 'scheduled-evaluation',
      summary: clip(`Evaluations run on a schedule: ${listSome(scheduled.map((s) => `${s.tool} in ${s.wf.file} (job ${s.job.id})`), 3)}, cron ${listSome(crons.map((c) => `"${c}"`), 2)}`),
      location: { path: wf.path, startLine: job.line },
    });
  } else {
    const { wf, job } = evalJobs[0]!;
    context.evidence({
      check: 'scheduled-evaluation',
      summary: clip(`CI runs evaluations: ${listSome(evalJobs.map((e) => `${e.tool} in ${e.wf.file} (on ${triggersOf(e.wf)})`), 3)}`),
      location: { path: wf.path, startLine: job.line },
      shortfall: 'no workflow runs the evaluations on a schedule (on: schedule with a cron)',
    });
  }

  // --- evals-on-change.
  recordEvalsOnChange(project, context, evalJobs, triggersOf);
}

function recordEvalsOnChange(
  project: ProjectInput<WorkflowFact>,
  context: ProjectContext,
  evalJobs: readonly { wf: Wf; job: JobFact; tool: string }[],
  triggersOf: (wf: Wf) => string,
): void {
  interface Candidate {
    readonly wf: Wf;
    readonly job: JobFact;
    readonly tool: string;
    readonly event: string;
    readonly line: number;
    readonly filter: { paths?: readonly string[]; pathsIgnore?: readonly string[] };
  }
  const candidates: Candidate[] = [];
  let tagsOnly: Wf | undefined;
  for (const { wf, job, tool } of evalJobs) {
    for (const event of wf.fact.events) {
      if (!(CHANGE_EVENTS as readonly string[]).includes(event.event) || !runsOnEvent(job, event.event)) continue;
      // A push filtered to tags only runs on releases, not on changes.
      if (event.event === 'push' && (event.tags || event.tagsIgnore) && !event.branches && !event.branchesIgnore) {
        tagsOnly ??= wf;
        continue;
      }
      const filter = { ...(event.paths ? { paths: event.paths } : {}), ...(event.pathsIgnore ? { pathsIgnore: event.pathsIgnore } : {}) };
      candidates.push({ wf, job, tool, event: event.event, line: event.line, filter });
    }
  }
  if (candidates.length === 0) {
    const { wf, job } = evalJobs[0]!;
    context.evidence({
      check: 'evals-on-change',
      summary: clip(`CI runs evaluations: ${listSome(evalJobs.map((e) => `${e.tool} in ${e.wf.file} (on ${triggersOf(e.wf)})`), 3)}`),
      location: { path: wf.path, startLine: job.line },
      shortfall: tagsOnly
        ? `evaluations run only on tag pushes (${tagsOnly.file}) or other non-change triggers, not when prompts, models or datasets change (no pull_request or branch push trigger)`
        : 'no evaluation workflow runs on pull_request or push, so changes to prompts, models or datasets are not evaluated',
    });
    return;
  }
  const unfiltered = candidates.find((c) => !c.filter.paths && !c.filter.pathsIgnore);
  if (unfiltered) {
    context.evidence({
      check: 'evals-on-change',
      summary: clip(`${unfiltered.wf.file} runs ${unfiltered.tool} (job ${unfiltered.job.id}) on every ${unfiltered.event}, without path filters`),
      location: { path: unfiltered.wf.path, startLine: unfiltered.line },
    });
    return;
  }

  // Every filter is tried against the AI files the inventory found (and eval configs), relative to each repository.
  const roots = [...new Set(candidates.map((c) => c.wf.root))];
  const probesOf = (root: string): { paths: string[]; fromInventory: boolean } => {
    const relative = (path: string) => (root === '' ? path : path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined);
    const paths = new Set<string>();
    // Prompt, dataset and model files only: a prompt or model id written in code changes with the code, which
    // evaluations on prompt and model paths are not meant to follow.
    for (const asset of project.assets) {
      if (asset.location.member !== undefined || !['prompt', 'model', 'dataset'].includes(asset.kind) || asset.properties?.['source'] !== 'file') continue;
      const path = relative(asset.location.path);
      if (path !== undefined && !path.startsWith('.github/')) paths.add(path);
    }
    for (const file of project.files) {
      const path = relative(file.path);
      if (path !== undefined && (EVAL_CONFIG_FILE.test(path) || isModelFile(file))) paths.add(path);
    }
    return paths.size > 0 ? { paths: [...paths].sort().slice(0, 500), fromInventory: true } : { paths: SAMPLE_PATHS, fromInventory: false };
  };
  const rank: Record<Trigger, number> = { excluded: 0, 'not-matched': 1, triggered: 2 };
  // One filter per workflow and event, however many evaluation jobs it has.
  const filtersOf = new Map<string, Candidate[]>();
  const seenFilters = new Set<string>();
  for (const candidate of candidates) {
    const key = `${candidate.wf.path}\u0000${candidate.event}`;
    if (seenFilters.has(key)) continue;
    seenFilters.add(key);
    filtersOf.set(candidate.wf.root, [...(filtersOf.get(candidate.wf.root) ?? []), candidate]);
  }
  const uncovered: string[] = [];
  const covered: string[] = [];
  let inventory = false;
  for (const root of roots) {
    const { paths, fromInventory } = probesOf(root);
    inventory ||= fromInventory;
    const states = paths.map((path) => {
      let best: Trigger = 'excluded';
      for (const candidate of filtersOf.get(root) ?? []) {
        const state = triggers(candidate.filter, path);
        if (rank[state] > rank[best]) best = state;
      }
      return { path: root ? `${root}/${path}` : path, state: best };
    });
    covered.push(...states.filter((s) => s.state === 'triggered').map((s) => s.path));
    // From the inventory every file must trigger; for the sample paths, one must and none may be excluded.
    if (fromInventory) uncovered.push(...states.filter((s) => s.state !== 'triggered').map((s) => s.path));
    else if (states.every((s) => s.state !== 'triggered')) uncovered.push(...states.map((s) => s.path));
    else uncovered.push(...states.filter((s) => s.state === 'excluded').map((s) => s.path));
  }
  const describe = (c: Candidate) => {
    const filter = c.filter.paths ? `paths: ${listSome(c.filter.paths, 4)}` : `paths-ignore: ${listSome(c.filter.pathsIgnore ?? [], 4)}`;
    return `${c.wf.file} on ${c.event} (${filter})`;
  };
  const first = candidates[0]!;
  const summary = clip(`Evaluations (${listSome(candidates.map((c) => c.tool), 3)}) run on change with path filters: ${listSome(candidates.map(describe), 2)}`);
  if (uncovered.length === 0) {
    context.evidence({
      check: 'evals-on-change',
      summary: clip(`${summary}; they cover ${inventory ? 'the AI files found' : 'prompt, model or data paths'}: ${listSome(covered, 3)}`),
      location: { path: first.wf.path, startLine: first.line },
    });
  } else {
    context.evidence({
      check: 'evals-on-change',
      summary,
      location: { path: first.wf.path, startLine: first.line },
      shortfall: clip(`changes to ${listSome(uncovered, 4)} do not start an evaluation workflow (the path filters leave them out)`),
    });
  }
}
