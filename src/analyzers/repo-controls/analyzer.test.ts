import { afterAll, describe, expect, it } from 'vitest';
import { dedent } from '../../../test/support/run-text.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { addToTree, makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import type { AnyAnalyzer, ProjectContext } from '../../core/analyzer.js';
import type { Evidence, EvidenceReport } from '../../core/evidence.js';
import { renderCycloneDx } from '../../reporters/cyclonedx/index.js';
import { aiFilesAnalyzer } from '../ai-files/analyzer.js';
import { mcpConfigAnalyzer } from '../mcp-config/analyzer.js';
import { pythonAnalyzer } from '../python/analyzer.js';
import { repoControlsAnalyzer, roleOf } from './analyzer.js';
import type { RepoFact } from './facts.js';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const NEWER = 'fedcba9876543210fedcba9876543210fedcba98';

/** A minimal safetensors file: an 8-byte little-endian header length, then the JSON header. */
function safetensors(): Uint8Array {
  const header = Buffer.from('{"__metadata__":{"format":"pt"}}');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header]);
}

const CHAT_PY = dedent(`
  from openai import OpenAI
  from transformers import AutoModelForSequenceClassification

  SAFETY = AutoModelForSequenceClassification.from_pretrained("acme/safety-classifier", revision="${COMMIT}")

  def answer(question: str) -> str:
      client = OpenAI()
      reply = client.chat.completions.create(
          model="gpt-4o-mini",
          messages=[
              {"role": "system", "content": "You answer questions about Acme's refund policy only."},
              {"role": "user", "content": question},
          ],
      )
      return reply.choices[0].message.content
`);

/** A small RAG service: a prompt file, a dataset, a local model and code that loads a hub model. */
const AI_PROJECT: TreeSpec = {
  'README.md': '# Refund assistant\n',
  'prompts/system.txt': 'You are the Acme refund assistant. Answer only from the policy.\n',
  'data/train.jsonl': '{"question": "Can I return shoes?", "answer": "Within 30 days."}\n',
  'models/classifier.safetensors': safetensors(),
  'app/chat.py': CHAT_PY,
  'docs/index.md': '# Docs\n',
};

const ANALYZERS: readonly AnyAnalyzer[] = [repoControlsAnalyzer, pythonAnalyzer, aiFilesAnalyzer];

const roots: string[] = [];
afterAll(() => roots.forEach(removeTree));

async function evidenceFor(spec: TreeSpec, check: string, analyzers = ANALYZERS): Promise<Evidence[]> {
  const root = makeTree(spec);
  roots.push(root);
  const result = await scanTree(root, analyzers);
  return result.evidence.filter((e) => e.check === check);
}

describe('repo-controls claims', () => {
  it('claims CODEOWNERS, Dependabot and Renovate configs, package.json and BOM files by name only', () => {
    expect(roleOf({ path: '.github/CODEOWNERS' })).toBe('codeowners');
    expect(roleOf({ path: '.github/dependabot.yml' })).toBe('dependabot');
    expect(roleOf({ path: 'ci/dependabot.yml' })).toBeUndefined();
    expect(roleOf({ path: '.github/renovate.json5' })).toBe('renovate');
    expect(roleOf({ path: 'web/package.json' })).toBe('package-json');
    expect(roleOf({ path: 'sbom/app.cdx.json' })).toBe('bom');
    expect(roleOf({ path: 'bom.xml' })).toBe('bom');
    expect(roleOf({ path: 'bundle.zip', member: 'bom.json' })).toBeUndefined();
    expect(roleOf({ path: 'src/bom.ts' })).toBeUndefined();
  });
});

