import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { compareAssets } from '../../core/asset.js';
import { dependenciesAnalyzer } from './analyzer.js';
import { lockfilePackages, normalizePypiName, packageJsonPackages, purl, pyprojectPackages } from './packages.js';

async function packages(path: string, type: 'text' | 'toml' | 'json', text: string) {
  const run = await runOnText(dependenciesAnalyzer, path, type, text);
  return {
    inconclusive: run.inconclusive,
    assets: run.assets.sort(compareAssets).map((a) => ({ name: a.name, ...(a.version === undefined ? {} : { version: a.version }), line: a.location.startLine, ...a.properties })),
  };
}

describe('package URLs', () => {
  it('normalise PyPI names and percent-encode npm scopes', () => {
    expect(purl('pypi', 'Sentence_Transformers', '3.0.1')).toBe('pkg:pypi/sentence-transformers@3.0.1');
    expect(purl('pypi', 'zope.interface')).toBe('pkg:pypi/zope-interface');
    expect(purl('npm', '@huggingface/transformers', '3.1.0')).toBe('pkg:npm/%40huggingface/transformers@3.1.0');
    expect(purl('npm', 'openai', '4.67.3')).toBe('pkg:npm/openai@4.67.3');
    expect(normalizePypiName('Foo__Bar..baz')).toBe('foo-bar-baz');
  });
});

describe('dependencies assets: manifests', () => {
  it('records requirements with exact versions when pinned, and the specifier otherwise', async () => {
    const { assets } = await packages('requirements.txt', 'text', dedent(`
      # serving
      torch==2.4.1
      Transformers>=4.44
      sentence_transformers == 3.0.1 ; python_version >= "3.9"
      -r base.txt
      git+https://github.com/org/tool@0123456789abcdef0123456789abcdef01234567#egg=tool
      vendored @ https://files.example.com/vendored-1.0-py3-none-any.whl
    `));
    expect(assets).toEqual([
      { name: 'sentence-transformers', version: '3.0.1', line: 4, ecosystem: 'pypi', purl: 'pkg:pypi/sentence-transformers@3.0.1', scope: 'runtime', direct: 'true' },
      { name: 'tool', line: 6, ecosystem: 'pypi', purl: 'pkg:pypi/tool', scope: 'runtime', direct: 'true', specifier: 'git+https://github.com/org/tool@0123456789abcdef0123456789abcdef01234567#egg=tool' },
      { name: 'torch', version: '2.4.1', line: 2, ecosystem: 'pypi', purl: 'pkg:pypi/torch@2.4.1', scope: 'runtime', direct: 'true' },
      { name: 'transformers', line: 3, ecosystem: 'pypi', purl: 'pkg:pypi/transformers', scope: 'runtime', direct: 'true', specifier: '>=4.44' },
      { name: 'vendored', line: 7, ecosystem: 'pypi', purl: 'pkg:pypi/vendored', scope: 'runtime', direct: 'true', specifier: '@ https://files.example.com/vendored-1.0-py3-none-any.whl' },
    ]);
  });

  it('marks requirements-dev.txt packages as dev, and records nothing from constraints files', async () => {
    const dev = await packages('requirements-dev.txt', 'text', 'pytest==8.3.2\n');
    expect(dev.assets).toEqual([{ name: 'pytest', version: '8.3.2', line: 1, ecosystem: 'pypi', purl: 'pkg:pypi/pytest@8.3.2', scope: 'dev', direct: 'true' }]);
    expect((await packages('constraints.txt', 'text', 'numpy==2.0.0\n')).assets).toEqual([]);
  });

  it('reads pyproject.toml: project dependencies, optional extras, dependency groups and Poetry', () => {
    const found = pyprojectPackages(dedent(`
      [project]
      name = "rag-service"
      dependencies = [
        "openai==1.51.0",
        "langchain-core>=0.3",
      ]

      [project.optional-dependencies]
      gpu = ["torch==2.4.1"]

      [dependency-groups]
      dev = ["pytest>=8"]

      [tool.poetry.dependencies]
      python = "^3.11"
      numpy = "1.26.4"
      pandas = { version = "^2.2", optional = true }
    `));
    expect(found.map((p) => [p.name, p.version, p.scope, p.specifier, p.line])).toEqual([
      ['openai', '1.51.0', 'runtime', undefined, 4],
      ['langchain-core', undefined, 'runtime', '>=0.3', 5],
      ['torch', '2.4.1', 'optional', undefined, 9],
      ['pytest', undefined, 'dev', '>=8', 12],
      ['numpy', '1.26.4', 'runtime', undefined, 16],
      ['pandas', undefined, 'optional', '^2.2', 17],
    ]);
  });

  it('reads package.json sections with positions; exact versions only when pinned', async () => {
    const { assets } = await packages('web/package.json', 'json', dedent(`
      {
        "name": "chat-ui",
        "dependencies": {
          "@huggingface/transformers": "3.1.0",
          "openai": "^4.67.0"
        },
        "devDependencies": { "vitest": "2.1.1" }
      }
    `));
    expect(assets).toEqual([
      { name: '@huggingface/transformers', version: '3.1.0', line: 4, ecosystem: 'npm', purl: 'pkg:npm/%40huggingface/transformers@3.1.0', scope: 'runtime', direct: 'true' },
      { name: 'openai', line: 5, ecosystem: 'npm', purl: 'pkg:npm/openai', scope: 'runtime', direct: 'true', specifier: '^4.67.0' },
      { name: 'vitest', version: '2.1.1', line: 7, ecosystem: 'npm', purl: 'pkg:npm/vitest@2.1.1', scope: 'dev', direct: 'true' },
    ]);
  });
});

