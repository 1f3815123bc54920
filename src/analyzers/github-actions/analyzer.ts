/**
 * @module github-actions: workflow files under `.github/workflows/`, read from the YAML syntax tree with
 * positions. Flags actions not pinned to a commit, privileged triggers that check out pull request code, and
 * attacker-controlled event text interpolated into scripts. Nothing is run.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { FileCandidate } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { WorkflowRule, WorkflowSettings } from './rule.js';
import { pullRequestTargetCheckout } from './rules/pull-request-target-checkout.js';
import { scriptInjection } from './rules/script-injection.js';
import { unpinnedAction } from './rules/unpinned-action.js';
import type { WorkflowFact } from './ci-facts.js';
import { buildWorkflowFact } from './ci-facts.js';
import { recordEvidence } from './conformance.js';
import { buildWorkflow } from './workflow.js';

export const GITHUB_ACTIONS_RULES: readonly WorkflowRule[] = [pullRequestTargetCheckout, scriptInjection, unpinnedAction];

/** Workflows are a few kilobytes; the largest real ones stay well under this. */
const MAX_BYTES = 256 * 1024;
const WORKFLOW_PATH = /(^|[/!])\.github\/workflows\/[^/!]+\.ya?ml$/i;

export function isWorkflowPath(file: Pick<FileCandidate, 'path' | 'member'>): boolean {
  return WORKFLOW_PATH.test((file.member ?? file.path).replaceAll('\\', '/'));
}

/** Flow collections nested this deep are not a workflow; the YAML parser slows down badly on them. */
const MAX_FLOW_DEPTH = 256;

/** The deepest `[`/`{` nesting in the text, counted roughly (brackets inside strings count too). */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

function settingsOf(settings: Readonly<Record<string, unknown>>): WorkflowSettings {
  const owners = settings.allowOwners;
  return { allowOwners: Array.isArray(owners) ? owners.filter((owner): owner is string => typeof owner === 'string') : [] };
}

export const githubActionsAnalyzer = defineAnalyzer<WorkflowFact>({
  id: 'github-actions',
  version: '2',
  description: 'Reads GitHub Actions workflows (.github/workflows/*.yml) from the YAML syntax tree; flags actions not pinned to a commit SHA, pull_request_target workflows that check out pull request code, and issue/PR text interpolated into run scripts. For `aigis check`, records which evaluation tools CI runs, whether deploy jobs wait for them, and when they run.',
  rules: GITHUB_ACTIONS_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      allowOwners: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
        description: 'Owners whose actions may be referenced by tag without a github-actions/unpinned-action finding, e.g. ["actions", "github"]. Empty by default: every action is expected to be pinned to a commit.',
      },
    },
  },
  claims: (file) => isWorkflowPath(file) && (file.type === 'yaml' || file.type === 'text'),
  analyzeFile(file, context) {
    const { text, truncated } = readText(file.source, MAX_BYTES);
    if (truncated) {
      context.inconclusive(`the workflow is larger than ${MAX_BYTES} bytes; it was not analysed`);
      return;
    }
    if (text.includes('\u0000')) {
      context.inconclusive('the file contains NUL bytes: it is not a workflow');
      return;
    }
    if (flowDepth(text) > MAX_FLOW_DEPTH) {
      context.inconclusive(`the file nests flow collections more than ${MAX_FLOW_DEPTH} deep: it is not a workflow and was not analysed`);
      return;
    }
    const counter = new LineCounter();
    let doc: ReturnType<typeof parseDocument>;
    try {
      doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
    } catch (error) {
      context.inconclusive(`the YAML parser failed: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
    const error = doc.errors[0];
    if (error) {
      // The syntax tree up to the error is still walked: a broken file is never reported as clean.
      context.inconclusive(`invalid YAML at line ${counter.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`);
    }
    const workflow = buildWorkflow(doc, counter, text);
    if (workflow.truncated) context.inconclusive('the workflow repeats steps through YAML aliases more than 20000 times; only the first were checked');
    const settings = settingsOf(context.settings);
    for (const rule of GITHUB_ACTIONS_RULES) rule.check(workflow, settings, (report) => context.report(rule.meta, report));
    // A workflow read only in part (invalid YAML, or over the caps) cannot back a claim that every deploy job is gated.
    const fact = buildWorkflowFact(workflow);
    context.fact(error && !fact.truncated ? { ...fact, truncated: true } : fact);
  },
  analyzeProject(project, context) {
    recordEvidence(project, context);
  },
});