describe('codeowners-ai-paths', () => {
  it('holds when every AI asset file has an owner, naming the file and one owner', async () => {
    const evidence = await evidenceFor({
      ...AI_PROJECT,
      '.github/CODEOWNERS': dedent(`
        # Everything: the platform team
        *               @acme/platform
        # AI assets need a second look from ML security
        /prompts/       @acme/ml-security
        /models/        @acme/ml-security
        /data/          @acme/data-governance
        /app/chat.py    @acme/ml-security @alice
      `),
    }, 'codeowners-ai-paths');
    expect(evidence).toEqual([{
      check: 'codeowners-ai-paths',
      analyzer: 'repo-controls',
      summary: '.github/CODEOWNERS (5 rules) names an owner for all 4 AI asset files (dataset, model, prompt), e.g. app/chat.py -> @acme/ml-security @alice',
      location: { path: '.github/CODEOWNERS' },
    }]);
  });

  it('falls short when CODEOWNERS owns only docs/, listing the unowned AI files', async () => {
    const evidence = await evidenceFor({ ...AI_PROJECT, CODEOWNERS: '/docs/ @acme/docs\n' }, 'codeowners-ai-paths');
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.summary).toBe('CODEOWNERS (1 rule) names an owner for 0 of 4 AI asset files (dataset, model, prompt)');
    expect(evidence[0]!.shortfall).toBe('no code owner for app/chat.py, data/train.jsonl, models/classifier.safetensors, prompts/system.txt');
    expect(evidence[0]!.location).toEqual({ path: 'CODEOWNERS' });
  });

  it('falls short when a later pattern without owners takes the models away', async () => {
    const evidence = await evidenceFor({
      ...AI_PROJECT,
      'docs/CODEOWNERS': '* @acme/platform\n\n# generated by the training job, nobody reviews these\n/models/\n',
    }, 'codeowners-ai-paths');
    expect(evidence.map((e) => e.shortfall)).toEqual(['no code owner for models/classifier.safetensors (line 4 "/models/" names no owner)']);
  });

  it('counts agent-tool configs as AI asset files', async () => {
    const mcp = JSON.stringify({ mcpServers: { 'tickets-db': { command: 'uvx', args: ['mcp-server-sqlite==0.6.2', '--db-path', './data/tickets.db'] } } }, null, 2);
    const evidence = await evidenceFor(
      { 'README.md': '# Agent\n', '.cursor/mcp.json': mcp, '.github/CODEOWNERS': '*.md @acme/docs\n/.github/ @acme/platform\n' },
      'codeowners-ai-paths',
      [repoControlsAnalyzer, mcpConfigAnalyzer],
    );
    expect(evidence.map((e) => [e.summary, e.shortfall])).toEqual([[
      '.github/CODEOWNERS (2 rules) names an owner for 0 of 1 AI asset file (agent-tool)',
      'no code owner for .cursor/mcp.json',
    ]]);
  });

  it('falls short for a CODEOWNERS file larger than GitHub loads', async () => {
    const huge = `* @acme/platform\n${'# padding\n'.repeat(320_000)}`;
    const evidence = await evidenceFor({ ...AI_PROJECT, '.github/CODEOWNERS': huge }, 'codeowners-ai-paths');
    expect(evidence.map((e) => e.shortfall)).toEqual(['.github/CODEOWNERS is larger than 3 MB, and GitHub does not load a CODEOWNERS file that large']);
  });

  it('uses the file GitHub would use: .github/ before the root and docs/', async () => {
    const evidence = await evidenceFor({
      ...AI_PROJECT,
      '.github/CODEOWNERS': '* @acme/platform\n',
      CODEOWNERS: '/docs/ @acme/docs\n',
    }, 'codeowners-ai-paths');
    expect(evidence.map((e) => [e.location?.path, e.shortfall])).toEqual([['.github/CODEOWNERS', undefined]]);
  });

  it('says so when there are no AI asset files to check, and counts the lines GitHub skips', async () => {
    const evidence = await evidenceFor({
      'README.md': '# Tooling\n',
      'src/index.ts': 'export const answer = 42;\n',
      '.github/CODEOWNERS': '* @acme/platform\n!/src/generated/ @acme/bots\n',
    }, 'codeowners-ai-paths');
    expect(evidence.map((e) => [e.summary, e.shortfall])).toEqual([
      ['.github/CODEOWNERS (1 rule; 1 line GitHub would skip (line 2: negation (!) is not supported in CODEOWNERS)): aigis found no AI asset files (models, prompts, datasets, agent tools) to check it against', undefined],
    ]);
  });

  it('records nothing without CODEOWNERS, or with one only in a subfolder GitHub does not read', async () => {
    expect(await evidenceFor(AI_PROJECT, 'codeowners-ai-paths')).toEqual([]);
    expect(await evidenceFor({ ...AI_PROJECT, 'vendor/lib/CODEOWNERS': '* @someone\n' }, 'codeowners-ai-paths')).toEqual([]);
  });

  it('reads paths relative to a project folder below the scan root', () => {
    const recorded: EvidenceReport[] = [];
    const context: ProjectContext = { settings: {}, report: () => undefined, asset: () => undefined, evidence: (e) => void recorded.push(e) };
    const facts: { path: string; fact: RepoFact }[] = [
      { path: 'svc/.github/CODEOWNERS', fact: { kind: 'codeowners', rules: [{ pattern: '/prompts/', owners: ['@acme/ml'], line: 1 }], skipped: [], skippedCount: 0, truncated: false } },
    ];
    void repoControlsAnalyzer.analyzeProject!(
      {
        root: 'svc',
        files: [{ path: 'svc/prompts/system.txt', type: 'text', status: 'scanned' }, { path: 'svc/data/a.parquet', type: 'binary', status: 'scanned' }],
        facts,
        assets: [
          { kind: 'prompt', name: 'svc/prompts/system.txt', location: { path: 'svc/prompts/system.txt' }, properties: { source: 'file' } },
          { kind: 'dataset', name: 'svc/data/a.parquet', location: { path: 'svc/data/a.parquet' }, properties: { source: 'file' } },
        ],
      },
      context,
    );
    expect(recorded.map((e) => [e.location?.path, e.shortfall])).toEqual([['svc/.github/CODEOWNERS', 'no code owner for svc/data/a.parquet']]);
  });
});

