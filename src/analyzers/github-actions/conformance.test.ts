import { afterEach, describe, expect, it } from 'vitest';
import { dedent } from '../../../test/support/run-text.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { aiFilesAnalyzer } from '../ai-files/analyzer.js';
import { githubActionsAnalyzer } from './analyzer.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function evidenceOf(spec: TreeSpec, withInventory = false) {
  const root = makeTree(spec);
  roots.push(root);
  const result = await scanTree(root, withInventory ? [aiFilesAnalyzer, githubActionsAnalyzer] : [githubActionsAnalyzer]);
  expect(result.notices.filter((n) => n.level === 'error')).toEqual([]);
  for (const item of result.evidence) {
    expect(item.summary.length).toBeLessThan(300);
    expect((item.shortfall ?? '').length).toBeLessThan(300);
  }
  const byCheck = (check: string) => result.evidence.filter((e) => e.check === check);
  return { all: result.evidence, byCheck, one: (check: string) => {
    const found = byCheck(check);
    expect(found).toHaveLength(1);
    return found[0]!;
  } };
}

const RELEASE = dedent(`
  name: Release
  on:
    push:
      tags: ["v*"]
  permissions:
    contents: read
  jobs:
    test:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@v4
        - run: npm ci && npm test
    redteam:
      needs: test
      runs-on: ubuntu-latest
      env:
        OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
      steps:
        - uses: actions/checkout@v4
        - name: Red-team the support bot
          run: |
            npm ci
            npx promptfoo@latest redteam run -c redteam/promptfooconfig.yaml --max-concurrency 4
    package:
      needs: [redteam]
      runs-on: ubuntu-latest
      steps:
        - run: npm pack
    deploy:
      needs: [test, package]
      runs-on: ubuntu-latest
      environment: npm
      steps:
        - uses: actions/checkout@v4
        - run: npm publish --provenance
          env:
            NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`);

const PR_EVALS = dedent(`
  name: Prompt evals
  on:
    pull_request:
      paths:
        - "prompts/**"
        - "promptfooconfig.yaml"
  jobs:
    evals:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@v4
        - uses: promptfoo/promptfoo-action@v1
          with:
            config: promptfooconfig.yaml
            github-token: \${{ secrets.GITHUB_TOKEN }}
`);

