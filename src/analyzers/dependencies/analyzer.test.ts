import { afterEach, describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { dependenciesAnalyzer } from './analyzer.js';

const UNPINNED = 'dependencies/unpinned-python-requirement';
const NO_HASHES = 'dependencies/python-requirements-without-hashes';
const NO_LOCK = 'dependencies/missing-lockfile';

const RAG_REQUIREMENTS = dedent(`
  # RAG service: pinned by hand, some not
  --index-url https://pypi.org/simple
  -r requirements-base.txt

  fastapi==0.111.0
  uvicorn[standard]==0.30.1
  langchain>=0.2.0
  langchain-openai ~= 0.1.8
  chromadb
  numpy==1.*
  faiss-cpu==1.8.0 ; sys_platform != "darwin"
  sentence-transformers==3.0.1  # embeddings
  -e .
  -e git+https://github.com/acme/retriever.git@main#egg=retriever
  tokenizers @ git+https://github.com/huggingface/tokenizers.git@0123456789abcdef0123456789abcdef01234567
  evals @ git+https://oauth2:glpat-SECRETSECRET@gitlab.acme.test/ml/evals.git
  ./libs/prompt-kit
`);

async function run(path: string, text: string) {
  return runOnText(dependenciesAnalyzer, path, 'text', text);
}

describe(UNPINNED, () => {
  it('flags each unpinned requirement of a RAG app at its line and column, and nothing pinned', async () => {
    const { findings } = await run('requirements.txt', RAG_REQUIREMENTS);
    const unpinned = findings.filter((f) => f.ruleId === UNPINNED);
    expect(unpinned.map((f) => [f.location.startLine, f.location.startColumn, f.evidence])).toEqual([
      [7, 1, 'langchain>=0.2.0'],
      [8, 1, 'langchain-openai ~= 0.1.8'],
      [9, 1, 'chromadb'],
      [10, 1, 'numpy==1.*'],
      [14, 4, '-e git+https://github.com/acme/retriever.git@main#egg=retriever'],
      [16, 1, 'evals @ git+https://oauth2:****@gitlab.acme.test/ml/evals.git'],
    ]);
    expect(unpinned[0]!.message).toBe('Requirement "langchain" allows a range of releases (>=0.2.0), so a newer release is installed without review.');
    expect(unpinned[2]!.message).toContain('has no version specifier');
    expect(unpinned[4]!.message).toContain('"main", a branch or tag');
    expect(unpinned[5]!.message).toContain('without a revision');
    // The token in the URL never reaches the report.
    expect(JSON.stringify(findings)).not.toContain('glpat-SECRET');
  });

  it('reads continuation lines, hashes, markers and the old parenthesised form', async () => {
    const { findings } = await run(
      'requirements/prod.txt',
      dedent(`
        torch==2.3.1 \\
            --hash=sha256:aaaa \\
            --hash=sha256:bbbb
        transformers>=4.40 \\
            ; python_version >= "3.9"
        pydantic[email] (>=2,<3)
        accelerate===0.31.0
        https://github.com/acme/peft-fork/archive/refs/heads/dev.zip
        https://files.acme.test/wheels/flash_attn-2.5.9-cp311-cp311-linux_x86_64.whl
      `),
    );
    expect(findings.filter((f) => f.ruleId === UNPINNED).map((f) => [f.location.startLine, f.evidence])).toEqual([
      [4, 'transformers>=4.40'],
      [6, 'pydantic[email] (>=2,<3)'],
      [8, 'https://github.com/acme/peft-fork/archive/refs/heads/dev.zip'],
    ]);
  });

  it('stays quiet for pinned files, options, includes, comments, local paths and constraint-style names in comments', async () => {
    const { findings, notes } = await run(
      'requirements-lock.txt',
      dedent(`
        # langchain>=0.2 is what we used to allow
        --extra-index-url https://download.pytorch.org/whl/cu121
        --find-links ./wheels
        -c constraints.txt
        --requirement base.txt
        --pre
        -e ./packages/core
        -e .
        ../shared/embedding-utils
        file:///opt/wheels/private_pkg-1.0-py3-none-any.whl
        openai==1.35.3 --hash=sha256:0f0e
        anthropic==0.28.0 --hash=sha256:1a2b
      `),
    );
    expect(findings).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('reads prose lines as unreadable, not as requirements, and notes them', async () => {
    const { findings, notes } = await run('docs/requirements.txt', 'Requirements:\nPython 3.10 or later\nmkdocs==1.6.0\n');
    expect(findings.filter((f) => f.ruleId === UNPINNED)).toEqual([]);
    expect(notes).toEqual(['2 lines could not be read as a requirement or an option']);
  });

  it('judges constraints files too, calling the entries constraints', async () => {
    const { findings } = await run('constraints.txt', 'numpy<2\nscipy==1.13.1\n');
    expect(findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([[UNPINNED, 1]]);
    expect(findings[0]!.message).toMatch(/^Constraint "numpy"/);
  });

  it('does not claim text files that are not requirements files', () => {
    const claims = (path: string, type: 'text' | 'binary' = 'text') => dependenciesAnalyzer.claims!({ path, type, size: 10 }, {});
    expect(['requirements.txt', 'requirements-dev.txt', 'dev-requirements.txt', 'requirements/base.txt', 'constraints.txt'].map((p) => claims(p))).toEqual([true, true, true, true, true]);
    expect([claims('notes.txt'), claims('docs/install.txt'), claims('requirements.txt', 'binary'), claims('requirements.in')]).toEqual([false, false, false, false]);
  });
});

describe(NO_HASHES, () => {
  it('reports a pinned requirements file without hashes once, at its first pin', async () => {
    const { findings } = await run('requirements.txt', RAG_REQUIREMENTS);
    const found = findings.filter((f) => f.ruleId === NO_HASHES);
    expect(found.map((f) => [f.location.startLine, f.evidence])).toEqual([[5, 'fastapi==0.111.0']]);
    expect(found[0]!.message).toContain('pins 5 requirements but gives no --hash=sha256');
  });

  it('is quiet with hashes, for constraints files, and for files of includes and local paths only', async () => {
    const hashed = dedent(`
      openai==1.35.3 \\
          --hash=sha256:0f0e
      httpx==0.27.0 --hash=sha256:1a2b
    `);
    expect((await run('requirements.txt', hashed)).findings).toEqual([]);
    expect((await run('constraints.txt', 'numpy==1.26.4\n')).findings).toEqual([]);
    expect((await run('requirements.txt', '-r requirements/base.txt\n-e .\n')).findings).toEqual([]);
  });
});

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function scan(spec: TreeSpec) {
  const root = makeTree(spec);
  roots.push(root);
  const result = await scanTree(root, [dependenciesAnalyzer]);
  return result.findings.filter((f) => f.ruleId === NO_LOCK).map((f) => `${f.location.path}:${f.location.startLine}`);
}

const UV_PYPROJECT = dedent(`
  [project]
  name = "support-bot"
  version = "0.3.0"
  requires-python = ">=3.11"
  dependencies = [
      "fastapi>=0.111",
      "openai>=1.30",
      "qdrant-client>=1.9",
  ]

  [tool.uv]
  dev-dependencies = ["pytest>=8"]
`);

describe(NO_LOCK, () => {
  it('flags a uv project without uv.lock at the dependencies line, and names the lock command', async () => {
    const root = makeTree({ 'pyproject.toml': UV_PYPROJECT, 'src/support_bot/__init__.py': '' });
    roots.push(root);
    const result = await scanTree(root, [dependenciesAnalyzer]);
    const found = result.findings.filter((f) => f.ruleId === NO_LOCK);
    expect(found.map((f) => [f.location.path, f.location.startLine, f.location.startColumn])).toEqual([['pyproject.toml', 5, 1]]);
    expect(found[0]!.message).toContain('declares 3 dependencies in [project].dependencies');
    expect(found[0]!.message).toContain('Run `uv lock`');
  });

  it('is quiet with uv.lock, a workspace lock above, a pylock file or a fully pinned requirements.txt', async () => {
    expect(await scan({ 'pyproject.toml': UV_PYPROJECT, 'uv.lock': 'version = 1\n' })).toEqual([]);
    expect(await scan({ 'packages/bot/pyproject.toml': UV_PYPROJECT, 'uv.lock': 'version = 1\n', 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n' })).toEqual([]);
    expect(await scan({ 'pyproject.toml': UV_PYPROJECT, 'pylock.prod.toml': 'lock-version = "1.0"\n' })).toEqual([]);
    expect(await scan({ 'pyproject.toml': UV_PYPROJECT, 'requirements.txt': 'fastapi==0.111.0\nopenai==1.35.3\n' })).toEqual([]);
  });

  it('does not count a requirements.txt with ranges as a lock, nor a lock in a sibling folder', async () => {
    expect(await scan({ 'pyproject.toml': UV_PYPROJECT, 'requirements.txt': 'fastapi>=0.111\n' })).toEqual(['pyproject.toml:5']);
    expect(await scan({ 'api/pyproject.toml': UV_PYPROJECT, 'worker/uv.lock': 'version = 1\n' })).toEqual(['api/pyproject.toml:5']);
  });

  it('reads Poetry projects, ignoring the python entry', async () => {
    const poetry = dedent(`
      [tool.poetry]
      name = "indexer"

      [tool.poetry.dependencies]
      python = "^3.11"
      llama-index = "^0.10"
    `);
    expect(await scan({ 'pyproject.toml': poetry })).toEqual(['pyproject.toml:4']);
    expect(await scan({ 'pyproject.toml': poetry, 'poetry.lock': '# lock\n' })).toEqual([]);
    expect(await scan({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\n' })).toEqual([]);
  });

  it('flags package.json with dependencies and no npm, yarn, pnpm or bun lock; a library without dependencies is quiet', async () => {
    const pkg = JSON.stringify({ name: 'chat-ui', private: true, scripts: { dev: 'vite' }, dependencies: { openai: '^4.52.0', react: '^18.3.1' } }, null, 2);
    expect(await scan({ 'package.json': pkg })).toEqual(['package.json:7']);
    for (const lock of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb']) expect(await scan({ 'package.json': pkg, [lock]: '{}' })).toEqual([]);
    expect(await scan({ 'package.json': '{"name": "types-only", "version": "1.0.0"}' })).toEqual([]);
  });

  it('flags a Pipfile without Pipfile.lock', async () => {
    const pipfile = '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nrequests = "*"\n';
    expect(await scan({ Pipfile: pipfile })).toEqual(['Pipfile:6']);
    expect(await scan({ Pipfile: pipfile, 'Pipfile.lock': '{}' })).toEqual([]);
  });

  it('marks a broken pyproject.toml inconclusive instead of failing', async () => {
    const root = makeTree({ 'pyproject.toml': '[project\ndependencies = ["x"' });
    roots.push(root);
    const result = await scanTree(root, [dependenciesAnalyzer]);
    expect(result.findings).toEqual([]);
    expect(result.files.find((f) => f.path === 'pyproject.toml')?.status).toBe('inconclusive');
  });
});