describe('committed-inventory and inventory-covers-assets', () => {
  it('passes for the BOM `aigis bom` writes for the same tree, and names a model added after it', async () => {
    const root = makeTree(AI_PROJECT);
    roots.push(root);
    const first = await scanTree(root, ANALYZERS);
    expect(first.evidence.filter((e) => e.check === 'committed-inventory')).toEqual([]);
    const bom = renderCycloneDx({
      assets: first.assets,
      files: first.files,
      hashes: new Map(),
      tool: { name: 'aigis', version: 'test' },
      project: { name: 'refund-assistant' },
      reproducible: true,
    });
    addToTree(root, { 'bom.cdx.json': bom });

    const second = await scanTree(root, ANALYZERS);
    const inventory = second.evidence.filter((e) => e.check === 'committed-inventory');
    expect(inventory.map((e) => [e.summary, e.shortfall])).toEqual([
      ['bom.cdx.json is a CycloneDX 1.6 BOM listing 5 components (2 models, 3 data components)', undefined],
    ]);
    const covers = second.evidence.filter((e) => e.check === 'inventory-covers-assets');
    expect(covers).toEqual([{
      check: 'inventory-covers-assets',
      analyzer: 'repo-controls',
      summary: 'bom.cdx.json lists the 2 models and 1 dataset aigis found (acme/safety-classifier, data/train.jsonl, models/classifier.safetensors)',
      location: { path: 'bom.cdx.json' },
    }]);

    // A new model, and a re-pinned one, after the BOM was written.
    addToTree(root, {
      'app/chat.py': CHAT_PY.replace(COMMIT, NEWER),
      'app/summarise.py': dedent(`
        from transformers import pipeline

        def summariser():
            return pipeline("summarization", model="facebook/bart-large-cnn", revision="${COMMIT}")
      `),
      'models/reranker.safetensors': safetensors(),
    });
    const third = await scanTree(root, ANALYZERS);
    const stale = third.evidence.filter((e) => e.check === 'inventory-covers-assets');
    expect(stale.map((e) => [e.summary, e.shortfall])).toEqual([[
      'bom.cdx.json lists 2 of the 4 models and 1 dataset aigis found',
      `missing from bom.cdx.json: facebook/bart-large-cnn@${COMMIT.slice(0, 12)}, models/reranker.safetensors, acme/safety-classifier@${NEWER.slice(0, 12)} (the BOM lists another revision)`,
    ]]);
  });

  it('matches a BOM from another tool: nested components, data entries and Hugging Face purls', async () => {
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [
        {
          type: 'application',
          name: 'refund-assistant',
          components: [
            { type: 'machine-learning-model', name: 'safety-classifier', version: COMMIT, purl: `pkg:huggingface/acme/safety-classifier@${COMMIT}` },
            { type: 'file', name: 'classifier.safetensors', 'bom-ref': 'file:models/classifier.safetensors' },
            { type: 'data', name: 'training data', data: [{ type: 'dataset', name: 'data/train.jsonl' }] },
          ],
        },
      ],
    };
    const evidence = await evidenceFor({ ...AI_PROJECT, 'sbom/refund.cdx.json': JSON.stringify(bom) }, 'inventory-covers-assets');
    expect(evidence.map((e) => [e.summary, e.shortfall])).toEqual([
      ['sbom/refund.cdx.json lists the 2 models and 1 dataset aigis found (acme/safety-classifier, data/train.jsonl, models/classifier.safetensors)', undefined],
    ]);
  });

  it('gives a shortfall, not a throw, for a BOM that is not valid JSON, or JSON of the wrong kind', async () => {
    const root = makeTree({ ...AI_PROJECT, 'bom.cdx.json': '{"bomFormat": "CycloneDX", "components": [', 'sbom.json': '{"name": "not a bom"}', 'bom.json': '{"dependencies": {}}' });
    roots.push(root);
    const { evidence } = await scanTree(root, ANALYZERS);
    const inventory = evidence.filter((e) => e.check === 'committed-inventory');
    expect(inventory.map((e) => [e.location?.path, e.shortfall])).toEqual([
      ['bom.cdx.json', expect.stringMatching(/^bom\.cdx\.json is not valid JSON \(/)],
      ['sbom.json', 'sbom.json is neither CycloneDX (bomFormat) nor SPDX (spdxVersion)'],
    ]);
    const covers = evidence.filter((e) => e.check === 'inventory-covers-assets');
    expect(covers.every((e) => e.shortfall !== undefined)).toBe(true);
  });

  it('compares the package names of an SPDX document', async () => {
    const spdx = {
      spdxVersion: 'SPDX-2.3',
      SPDXID: 'SPDXRef-DOCUMENT',
      packages: [
        { SPDXID: 'SPDXRef-model', name: 'acme/safety-classifier', versionInfo: COMMIT },
        { SPDXID: 'SPDXRef-openai', name: 'openai', versionInfo: '1.40.0', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/openai@1.40.0' }] },
      ],
      files: [{ SPDXID: 'SPDXRef-weights', fileName: './models/classifier.safetensors' }],
    };
    const root = makeTree({ ...AI_PROJECT, 'sbom.spdx.json': JSON.stringify(spdx) });
    roots.push(root);
    const { evidence } = await scanTree(root, ANALYZERS);
    expect(evidence.filter((e) => e.check === 'committed-inventory').map((e) => e.summary)).toEqual(['sbom.spdx.json is an SPDX-2.3 document listing 2 packages and 1 file']);
    expect(evidence.filter((e) => e.check === 'inventory-covers-assets').map((e) => e.shortfall)).toEqual(['missing from sbom.spdx.json: data/train.jsonl']);
  });

  it('records a CycloneDX XML BOM as present, with its contents unchecked', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">\n  <components/>\n</bom>\n';
    const root = makeTree({ ...AI_PROJECT, 'bom.xml': xml, 'pom/bom.xml': '<project><modelVersion>4.0.0</modelVersion></project>' });
    roots.push(root);
    const { evidence } = await scanTree(root, ANALYZERS);
    expect(evidence.filter((e) => e.check === 'committed-inventory').map((e) => [e.summary, e.shortfall])).toEqual([['bom.xml is a CycloneDX XML BOM (contents not checked)', undefined]]);
    expect(evidence.filter((e) => e.check === 'inventory-covers-assets').map((e) => e.shortfall)).toEqual([
      'aigis compares only JSON BOMs with the inventory; commit the JSON form too (aigis bom -o bom.cdx.json)',
    ]);
  });

  it('records nothing when no BOM is committed, or only test fixtures named like one', async () => {
    expect(await evidenceFor(AI_PROJECT, 'committed-inventory')).toEqual([]);
    const fixture = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] });
    expect(await evidenceFor({ ...AI_PROJECT, 'tests/fixtures/empty.cdx.json': fixture }, 'committed-inventory')).toEqual([]);
  });
});

