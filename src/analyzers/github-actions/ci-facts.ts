/**
 * @module The compact fact the file pass keeps about each workflow for the conformance pass: its triggers and
 * their filters, and per job its id, name, needs, condition, and which steps run an evaluation tool or deploy.
 * Plain data, bounded: at most {@link MAX_JOBS} jobs and {@link MAX_STEP_FACTS} steps of each kind per job.
 */
import { deployAction, deployCommands, evalAction, evalCommands } from './ci-tools.js';
import type { EventFilter, StringValue, Workflow } from './workflow.js';

export interface StepFact {
  /** The step's index in the job. */
  readonly step: number;
  /** 1-based line in the workflow. */
  readonly line: number;
  /** The tool run (`promptfoo`) or the deploy (`npm publish`, `pypa/gh-action-pypi-publish`). */
  readonly what: string;
  /** The command or `uses:` value, shortened. */
  readonly text: string;
  /** The step cannot fail the job: `continue-on-error`, `|| true`. */
  readonly soft: boolean;
}

export interface JobFact {
  readonly id: string;
  readonly name?: string;
  readonly line: number;
  readonly needs: readonly string[];
  readonly if?: string;
  /** A reusable workflow the job calls (`./.github/workflows/evals.yml`, `org/repo/.github/workflows/x.yml@ref`). */
  readonly uses?: string;
  readonly continueOnError?: string;
  readonly environment?: string;
  readonly matrix: boolean;
  readonly evals: readonly StepFact[];
  readonly deploys: readonly StepFact[];
}

export interface EventFact extends EventFilter {
  readonly event: string;
  readonly line: number;
}

export interface WorkflowFact {
  readonly name?: string;
  readonly events: readonly EventFact[];
  readonly jobs: readonly JobFact[];
  /** Jobs or steps were left out (over the caps, the walk stopped early, or the YAML is invalid past some point). */
  readonly truncated: boolean;
}

const MAX_JOBS = 300;
const MAX_STEP_FACTS = 20;
const MAX_TEXT = 200;
const MAX_EVENTS = 40;
const MAX_CONDITION = 1000;

const short = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** A truthy `continue-on-error` (`true`, or an expression that may be true). */
export function isSoft(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() !== 'false' && value.trim() !== '';
}

/** The 1-based line of a command inside a `run:` scalar, found in the file as written. */
function commandLine(workflow: Workflow, run: StringValue, command: string): number {
  const raw = workflow.text.slice(run.start, run.end);
  const probe = command.slice(0, 40);
  const at = raw.indexOf(probe);
  return workflow.position(at >= 0 ? run.start + at : run.start).startLine;
}

export function buildWorkflowFact(workflow: Workflow): WorkflowFact {
  let truncated = workflow.truncated;
  const events: EventFact[] = [];
  for (const event of workflow.triggers) {
    if (events.length >= MAX_EVENTS) {
      truncated = true;
      break;
    }
    const at = workflow.triggerAt.get(event);
    events.push({ event: event.slice(0, MAX_TEXT), line: at ? workflow.position(at.start).startLine : 1, ...(workflow.eventFilters.get(event) ?? {}) });
  }
  const jobs: JobFact[] = [];
  for (const job of workflow.jobs) {
    if (jobs.length >= MAX_JOBS) {
      truncated = true;
      break;
    }
    const evals: StepFact[] = [];
    const deploys: StepFact[] = [];
    const add = (list: StepFact[], fact: StepFact) => {
      if (list.length < MAX_STEP_FACTS) list.push(fact);
      else truncated = true;
    };
    for (const step of job.steps) {
      const stepSoft = isSoft(step.continueOnError);
      if (step.uses) {
        const line = workflow.position(step.uses.start).startLine;
        const tool = evalAction(step.uses.value);
        if (tool) add(evals, { step: step.index, line, what: tool, text: short(step.uses.value), soft: stepSoft });
        const deploy = deployAction(step.uses.value, step.scalarWith);
        if (deploy) add(deploys, { step: step.index, line, what: deploy, text: short(step.uses.value), soft: stepSoft });
      }
      if (step.run) {
        for (const match of evalCommands(step.run.value)) {
          add(evals, { step: step.index, line: commandLine(workflow, step.run, match.text), what: match.tool, text: short(match.text), soft: stepSoft || match.soft });
        }
        for (const match of deployCommands(step.run.value)) {
          add(deploys, { step: step.index, line: commandLine(workflow, step.run, match.text), what: match.what, text: short(match.text), soft: stepSoft });
        }
      }
    }
    jobs.push({
      id: job.id.slice(0, MAX_TEXT),
      ...(job.name ? { name: short(job.name.value) } : {}),
      line: workflow.position(job.keyStart).startLine,
      needs: job.needs.slice(0, 50).map(short),
      // Conditions are kept longer: the gate checks read them whole.
      ...(job.condition ? { if: job.condition.value.replace(/\s+/g, ' ').trim().slice(0, MAX_CONDITION) } : {}),
      ...(job.uses ? { uses: short(job.uses.value) } : {}),
      ...(job.continueOnError !== undefined ? { continueOnError: short(job.continueOnError) } : {}),
      ...(job.environment !== undefined ? { environment: short(job.environment) } : {}),
      matrix: job.matrix,
      evals,
      deploys,
    });
  }
  return { ...(workflow.name ? { name: short(workflow.name) } : {}), events, jobs, truncated };
}
