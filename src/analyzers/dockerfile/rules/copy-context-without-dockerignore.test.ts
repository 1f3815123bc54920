import { afterEach, describe, expect, it } from 'vitest';
import { scanTree } from '../../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../../test/support/tree.js';
import { dockerfileAnalyzer } from '../analyzer.js';

const RULE = 'dockerfile/copy-context-without-dockerignore';
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function findings(spec: TreeSpec) {
  const root = makeTree(spec);
  roots.push(root);
  const result = await scanTree(root, [dockerfileAnalyzer]);
  return result.findings.filter((f) => f.ruleId === RULE).map((f) => [`${f.location.path}:${f.location.startLine}:${f.location.startColumn}`, f.evidence]);
}

const SERVICE = [
  'FROM python:3.11-slim',
  'WORKDIR /srv/app',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'CMD ["python", "-m", "app.server"]',
  '',
].join('\n');

describe(RULE, () => {
  it('flags COPY . . and ADD ./ when no .dockerignore applies', async () => {
    const found = await findings({
      Dockerfile: SERVICE,
      '.env': 'OPENAI_API_KEY=sk-test\n',
      'services/worker/Dockerfile.gpu': 'FROM python:3.11-slim\nADD --chown=app ./ /srv/\nCOPY ["*", "/data/"]\n',
    });
    expect(found).toEqual([
      ['Dockerfile:5:6', 'COPY . .'],
      ['services/worker/Dockerfile.gpu:2:17', 'ADD --chown=app ./ /srv/'],
      // Exec form: the line only.
      ['services/worker/Dockerfile.gpu:3:undefined', 'COPY ["*", "/data/"]'],
    ]);
  });

  it('stays quiet with a .dockerignore beside the Dockerfile, at the root or named after it, and for narrow copies', async () => {
    expect(await findings({ Dockerfile: SERVICE, '.dockerignore': '.env\n.git\n' })).toEqual([]);
    expect(await findings({ 'docker/Dockerfile': SERVICE, 'docker/Dockerfile.dockerignore': '.env\n' })).toEqual([]);
    expect(await findings({ 'deploy/Dockerfile': SERVICE, 'deploy/.dockerignore': '.env\n' })).toEqual([]);
    expect(
      await findings({
        Dockerfile: 'FROM python:3.11-slim AS build\nCOPY app/ ./app/\nCOPY pyproject.toml uv.lock ./\nFROM build\nCOPY --from=build /srv /srv\nCOPY <<EOF /etc/app.conf\nkey=1\nEOF\n',
      }),
    ).toEqual([]);
  });
});
