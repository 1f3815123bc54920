/** `aigis bom` in-process: the real engine over real folders, the BOM read back and checked against the schema. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { stderrOnTerminal } from '../../../test/support/stderr.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { analyzers } from '../../analyzers/index.js';
import type { Asset } from '../../core/asset.js';
import { component, danglingRefs, propsOf, schemaErrors, type Json } from '../../reporters/cyclonedx/test-support/validate.js';
import { projectIdentity, runBom, type BomFlags } from './run.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/support-assistant', import.meta.url));

const roots: string[] = [];
afterEach(() => {
  roots.splice(0).forEach(removeTree);
  process.exitCode = 0;
});

function folder(spec: TreeSpec): string {
  const root = makeTree(spec, 'aigis-bom-');
  roots.push(root);
  return root;
}

/** A minimal valid safetensors file: an 8-byte header length, a JSON header, one F32 tensor. */
function safetensors(): Buffer {
  const header = Buffer.from(JSON.stringify({ weight: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, __metadata__: { format: 'pt' } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.from(new Float32Array([0.5, -1.25]).buffer)]);
}

const SYNTHETIC: TreeSpec = {
  'pyproject.toml': '[project]\nname = "ticket-router"\nversion = "1.2.0"\ndescription = "Routes tickets."\ndependencies = ["transformers==4.44.2", "openai>=1.40"]\n',
  'requirements.txt': 'transformers==4.44.2\nopenai>=1.40\ndatasets==2.21.0\n',
  'models/router/model.safetensors': safetensors(),
  'models/router/README.md':
    '---\nlicense: apache-2.0\nbase_model: distilbert/distilbert-base-uncased\ndatasets:\n  - acme/tickets\npipeline_tag: text-classification\nmetrics:\n  - accuracy\n---\n# Ticket router\n\n## Intended uses\n\nRoute support tickets.\n\n## Limitations\n\nEnglish only.\n',
  'models/legacy/router.pkl': Buffer.from([0x80, 0x04, 0x4b, 0x01, 0x2e]),
  'data/train.csv': 'text,label\nmy bill is wrong,billing\n',
  'prompts/system.txt': 'You are the ticket router. Answer with one queue name.\n',
  'app/route.py': [
    'from datasets import load_dataset',
    'from openai import OpenAI',
    'from transformers import AutoModelForSequenceClassification',
    '',
    'client = OpenAI(base_url="https://llm.acme.example/v1")',
    'model = AutoModelForSequenceClassification.from_pretrained("distilbert/distilbert-base-uncased")',
    'tickets = load_dataset("acme/tickets")',
    '',
    '',
    'def explain(ticket: str) -> str:',
    '    reply = client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        messages=[{"role": "system", "content": "Explain the routing in one sentence."}, {"role": "user", "content": ticket}],',
    '    )',
    '    return reply.choices[0].message.content',
    '',
  ].join('\n'),
};

// Workers load the built analyzers; from source, analyse on the main thread.
const FLAGS: BomFlags = { spec: '1.6', gitignore: true, progress: true, quiet: true, jobs: 0 };

async function bomOf(root: string, flags: Partial<BomFlags> = {}): Promise<{ text: string; bom: Json }> {
  const output = join(folder({}), 'bom.json');
  await runBom(root, { ...FLAGS, ...flags, output });
  expect(process.exitCode).toBe(0);
  const text = readFileSync(output, 'utf8');
  return { text, bom: JSON.parse(text) as Json };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('progress', () => {
  it('draws a progress line on a terminal and clears it, and draws nothing with --no-progress or --quiet', async () => {
    const root = folder(SYNTHETIC);
    const written = await stderrOnTerminal(() => bomOf(root, { quiet: false }));
    expect(written.some((text) => /^\raigis: (?:scanning|\[)/.test(text))).toBe(true);
    expect(written).toContain('\r\u001b[K');
    const silent = await stderrOnTerminal(async () => {
      await bomOf(root, { quiet: false, progress: false });
      await bomOf(root, { quiet: true });
    });
    expect(silent.filter((text) => text.startsWith('\r'))).toEqual([]);
  });
});

describe('aigis bom on a synthetic project', () => {
  it.each(['1.6', '1.7'] as const)('writes a BOM that validates against CycloneDX %s, with resolvable references', async (spec) => {
    const root = folder(SYNTHETIC);
    const { bom } = await bomOf(root, { spec });
    expect(bom['specVersion']).toBe(spec);
    expect(await schemaErrors(bom, spec)).toBeNull();
    expect(danglingRefs(bom)).toEqual([]);
    expect(bom['metadata']['component']).toMatchObject({ name: 'ticket-router', version: '1.2.0', description: 'Routes tickets.' });
  });

  it('hashes local model files as sha256sum does, including one no analyzer recorded', async () => {
    const root = folder(SYNTHETIC);
    const { bom } = await bomOf(root);
    for (const path of ['models/router/model.safetensors', 'models/legacy/router.pkl']) {
      const model = component(bom, `aigis:model/file/${path}`);
      expect(model['type']).toBe('machine-learning-model');
      const expected = sha256(join(root, path));
      expect(model['hashes']).toEqual([{ alg: 'SHA-256', content: expected }]);
      if (existsSync('/usr/bin/sha256sum')) expect(execFileSync('/usr/bin/sha256sum', [join(root, path)], { encoding: 'utf8' }).split(' ')[0]).toBe(expected);
    }
    expect(propsOf(component(bom, 'aigis:model/file/models/router/model.safetensors'))['aigis:format']).toBe('safetensors');
  });

  it('gives the same bytes twice with --reproducible, and otherwise differs only in serial number and timestamp', async () => {
    const root = folder(SYNTHETIC);
    const [a, b] = [await bomOf(root, { reproducible: true }), await bomOf(root, { reproducible: true })];
    expect(a.text).toBe(b.text);
    expect(a.bom['serialNumber']).toBeUndefined();
    expect(a.bom['metadata']['timestamp']).toBeUndefined();
    const [c, d] = [await bomOf(root), await bomOf(root)];
    expect(c.bom['serialNumber']).toMatch(/^urn:uuid:/);
    expect(c.bom['serialNumber']).not.toBe(d.bom['serialNumber']);
    expect(Date.parse(c.bom['metadata']['timestamp'])).not.toBeNaN();
    const strip = (bom: Json) => ({ ...bom, serialNumber: undefined, metadata: { ...bom['metadata'], timestamp: undefined } });
    expect(strip(c.bom)).toEqual(strip(d.bom));
    expect(strip(c.bom)).toEqual(a.bom);
  });
});

/**
 * Whatever the analyzers record (their coverage grows independently of the BOM), every asset lands in the BOM:
 * as a component or service whose `aigis:location` names where it was seen, or, for a model card, as the
 * `modelCard` of a component.
 */
function missingAssets(assets: readonly Asset[], bom: Json): string[] {
  const items = [...(bom['components'] as Json[]), ...((bom['services'] ?? []) as Json[])];
  const locations = new Set(items.flatMap((item) => ((item['properties'] ?? []) as Json[]).filter((p) => p['name'] === 'aigis:location').map((p) => p['value'] as string)));
  const cards = new Set(items.flatMap((item) => ((item['modelCard']?.['properties'] ?? []) as Json[]).filter((p) => p['name'] === 'aigis:card').map((p) => p['value'] as string)));
  return assets
    .filter((asset) => {
      if (asset.properties?.['source'] === 'card') return !cards.has(asset.properties['card'] ?? '');
      const where = `${asset.location.path}${asset.location.member ? `!${asset.location.member}` : ''}${asset.location.startLine ? `:${asset.location.startLine}` : ''}`;
      return !locations.has(where);
    })
    .map((asset) => `${asset.kind} ${asset.name} at ${asset.location.path}`);
}

describe('every recorded asset is in the BOM', () => {
  it.each([
    ['the synthetic project', () => folder(SYNTHETIC)],
    ['the bundled example', () => EXAMPLE],
  ])('%s', async (_, root) => {
    const path = root();
    const { assets } = await scanTree(path, analyzers);
    expect(assets.length).toBeGreaterThan(0);
    const { bom } = await bomOf(path);
    expect(missingAssets(assets, bom)).toEqual([]);
  });
});

describe('aigis bom on the bundled example', () => {
  it.each(['1.6', '1.7'] as const)('validates against CycloneDX %s and lists the model files with their hashes', async (spec) => {
    const { bom } = await bomOf(EXAMPLE, { spec });
    expect(await schemaErrors(bom, spec)).toBeNull();
    expect(danglingRefs(bom)).toEqual([]);
    expect(bom['metadata']['component']).toMatchObject({ name: 'acme-support-assistant', version: '0.4.2' });
    for (const path of ['models/intent-classifier/model.safetensors', 'models/intent-classifier/classifier.pkl', 'models/reranker/pytorch_model.bin']) {
      expect(component(bom, `aigis:model/file/${path}`)['hashes']).toEqual([{ alg: 'SHA-256', content: sha256(join(EXAMPLE, path)) }]);
    }
  });
});

describe('projectIdentity', () => {
  it('reads pyproject.toml [project], then [tool.poetry], then package.json, then the folder name', () => {
    expect(projectIdentity(folder({ 'pyproject.toml': '[project]\nname = "a"\nversion = "1"\n', 'package.json': '{"name":"b"}' }))).toEqual({ name: 'a', version: '1' });
    expect(projectIdentity(folder({ 'pyproject.toml': '[tool.poetry]\nname = "p"\nversion = "0.1.0"\n' }))).toEqual({ name: 'p', version: '0.1.0' });
    expect(projectIdentity(folder({ 'pyproject.toml': 'not = [toml', 'package.json': '{"name":"@acme/bot","version":"2.0.0"}' }))).toEqual({ name: '@acme/bot', version: '2.0.0' });
    const bare = folder({ 'package.json': '{"name": 42}' });
    expect(projectIdentity(bare).name).toBe(bare.split('/').pop());
  });
});