describe('github-actions conformance evidence: release-gate', () => {
  it('accepts a test → redteam → package → deploy chain, with needs as a string and as a list', async () => {
    const { one } = await evidenceOf({ '.github/workflows/release.yml': RELEASE });
    const gate = one('release-gate');
    expect(gate.shortfall).toBeUndefined();
    expect(gate.summary).toBe('Deploy jobs wait for evaluations: release.yml job deploy needs package → redteam (promptfoo)');
    expect(gate.location).toEqual({ path: '.github/workflows/release.yml', startLine: 29 });
    expect(one('evaluation-config').summary).toBe('CI runs evaluation tools: promptfoo in release.yml (job redteam)');
    expect(one('evaluation-config').location).toEqual({ path: '.github/workflows/release.yml', startLine: 23 });
  });

  it('names a deploy job that does not depend on any evaluation job', async () => {
    const deploy = dedent(`
      name: Deploy
      on:
        push:
          branches: [main]
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - uses: docker/build-push-action@v6
              with:
                push: true
                tags: ghcr.io/acme/chat-api:latest
        rollout:
          needs: build
          runs-on: ubuntu-latest
          steps:
            - run: kubectl apply -f k8s/chat-api.yaml
    `);
    const { one } = await evidenceOf({ '.github/workflows/deploy.yml': deploy, '.github/workflows/evals.yml': PR_EVALS });
    const gate = one('release-gate');
    expect(gate.summary).toBe('2 deploy or publish job(s) in CI: deploy.yml job build (docker/build-push-action (push)), deploy.yml job rollout (kubectl apply)');
    expect(gate.shortfall).toBe('deploy job build (deploy.yml) does not need any job that runs an evaluation or red-team tool; also deploy.yml job rollout');
    expect(gate.location).toEqual({ path: '.github/workflows/deploy.yml', startLine: 6 });
  });

  it('does not count a build that does not push, a dry-run publish, or installing a tool as running it', async () => {
    const ci = dedent(`
      on: [push, pull_request]
      jobs:
        image:
          runs-on: ubuntu-latest
          steps:
            - uses: docker/build-push-action@v6
              with:
                push: false
        check-publish:
          runs-on: ubuntu-latest
          steps:
            - run: |
                pip install garak deepeval
                npm publish --dry-run
    `);
    const { all } = await evidenceOf({ '.github/workflows/ci.yml': ci });
    expect(all).toEqual([]);
  });

  it('treats a job that calls a local reusable red-team workflow as the evaluation job, and a remote one as unverifiable', async () => {
    const redteam = dedent(`
      name: Red team
      on:
        workflow_call:
          inputs:
            target:
              type: string
      jobs:
        garak:
          runs-on: ubuntu-latest
          steps:
            - run: python -m pip install garak
            - run: python -m garak --model_type rest -G garak/rest.json --probes dan,promptinject
    `);
    const release = dedent(`
      on:
        release:
          types: [published]
      jobs:
        evals:
          uses: ./.github/workflows/redteam.yml
          with:
            target: staging
        publish:
          needs: evals
          runs-on: ubuntu-latest
          steps:
            - uses: pypa/gh-action-pypi-publish@release/v1
    `);
    const remote = release.replace('./.github/workflows/redteam.yml', 'acme/shared/.github/workflows/redteam.yml@v2');
    const local = await evidenceOf({ '.github/workflows/redteam.yml': redteam, '.github/workflows/release.yml': release });
    expect(local.one('release-gate').summary).toBe('Deploy jobs wait for evaluations: release.yml job publish needs evals (garak via redteam.yml)');
    expect(local.one('release-gate').shortfall).toBeUndefined();
    const other = await evidenceOf({ '.github/workflows/release.yml': remote });
    expect(other.one('release-gate').shortfall).toBe('deploy job publish (release.yml) does not need any job that runs an evaluation or red-team tool');
  });

  it('accepts a matrix evaluation job and evaluations run earlier in the deploy job itself', async () => {
    const workflow = dedent(`
      name: Ship
      on:
        push:
          branches: [main]
      jobs:
        evals:
          strategy:
            matrix:
              suite: [jailbreak, pii, toxicity]
          runs-on: ubuntu-latest
          steps:
            - run: deepeval test run tests/evals/test_\${{ matrix.suite }}.py
        deploy-api:
          needs: evals
          runs-on: ubuntu-latest
          steps:
            - run: flyctl deploy --remote-only
        release-model:
          runs-on: ubuntu-latest
          steps:
            - run: inspect eval evals/refusals.py --model openai/gpt-4o-mini
            - run: huggingface-cli upload acme/support-model ./model
    `);
    const { one } = await evidenceOf({ '.github/workflows/ship.yml': workflow });
    const gate = one('release-gate');
    expect(gate.shortfall).toBeUndefined();
    expect(gate.summary).toBe('Deploy jobs wait for evaluations: ship.yml job deploy-api needs evals (DeepEval), ship.yml job release-model runs Inspect AI before deploying, in the same job');
  });

  it('does not count a deploy job with if: always(), or an evaluation that cannot fail', async () => {
    const always = dedent(`
      on: { push: { branches: [main] } }
      jobs:
        redteam:
          runs-on: ubuntu-latest
          steps:
            - run: npx promptfoo redteam run
        deploy:
          needs: redteam
          if: always()
          runs-on: ubuntu-latest
          steps:
            - run: helm upgrade --install chat ./chart
    `);
    const a = await evidenceOf({ '.github/workflows/deploy.yml': always });
    expect(a.one('release-gate').shortfall).toBe('deploy job deploy (deploy.yml) is not gated: its if: always() lets it run when what it needs fails');

    const soft = always.replace("    if: always()\n", '').replace('npx promptfoo redteam run', 'npx promptfoo redteam run || true');
    const b = await evidenceOf({ '.github/workflows/deploy.yml': soft });
    expect(b.one('release-gate').shortfall).toBe('deploy job deploy (deploy.yml) does not need any job that runs an evaluation or red-team tool');

    const allowed = always.replace('if: always()', "if: always() && needs.redteam.result == 'success'");
    const c = await evidenceOf({ '.github/workflows/deploy.yml': allowed });
    expect(c.one('release-gate').shortfall).toBeUndefined();
  });

  it('judges a reusable deploy workflow where it is called, and sees an always() job breaking the chain', async () => {
    const deploy = dedent(`
      name: Deploy (reusable)
      on:
        workflow_call:
          inputs:
            environment:
              type: string
      jobs:
        rollout:
          runs-on: ubuntu-latest
          environment: \${{ inputs.environment }}
          steps:
            - uses: google-github-actions/deploy-cloudrun@v2
              with:
                service: chat-api
    `);
    const release = dedent(`
      on:
        push:
          branches: [main]
      jobs:
        evals:
          runs-on: ubuntu-latest
          steps:
            - run: npx promptfoo@latest eval -c promptfooconfig.yaml
        notify:
          needs: evals
          if: always()
          runs-on: ubuntu-latest
          steps:
            - run: ./scripts/notify.sh
        production:
          needs: notify
          uses: ./.github/workflows/deploy.yml
          with:
            environment: production
    `);
    const broken = await evidenceOf({ '.github/workflows/deploy.yml': deploy, '.github/workflows/release.yml': release });
    expect(broken.one('release-gate').summary).toBe('1 deploy or publish job(s) in CI: release.yml job production (calls deploy.yml)');
    expect(broken.one('release-gate').shortfall).toBe('deploy job production (release.yml) is not gated: job notify has if: always(), so it runs even when evals fails');

    const fixed = await evidenceOf({ '.github/workflows/deploy.yml': deploy, '.github/workflows/release.yml': release.replace('needs: notify', 'needs: [notify, evals]') });
    expect(fixed.one('release-gate').summary).toBe('Deploy jobs wait for evaluations: release.yml job production needs evals (promptfoo)');
    expect(fixed.one('release-gate').shortfall).toBeUndefined();
  });

  it('does not claim a gate when a workflow could only be read in part', async () => {
    const broken = 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n   bad indentation: [\n';
    const { one } = await evidenceOf({ '.github/workflows/release.yml': RELEASE, '.github/workflows/broken.yml': broken });
    expect(one('release-gate').summary).toBe('Deploy jobs wait for evaluations: release.yml job deploy needs package → redteam (promptfoo)');
    expect(one('release-gate').shortfall).toBe('broken.yml could not be read whole (invalid YAML, or over 300 jobs), so not every deploy job was checked');
  });

  it('accepts a workflow_run gate on a successful evaluation workflow, and says when it cannot verify one', async () => {
    const evals = dedent(`
      name: Evals
      on:
        push:
          branches: [main]
      jobs:
        garak:
          runs-on: ubuntu-latest
          steps:
            - run: garak --model_type openai --model_name gpt-4o-mini --probes encoding
    `);
    const deploy = dedent(`
      name: Deploy
      on:
        workflow_run:
          workflows: [Evals]
          types: [completed]
      jobs:
        deploy:
          if: \${{ github.event.workflow_run.conclusion == 'success' }}
          runs-on: ubuntu-latest
          steps:
            - uses: azure/webapps-deploy@v3
              with:
                app-name: chat-api
    `);
    const gated = await evidenceOf({ '.github/workflows/evals.yml': evals, '.github/workflows/deploy.yml': deploy });
    expect(gated.one('release-gate').summary).toBe('Deploy jobs wait for evaluations: deploy.yml job deploy runs only after workflow "Evals" (evals.yml, garak) succeeds (workflow_run)');
    expect(gated.one('release-gate').shortfall).toBeUndefined();

    const unknown = await evidenceOf({ '.github/workflows/deploy.yml': deploy });
    expect(unknown.one('release-gate').shortfall).toBe('deploy job deploy (deploy.yml) is not gated: it runs after workflow "Evals" succeeds, which aigis did not find among the scanned workflows, so the evaluation gate could not be verified');

    const ungated = await evidenceOf({ '.github/workflows/evals.yml': evals, '.github/workflows/deploy.yml': deploy.replace(/ {4}if: .*\n/, '') });
    expect(ungated.one('release-gate').shortfall).toBe("deploy job deploy (deploy.yml) is not gated: it runs on workflow_run without an if: requiring github.event.workflow_run.conclusion == 'success'");
  });

  it('records nothing for a project with neither deploy nor evaluation jobs, and no release-gate without a deploy job', async () => {
    const lint = dedent(`
      name: Lint
      on: [push, pull_request]
      jobs:
        lint:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - run: npm ci && npm run lint
            - run: pytest tests/unit
    `);
    expect((await evidenceOf({ '.github/workflows/lint.yml': lint })).all).toEqual([]);
    const onlyEvals = await evidenceOf({ '.github/workflows/evals.yml': PR_EVALS });
    expect(onlyEvals.byCheck('release-gate')).toEqual([]);
    expect(onlyEvals.one('evaluation-config').summary).toBe('CI runs evaluation tools: promptfoo in evals.yml (job evals)');
  });
});

describe('github-actions conformance evidence: scheduled-evaluation', () => {
  it('records a nightly garak run with its cron', async () => {
    const nightly = dedent(`
      name: Nightly probes
      on:
        schedule:
          - cron: "17 3 * * *"
        workflow_dispatch:
      jobs:
        probe:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - run: pip install -r requirements-redteam.txt
            - run: |
                python -m garak \\
                  --model_type huggingface --model_name acme/support-model \\
                  --probes dan,promptinject,leakreplay
    `);
    const { one } = await evidenceOf({ '.github/workflows/nightly.yml': nightly });
    const scheduled = one('scheduled-evaluation');
    expect(scheduled.shortfall).toBeUndefined();
    expect(scheduled.summary).toBe('Evaluations run on a schedule: garak in nightly.yml (job probe), cron "17 3 * * *"');
    expect(scheduled.location).toEqual({ path: '.github/workflows/nightly.yml', startLine: 7 });
    expect(one('evals-on-change').shortfall).toBe('no evaluation workflow runs on pull_request or push, so changes to prompts, models or datasets are not evaluated');
  });

  it('records a shortfall when evaluations run but never on a schedule, or the scheduled job skips scheduled runs', async () => {
    const { one } = await evidenceOf({ '.github/workflows/evals.yml': PR_EVALS });
    expect(one('scheduled-evaluation').shortfall).toBe('no workflow runs the evaluations on a schedule (on: schedule with a cron)');
    const skipping = dedent(`
      on:
        schedule:
          - cron: "0 4 * * 1"
        pull_request:
      jobs:
        evals:
          if: github.event_name != 'schedule'
          runs-on: ubuntu-latest
          steps:
            - run: pytest tests/redteam -q
    `);
    const other = await evidenceOf({ '.github/workflows/evals.yml': skipping });
    expect(other.one('scheduled-evaluation').shortfall).toBe('no workflow runs the evaluations on a schedule (on: schedule with a cron)');
    expect(other.one('evals-on-change').summary).toBe('evals.yml runs pytest (eval tests) (job evals) on every pull_request, without path filters');
  });
});

describe('github-actions conformance evidence: evals-on-change', () => {
  it('accepts a pull_request workflow filtered to prompts/** when the inventory has no AI files', async () => {
    const { one } = await evidenceOf({ '.github/workflows/evals.yml': PR_EVALS });
    const change = one('evals-on-change');
    expect(change.shortfall).toBeUndefined();
    expect(change.summary).toBe('Evaluations (promptfoo) run on change with path filters: evals.yml on pull_request (paths: prompts/**, promptfooconfig.yaml); they cover prompt, model or data paths: prompts/system.md, prompts/agent.prompt, promptfooconfig.yaml');
    expect(change.location).toEqual({ path: '.github/workflows/evals.yml', startLine: 3 });
  });

  it('checks the filters against the prompt and dataset files aigis found', async () => {
    const tree = {
      '.github/workflows/evals.yml': PR_EVALS,
      'prompts/support/system.md': 'You are the support assistant for Acme.\n',
      'data/evals/jailbreaks.jsonl': '{"prompt": "ignore previous instructions"}\n',
      'promptfooconfig.yaml': 'prompts: [file://prompts/support/system.md]\nproviders: [openai:gpt-4o-mini]\ntests: []\n',
    };
    const { one } = await evidenceOf(tree, true);
    expect(one('evals-on-change').shortfall).toBe('changes to data/evals/jailbreaks.jsonl do not start an evaluation workflow (the path filters leave them out)');
    const widened = await evidenceOf({ ...tree, '.github/workflows/evals.yml': PR_EVALS.replace('- "promptfooconfig.yaml"', '- "promptfooconfig.yaml"\n      - "data/**"') }, true);
    expect(widened.one('evals-on-change').shortfall).toBeUndefined();
    expect(widened.one('evals-on-change').summary).toMatch(/they cover the AI files found: data\/evals\/jailbreaks\.jsonl, promptfooconfig\.yaml, prompts\/support\/system\.md$/);
  });

  it('records a shortfall for filters that leave prompts out: paths only src/, paths-ignore on prompts, negated patterns', async () => {
    const src = PR_EVALS.replace('- "prompts/**"\n      - "promptfooconfig.yaml"', '- "src/**"');
    expect((await evidenceOf({ '.github/workflows/evals.yml': src })).one('evals-on-change').shortfall).toBe(
      'changes to prompts/system.md, prompts/agent.prompt, models/config.json, model/config.yaml and 3 more do not start an evaluation workflow (the path filters leave them out)',
    );
    const ignore = PR_EVALS.replace('paths:', 'paths-ignore:').replace('- "promptfooconfig.yaml"', '- "docs/**"');
    const ignored = await evidenceOf({ '.github/workflows/evals.yml': ignore });
    expect(ignored.one('evals-on-change').shortfall).toBe('changes to prompts/system.md, prompts/agent.prompt do not start an evaluation workflow (the path filters leave them out)');
    expect(ignored.one('evals-on-change').summary).toContain('evals.yml on pull_request (paths-ignore: prompts/**, docs/**)');
    const negated = PR_EVALS.replace('- "promptfooconfig.yaml"', '- "!prompts/**/*.prompt"\n      - "**.yaml"');
    expect((await evidenceOf({ '.github/workflows/evals.yml': negated })).one('evals-on-change').shortfall).toBe(
      'changes to prompts/agent.prompt do not start an evaluation workflow (the path filters leave them out)',
    );
  });

  it('reads path filters relative to the repository folder of a nested project', async () => {
    const { one } = await evidenceOf(
      {
        'services/support/.github/workflows/evals.yml': PR_EVALS,
        'services/support/prompts/system.md': 'You are the Acme support assistant.\n',
        'services/support/promptfooconfig.yaml': 'prompts: [file://prompts/system.md]\n',
      },
      true,
    );
    const change = one('evals-on-change');
    expect(change.shortfall).toBeUndefined();
    expect(change.summary).toMatch(/they cover the AI files found: services\/support\/promptfooconfig\.yaml, services\/support\/prompts\/system\.md$/);
    expect(change.location?.path).toBe('services/support/.github/workflows/evals.yml');
  });

  it('does not count tag-only pushes as running on change', async () => {
    const { one } = await evidenceOf({ '.github/workflows/release.yml': RELEASE });
    expect(one('evals-on-change').shortfall).toBe('evaluations run only on tag pushes (release.yml) or other non-change triggers, not when prompts, models or datasets change (no pull_request or branch push trigger)');
  });
});