const NODE_AND_PYTHON: TreeSpec = {
  'package.json': JSON.stringify({ name: 'refund-web', version: '1.0.0', dependencies: { express: '^4.19.0' } }, null, 2),
  'requirements.txt': 'openai==1.40.0\ntransformers==4.44.0\n',
  Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n',
  '.github/workflows/ci.yml': 'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
  'tests/fixtures/go.mod': 'module example.com/fixture\n',
  'app/main.py': 'print("hello")\n',
};

describe('dependency-update-automation', () => {
  const dependabot = (entries: string) => `version: 2\nupdates:\n${entries}`;
  const entry = (ecosystem: string, interval = 'weekly') => `  - package-ecosystem: "${ecosystem}"\n    directory: "/"\n    schedule:\n      interval: "${interval}"\n`;

  it('holds when Dependabot updates every ecosystem in the repository', async () => {
    const evidence = await evidenceFor({
      ...NODE_AND_PYTHON,
      '.github/dependabot.yml': dependabot(entry('npm') + entry('pip') + entry('docker') + entry('github-actions')),
    }, 'dependency-update-automation');
    expect(evidence).toEqual([{
      check: 'dependency-update-automation',
      analyzer: 'repo-controls',
      summary: '.github/dependabot.yml updates npm, pip, docker and github-actions weekly, covering every ecosystem in the repository',
      location: { path: '.github/dependabot.yml', startLine: 3 },
    }]);
  });

  it('falls short for an ecosystem without an entry, naming the file that implies it', async () => {
    const evidence = await evidenceFor({
      ...NODE_AND_PYTHON,
      '.github/dependabot.yaml': dependabot(entry('npm', 'daily') + entry('github-actions') + entry('docker')),
    }, 'dependency-update-automation');
    expect(evidence.map((e) => [e.summary, e.shortfall])).toEqual([[
      '.github/dependabot.yaml updates npm (daily), github-actions (weekly), docker (weekly) (3 of 4 ecosystems in the repository)',
      'no Dependabot entry for pip (requirements.txt)',
    ]]);
  });

  it('accepts uv for Python, and names an entry that is there but turned off', async () => {
    const evidence = await evidenceFor({
      ...NODE_AND_PYTHON,
      '.github/dependabot.yml': dependabot(`${entry('npm')}${entry('uv')}${entry('github-actions')}  - package-ecosystem: docker\n    directory: /\n    schedule:\n      interval: weekly\n    open-pull-requests-limit: 0\n`),
    }, 'dependency-update-automation');
    expect(evidence.map((e) => e.shortfall)).toEqual(['the docker entry (line 15) does not update docker (Dockerfile): open-pull-requests-limit: 0 turns version updates off']);
  });

  it('gives a shortfall, not a throw, for YAML it cannot read', async () => {
    const evidence = await evidenceFor({ ...NODE_AND_PYTHON, '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n   directory: [\n' }, 'dependency-update-automation');
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.shortfall).toMatch(/^\.github\/dependabot\.yml cannot be used: it is not valid YAML \(line \d+\)/);
  });

  it('holds for a Renovate config that runs every manager', async () => {
    const evidence = await evidenceFor({ ...NODE_AND_PYTHON, 'renovate.json': '{\n  "$schema": "https://docs.renovatebot.com/renovate-schema.json",\n  "extends": ["config:recommended"]\n}\n' }, 'dependency-update-automation');
    expect(evidence.map((e) => [e.summary, e.shortfall, e.location])).toEqual([[
      'renovate.json (extends config:recommended) runs every manager, covering npm, pip, docker and github-actions',
      undefined,
      { path: 'renovate.json' },
    ]]);
  });

  it('compares enabledManagers with the manifests, in a JSON5 config', async () => {
    const evidence = await evidenceFor({
      ...NODE_AND_PYTHON,
      '.github/renovate.json5': "{\n  extends: ['config:recommended'],\n  // Python is pinned by hand\n  enabledManagers: ['npm', 'github-actions', 'pep621'],\n}\n",
    }, 'dependency-update-automation');
    expect(evidence.map((e) => [e.summary, e.shortfall])).toEqual([[
      '.github/renovate.json5 (extends config:recommended) runs only npm, github-actions, pep621 (enabledManagers)',
      'Renovate does not update pip (requirements.txt): none of pip_requirements and pip-compile runs, docker (Dockerfile): none of dockerfile runs',
    ]]);
  });

  it('reads the renovate key of package.json, and sees enabled: false', async () => {
    const pkg = { name: 'refund-web', dependencies: { express: '^4.19.0' }, renovate: { enabled: false, extends: ['config:base'] } };
    const evidence = await evidenceFor({ ...NODE_AND_PYTHON, 'package.json': JSON.stringify(pkg, null, 2) }, 'dependency-update-automation');
    expect(evidence.map((e) => [e.summary, e.shortfall])).toEqual([[
      'the renovate key of package.json (extends config:base)',
      'the renovate key of package.json sets enabled: false, which turns Renovate off',
    ]]);
  });

  it('gives a shortfall for a Renovate config that is not valid JSON', async () => {
    const evidence = await evidenceFor({ ...NODE_AND_PYTHON, '.renovaterc.json': '{"extends": ["config:recommended"' }, 'dependency-update-automation');
    expect(evidence.map((e) => e.shortfall)).toEqual([expect.stringMatching(/^\.renovaterc\.json cannot be used: it is not valid JSON \(/)]);
  });

  it('records nothing without Dependabot or Renovate, and ignores a dependabot.yml outside .github/', async () => {
    expect(await evidenceFor(NODE_AND_PYTHON, 'dependency-update-automation')).toEqual([]);
    expect(await evidenceFor({ ...NODE_AND_PYTHON, 'docs/examples/dependabot.yml': dependabot(entry('npm')) }, 'dependency-update-automation')).toEqual([]);
  });
});
