/**
 * @module What a workflow step does, for the conformance pass: runs a security evaluation or red-team tool
 * (promptfoo, garak, DeepEval, Inspect ...) or deploys/publishes (npm publish, docker push, a deploy action ...).
 * Commands are matched line by line in `run:` scripts as text; nothing is run. Installing a tool is not running it.
 */

/** A shell command line that runs an evaluation tool, and which tool. */
interface CommandPattern {
  readonly tool: string;
  readonly pattern: RegExp;
}

/** Characters that can come before a command word: start of line, a separator, `npx`, `python -m`, a path. */
const CMD = String.raw`(?:^|[\s;&|(\x60'"/])`;

const EVAL_COMMANDS: readonly CommandPattern[] = [
  // npx promptfoo@latest eval -c ..., promptfoo redteam run, promptfoo redteam eval
  { tool: 'promptfoo', pattern: new RegExp(String.raw`${CMD}promptfoo(?:@[\w.^~-]+)?\s+(?:eval|redteam\s+(?:run|eval))\b`) },
  // garak --model_type openai ..., python -m garak ...
  { tool: 'garak', pattern: new RegExp(String.raw`${CMD}garak(?:\s|$)`) },
  { tool: 'DeepEval', pattern: new RegExp(String.raw`${CMD}deepeval\s+test\s+run\b`) },
  { tool: 'Inspect AI', pattern: new RegExp(String.raw`${CMD}inspect\s+eval(?:-set|-retry)?\b`) },
  { tool: 'PyRIT', pattern: new RegExp(String.raw`${CMD}pyrit[_-]scan\b`) },
  { tool: 'OpenAI Evals', pattern: new RegExp(String.raw`${CMD}oaieval(?:set)?\s`) },
  { tool: 'TextAttack', pattern: new RegExp(String.raw`${CMD}textattack\s+(?:attack|eval)\b`) },
  { tool: 'Giskard', pattern: new RegExp(String.raw`${CMD}giskard\s+scan\b`) },
];

/** A line that installs or fetches rather than runs: `pip install garak`, `npm i -g promptfoo`, `docker pull ...`. */
const INSTALL = /(?:^|[\s;&|])(?:pip3?|uv\s+pip|pipx|poetry|conda|mamba|npm|pnpm|yarn|bun|apt(?:-get)?|brew|docker)\s+(?:install|add|i|pull)\b/;

/** A path segment naming an evaluation or red-team test folder or file: evals/, tests/redteam, test_red_team.py. */
const EVAL_SEGMENT = /^(?:tests?[_-]?)?(?:evals?|evaluations?|llm[_-]?evals?|red[_-]?team(?:s|ing)?|jailbreaks?|adversarial|prompt[_-]?injection)(?:[_.-][\w.-]*)?$/i;

export interface CommandMatch {
  readonly tool: string;
  /** The line of the script (0-based) that runs it. */
  readonly line: number;
  /** The command line, trimmed. */
  readonly text: string;
  /** The line makes a failure pass: `|| true`, `|| exit 0`, `; exit 0`. */
  readonly soft: boolean;
}

const SOFT = /\|\|\s*(?:true|:|exit\s+0)\b|;\s*exit\s+0\b|--no-fail\b|--continue-on-error\b/;

/** Scripts are read up to this many lines; workflows keep their scripts short. */
const MAX_LINES = 2000;

