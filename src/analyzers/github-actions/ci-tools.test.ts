import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedent } from '../../../test/support/run-text.js';
import { deployAction, deployCommands, deployEnvironment, deployName, evalAction, evalCommands } from './ci-tools.js';

describe('evaluation commands in run scripts', () => {
  it('finds each tool on its own line, with the line and whether a failure is swallowed', () => {
    const script = dedent(`
      set -euo pipefail
      npm ci
      npx promptfoo@0.107.0 eval -c promptfooconfig.yaml -o results.json
      npx promptfoo redteam run --config redteam.yaml || true
      python -m garak --model_type openai --model_name gpt-4o-mini --probes dan
      deepeval test run tests/test_support_bot.py
      inspect eval-set evals/ --model openai/gpt-4o-mini
      python -m pytest redteam/test_jailbreaks.py::test_dan -q
      pytest tests/evals -q
      oaieval gpt-4o-mini acme-refusals
      pyrit_scan scanner.yaml
    `);
    expect(evalCommands(script).map((m) => [m.line, m.tool, m.soft])).toEqual([
      [2, 'promptfoo', false],
      [3, 'promptfoo', true],
      [4, 'garak', false],
      [5, 'DeepEval', false],
      [6, 'Inspect AI', false],
      [7, 'pytest (eval tests)', false],
      [8, 'pytest (eval tests)', false],
      [9, 'OpenAI Evals', false],
      [10, 'PyRIT', false],
    ]);
  });

  it('ignores installs, comments, other subcommands and ordinary test runs', () => {
    const script = dedent(`
      pip install garak==0.10.3 deepeval
      npm install -g promptfoo
      # npx promptfoo eval -c promptfooconfig.yaml
      npx promptfoo view --yes
      npx promptfoo redteam init --no-gui
      pytest tests/unit --cov=app
      pytest -m "not slow" tests/test_evaluate_helpers.py
      cat docs/evaluation.md
      echo "garak-report.jsonl uploaded"
    `);
    expect(evalCommands(script)).toEqual([]);
  });

  it('still sees the tool after an install on the same line', () => {
    expect(evalCommands('pip install garak && python -m garak --probes encoding').map((m) => m.tool)).toEqual(['garak']);
  });

  it('recognises the promptfoo action, not look-alikes', () => {
    expect(evalAction('promptfoo/promptfoo-action@v1')).toBe('promptfoo');
    expect(evalAction('actions/checkout@v4')).toBeUndefined();
    expect(evalAction('acme/promptfoo-results-comment@v1')).toBeUndefined();
  });
});

describe('deploy detection', () => {
  it('finds publish and deploy commands, not dry runs or look-alikes', () => {
    const script = dedent(`
      npm run build
      npm publish --access public
      twine upload dist/*
      docker push ghcr.io/acme/api:\${GITHUB_SHA}
      helm upgrade --install api ./chart
      npm publish --dry-run
      gh release create "$TAG" dist/*.whl
      gh release view
      echo "kubectl apply later"
    `);
    expect(deployCommands(script).map((m) => [m.line, m.what])).toEqual([
      [1, 'npm publish'],
      [2, 'twine upload'],
      [3, 'docker push'],
      [4, 'helm upgrade'],
      [6, 'gh release'],
      [8, 'kubectl apply'],
    ]);
  });

  it('recognises deploy actions, and build-push-action only when it pushes', () => {
    expect(deployAction('aws-actions/amazon-ecs-deploy-task-definition@v2', new Map())).toBe('aws-actions/amazon-ecs-deploy-task-definition');
    expect(deployAction('azure/webapps-deploy@v3', new Map())).toBe('azure/webapps-deploy');
    expect(deployAction('softprops/action-gh-release@v2', new Map())).toBe('softprops/action-gh-release');
    expect(deployAction('docker/build-push-action@v6', new Map([['push', 'true']]))).toBe('docker/build-push-action (push)');
    expect(deployAction('docker/build-push-action@v6', new Map([['push', "${{ github.event_name != 'pull_request' }}"]]))).toBe('docker/build-push-action (push)');
    expect(deployAction('docker/build-push-action@v6', new Map([['load', 'true']]))).toBeUndefined();
    expect(deployAction('aws-actions/configure-aws-credentials@v4', new Map())).toBeUndefined();
  });

  it('reads deploy intent from job names and environments', () => {
    expect(['deploy', 'release-pypi', 'Publish to npm', 'deployProduction'].map(deployName)).toEqual([true, true, true, true]);
    expect(['check-publish', 'release-drafter', 'build', 'redeploy-docs-check', 'publisher'].map(deployName)).toEqual([false, false, false, false, false]);
    expect(['production', 'prod-eu', 'pypi', 'staging', 'ci'].map(deployEnvironment)).toEqual([true, true, true, false, false]);
  });

  it('never throws and stays fast on arbitrary scripts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 40 }), (script, uses) => {
        const started = Date.now();
        for (const match of evalCommands(script)) expect(match.text.length).toBeLessThanOrEqual(200);
        deployCommands(script);
        evalAction(uses);
        deployAction(uses, new Map([['push', script]]));
        deployName(script);
        expect(Date.now() - started).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    const long = `pytest ${'tests/evals/ '.repeat(5000)}\n`.repeat(3) + 'promptfoo eval '.repeat(20_000);
    const started = Date.now();
    evalCommands(long);
    deployCommands(long);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