describe('dependencies assets: lockfiles', () => {
  it('reads package-lock.json v3 with exact versions, scopes, direct flags and the graph', async () => {
    const lock = {
      name: 'chat-ui',
      lockfileVersion: 3,
      packages: {
        '': { name: 'chat-ui', dependencies: { openai: '^4.67.0' }, devDependencies: { vitest: '2.1.1' } },
        'node_modules/openai': { version: '4.67.3', dependencies: { 'node-fetch': '^2.6.7', '@types/node': '^18' } },
        'node_modules/node-fetch': { version: '2.7.0' },
        'node_modules/@types/node': { version: '18.19.50' },
        'node_modules/vitest': { version: '2.1.1', dev: true },
        'node_modules/vitest/node_modules/node-fetch': { version: '3.3.2', dev: true },
      },
    };
    const { assets, inconclusive } = await packages('package-lock.json', 'json', JSON.stringify(lock, null, 2));
    expect(inconclusive).toEqual([]);
    expect(assets).toEqual([
      { name: '@types/node', version: '18.19.50', ecosystem: 'npm', purl: 'pkg:npm/%40types/node@18.19.50', scope: 'runtime', direct: 'false' },
      { name: 'node-fetch', version: '2.7.0', ecosystem: 'npm', purl: 'pkg:npm/node-fetch@2.7.0', scope: 'runtime', direct: 'false' },
      { name: 'node-fetch', version: '3.3.2', ecosystem: 'npm', purl: 'pkg:npm/node-fetch@3.3.2', scope: 'dev', direct: 'false' },
      { name: 'openai', version: '4.67.3', ecosystem: 'npm', purl: 'pkg:npm/openai@4.67.3', scope: 'runtime', direct: 'true', depends_on: '@types/node,node-fetch' },
      { name: 'vitest', version: '2.1.1', ecosystem: 'npm', purl: 'pkg:npm/vitest@2.1.1', scope: 'dev', direct: 'true' },
    ].map((a) => ({ ...a, line: undefined })));
  });

  it('marks an npm 6 lockfile (no packages map) inconclusive', async () => {
    const { assets, inconclusive } = await packages('package-lock.json', 'json', '{"lockfileVersion": 1, "dependencies": {}}');
    expect(assets).toEqual([]);
    expect(inconclusive[0]).toMatch(/lockfileVersion 1/);
  });

  it('reads uv.lock with the direct dependencies of the project and poetry.lock with its graph', () => {
    const uv = lockfilePackages('uv-lock', dedent(`
      version = 1
      requires-python = ">=3.11"

      [[package]]
      name = "rag-service"
      version = "0.1.0"
      source = { editable = "." }
      dependencies = [{ name = "openai" }]

      [[package]]
      name = "openai"
      version = "1.51.0"
      source = { registry = "https://pypi.org/simple" }
      dependencies = [{ name = "httpx" }, { name = "Pydantic" }]

      [[package]]
      name = "httpx"
      version = "0.27.2"
      source = { registry = "https://pypi.org/simple" }
    `));
    expect(uv.packages.map((p) => [p.name, p.version, p.direct, p.dependsOn])).toEqual([
      ['openai', '1.51.0', true, ['httpx', 'pydantic']],
      ['httpx', '0.27.2', false, undefined],
    ]);
    const poetry = lockfilePackages('poetry-lock', dedent(`
      [[package]]
      name = "pytest"
      version = "8.3.2"
      category = "dev"
      optional = false

      [package.dependencies]
      pluggy = ">=1.5,<2"
    `));
    expect(poetry.packages).toEqual([{ ecosystem: 'pypi', name: 'pytest', version: '8.3.2', scope: 'dev', dependsOn: ['pluggy'] }]);
  });

  it('never throws on arbitrary or damaged lockfiles and manifests', () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a': { version: '1.0.0', dependencies: { b: '1' } } } });
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(lock.length), (junk, cut) => {
        for (const text of [junk, lock.slice(0, cut) + junk, `[[package]]\n${junk}`]) {
          lockfilePackages('npm-lock', text);
          lockfilePackages('uv-lock', text);
          lockfilePackages('poetry-lock', text);
          pyprojectPackages(text);
          packageJsonPackages(text);
        }
      }),
      { numRuns: 150 },
    );
  });
});