/** `pytest` over a folder or file named like evals or red-team tests. */
function pytestOverEvals(line: string): boolean {
  const match = /(?:^|[\s;&|(])(?:python3?\s+-m\s+)?(?:py\.test|pytest)(?:\s+(.*))?$/.exec(line);
  if (!match) return false;
  const args = (match[1] ?? '').split(/\s+/).slice(0, 50);
  for (const arg of args) {
    if (arg.startsWith('-') || arg === '') continue;
    if (/^[|;&]/.test(arg)) break;
    const path = arg.replace(/^['"]|['"]$/g, '').replace(/::.*$/, '');
    if (path.split('/').some((segment) => EVAL_SEGMENT.test(segment))) return true;
  }
  return false;
}

/** The evaluation tools a `run:` script runs, one match per line. */
export function evalCommands(script: string): CommandMatch[] {
  const found: CommandMatch[] = [];
  const lines = script.split('\n', MAX_LINES);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    // Install segments (`pip install garak && garak ...`) are dropped; the rest of the line still counts.
    const line = raw.replace(/(^|\s)#.*$/, '').split(/&&|;/).filter((segment) => !INSTALL.test(segment)).join(' && ').trim();
    if (line === '') continue;
    let tool = EVAL_COMMANDS.find((command) => command.pattern.test(line))?.tool;
    if (!tool && pytestOverEvals(line)) tool = 'pytest (eval tests)';
    if (tool) found.push({ tool, line: index, text: line.slice(0, 200), soft: SOFT.test(raw) });
  }
  return found;
}

/** The evaluation tool an action runs: `uses: promptfoo/promptfoo-action@...`. */
export function evalAction(uses: string): string | undefined {
  const name = uses.toLowerCase().split('@')[0]!;
  if (/^promptfoo\/promptfoo-action(?:\/|$)/.test(name)) return 'promptfoo';
  if (/^(?:[\w.-]+\/)?garak[\w.-]*(?:\/|$)/.test(name)) return 'garak';
  if (/^confident-ai\/deepeval[\w.-]*(?:\/|$)/.test(name)) return 'DeepEval';
  return undefined;
}

/** Commands that deploy, publish or release. */
const DEPLOY_COMMANDS: readonly { what: string; pattern: RegExp }[] = [
  { what: 'npm publish', pattern: new RegExp(String.raw`${CMD}(?:npm|pnpm|yarn(?:\s+npm)?|bun)\s+publish\b`) },
  { what: 'twine upload', pattern: new RegExp(String.raw`${CMD}twine\s+upload\b`) },
  { what: 'poetry publish', pattern: new RegExp(String.raw`${CMD}(?:poetry|uv|hatch|flit|pdm)\s+publish\b`) },
  { what: 'docker push', pattern: new RegExp(String.raw`${CMD}(?:docker|podman)\s+(?:image\s+)?push\b|${CMD}docker\s+buildx\s+build\b.*\s--push\b`) },
  { what: 'kubectl apply', pattern: new RegExp(String.raw`${CMD}kubectl\s+(?:apply|rollout|set\s+image)\b`) },
  { what: 'helm upgrade', pattern: new RegExp(String.raw`${CMD}helm\s+(?:upgrade|install)\b`) },
  { what: 'gh release', pattern: new RegExp(String.raw`${CMD}gh\s+release\s+(?:create|upload|edit)\b`) },
  { what: 'terraform apply', pattern: new RegExp(String.raw`${CMD}(?:terraform|tofu)\s+apply\b`) },
  { what: 'model upload', pattern: new RegExp(String.raw`${CMD}(?:huggingface-cli|hf)\s+upload\b`) },
  { what: 'cargo publish', pattern: new RegExp(String.raw`${CMD}cargo\s+publish\b`) },
  {
    what: 'deploy command',
    pattern: new RegExp(String.raw`${CMD}(?:(?:flyctl|fly|firebase|serverless|sls|cdk|vercel|netlify|wrangler|railway)\s+deploy\b|gcloud\s+(?:run|app|functions)\s+deploy\b|az\s+webapp\s+deploy\b|aws\s+(?:ecs\s+update-service|lambda\s+update-function-code|cloudformation\s+deploy)\b)`),
  },
];

/** Actions that deploy or publish. `docker/build-push-action` counts only when it pushes. */
export function deployAction(uses: string, inputs: ReadonlyMap<string, string>): string | undefined {
  const name = uses.toLowerCase().split('@')[0]!;
  if (/^aws-actions\/[\w.-]*deploy[\w.-]*/.test(name)) return uses.split('@')[0];
  if (/^azure\/(?:webapps|functions|k8s|aci|static-web-apps)-deploy\b|^azure\/static-web-apps-deploy\b/.test(name)) return uses.split('@')[0];
  if (/^google-github-actions\/deploy-[\w.-]+/.test(name)) return uses.split('@')[0];
  if (/^(?:pypa\/gh-action-pypi-publish|softprops\/action-gh-release|ncipollo\/release-action|js-devtools\/npm-publish|actions\/deploy-pages|peaceiris\/actions-gh-pages|cloudflare\/wrangler-action|amondnet\/vercel-action|superfly\/flyctl-actions)(?:\/|$)/.test(name)) return uses.split('@')[0];
  if (/^docker\/build-push-action(?:\/|$)/.test(name)) {
    const push = (inputs.get('push') ?? 'false').trim().toLowerCase();
    return push === 'false' || push === '' ? undefined : 'docker/build-push-action (push)';
  }
  return undefined;
}

/** The deploy commands a `run:` script runs. */
export function deployCommands(script: string): { what: string; line: number; text: string }[] {
  const found: { what: string; line: number; text: string }[] = [];
  const lines = script.split('\n', MAX_LINES);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const hit = DEPLOY_COMMANDS.find((command) => command.pattern.test(line));
    // `--dry-run` publishes nothing.
    if (hit && !/--dry-run\b/.test(line)) found.push({ what: hit.what, line: index, text: line.slice(0, 200) });
  }
  return found;
}

/** A job id or name that says it deploys, publishes or releases: `deploy`, `release-pypi`, `Publish to npm`. */
export function deployName(name: string): boolean {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  // `check-publish`, `release-drafter`, `test-release`: about a release, not making one.
  if (words.some((word) => /^(?:check|checks|test|tests|lint|dry|verify|validate|validation|notes|drafter|draft|changelog)$/.test(word))) return false;
  return words.some((word) => /^(?:deploy|deploys|deployment|deploying|release|releases|releasing|publish|publishes|publishing)$/.test(word));
}

/** An environment name that means production or a package registry. */
export function deployEnvironment(name: string): boolean {
  return /^(?:prod|production|live|release|pypi|npm|deploy)(?:[\s_-].*)?$/i.test(name.trim());
}
