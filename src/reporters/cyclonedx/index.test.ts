import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSET_KINDS, type Asset } from '../../core/asset.js';
import { COMMIT, SHA_A, SHA_B, SYNTHETIC_ASSETS, SYNTHETIC_FILES } from './test-support/fixtures.js';
import { allProps, component, danglingRefs, propsOf, schemaErrors, type Json } from './test-support/validate.js';
import { buildCycloneDx, filesToHash, renderCycloneDx, ROOT_REF, type BomInput } from './index.js';
import { KNOWN_SPDX_IDS } from './spdx.js';

const HASHES = new Map([
  ['models/intent/model.safetensors', SHA_A],
  ['prompts/system.txt', SHA_A],
  ['data/faq.jsonl', SHA_B],
]);

function input(overrides: Partial<BomInput> = {}): BomInput {
  return {
    assets: SYNTHETIC_ASSETS,
    files: SYNTHETIC_FILES,
    hashes: HASHES,
    tool: { name: 'aigis', version: '0.1.0' },
    project: { name: 'acme-support-assistant', version: '0.4.2' },
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    timestamp: '2026-11-22T03:00:00.000Z',
    ...overrides,
  };
}

describe('buildCycloneDx', () => {
  it.each(['1.6', '1.7'] as const)('writes a BOM with every asset kind that validates against CycloneDX %s', async (spec) => {
    const bom = buildCycloneDx(input({ spec }));
    expect(bom['specVersion']).toBe(spec);
    expect(await schemaErrors(bom, spec)).toBeNull();
    const types = new Set((bom['components'] as Json[]).map((c) => c['type']));
    expect([...types].sort()).toEqual(['data', 'library', 'machine-learning-model']);
    expect((bom['services'] as Json[]).map((s) => propsOf(s)['aigis:kind']).sort()).toEqual(['agent-tool', 'agent-tool', 'service', 'service', 'vector-store']);
  });

  it('rejects what the schema forbids, so the validation above can fail', async () => {
    const bom = buildCycloneDx(input()) as Json;
    bom['components'][0]['data'] = [{ type: 'prompt', name: 'x' }];
    expect(await schemaErrors(bom, '1.6')).not.toBeNull();
  });

  it('describes a local model file with its hash, format, size, signature state and the card in its folder', () => {
    const model = component(buildCycloneDx(input()), 'aigis:model/file/models/intent/model.safetensors');
    expect(model['type']).toBe('machine-learning-model');
    expect(model['hashes']).toEqual([{ alg: 'SHA-256', content: SHA_A }]);
    expect(propsOf(model)).toMatchObject({ 'aigis:format': 'safetensors', 'aigis:size': '1024', 'aigis:signed': 'true', 'aigis:source': 'file' });
    expect(model['licenses']).toEqual([{ license: { id: 'Apache-2.0' } }]);
    expect(model['pedigree']['ancestors'][0]).toMatchObject({ name: 'distilbert/distilbert-base-uncased', purl: 'pkg:huggingface/distilbert/distilbert-base-uncased' });
    const card = model['modelCard'];
    expect(card['modelParameters']['task']).toBe('text-classification');
    // A dataset the BOM lists is referenced; one it does not is described inline with its hub address.
    expect(card['modelParameters']['datasets']).toEqual([
      { ref: 'aigis:dataset/hub/acme/support-tickets' },
      { type: 'dataset', name: 'imdb', contents: { url: 'https://huggingface.co/datasets/imdb' } },
    ]);
    expect(card['considerations']).toEqual({ useCases: ['Route support tickets to a queue.'], technicalLimitations: ['English only; not for legal advice.'] });
    expect(card['quantitativeAnalysis']).toEqual({ performanceMetrics: [{ type: 'accuracy' }, { type: 'f1' }] });
  });

  it('lists a model file no analyzer recorded, from its sniffed type, and a card without a model file on its own', () => {
    const bom = buildCycloneDx(input());
    const legacy = component(bom, 'aigis:model/file/models/legacy/model.pkl');
    expect(propsOf(legacy)).toMatchObject({ 'aigis:format': 'pickle', 'aigis:size': '300' });
    expect(legacy['hashes']).toBeUndefined(); // the caller computed none for it in this test
    const orphan = component(bom, 'aigis:model-card/models/orphan');
    expect(orphan['licenses']).toEqual([{ license: { id: 'MIT' } }]);
    expect(orphan['modelCard']['bom-ref']).toBe('aigis:model-card/models/orphan#model-card');
    expect(() => component(bom, 'aigis:model-card/models/intent')).toThrow(); // used by the model file instead
  });

  it('describes hub references with revision, purl, hub address and whether they are pinned, once per model', () => {
    const bom = buildCycloneDx(input());
    const pinned = component(bom, `aigis:model/hub/BAAI/bge-reranker-base@${COMMIT}`);
    expect(pinned).toMatchObject({ name: 'BAAI/bge-reranker-base', version: COMMIT, purl: `pkg:huggingface/BAAI/bge-reranker-base@${COMMIT}` });
    expect(pinned['externalReferences']).toEqual([{ type: 'distribution', url: 'https://huggingface.co/BAAI/bge-reranker-base' }]);
    expect(propsOf(pinned)['aigis:pinned']).toBe('true');
    const floating = component(bom, 'aigis:model/hub/sentence-transformers/all-MiniLM-L6-v2');
    expect(floating['version']).toBeUndefined();
    expect(propsOf(floating)).toMatchObject({ 'aigis:pinned': 'false', 'aigis:trust_remote_code': 'true' });
    expect(allProps(floating, 'aigis:location')).toEqual(['app/embed.py:4', 'app/search.py:9']);
  });

  it('writes datasets and prompts as data components with the entry types the schema has', () => {
    const bom = buildCycloneDx(input());
    const local = component(bom, 'aigis:dataset/file/data/faq.jsonl');
    expect(local).toMatchObject({ type: 'data', data: [{ type: 'dataset', name: 'data/faq.jsonl' }], hashes: [{ alg: 'SHA-256', content: SHA_B }] });
    const hub = component(bom, 'aigis:dataset/hub/acme/support-tickets');
    expect(hub['externalReferences']).toEqual([{ type: 'distribution', url: 'https://huggingface.co/datasets/acme/support-tickets' }]);
    const file = component(bom, 'aigis:prompt/prompts/system.txt');
    expect(file).toMatchObject({ type: 'data', data: [{ type: 'other', name: 'prompts/system.txt' }] });
    expect(file['hashes']).toEqual([{ alg: 'SHA-256', content: SHA_A }]); // the file's bytes, as computed by the command
    expect(propsOf(file)).toMatchObject({ 'aigis:kind': 'prompt', 'aigis:text_sha256': SHA_B });
    const literal = component(bom, 'aigis:prompt/app/llm.py:31');
    expect(literal['hashes']).toEqual([{ alg: 'SHA-256', content: SHA_B }]);
    expect(propsOf(literal)['aigis:location']).toBe('app/llm.py:31');
  });

  it('merges a service seen in several files and keeps only endpoints that are URLs', () => {
    const services = buildCycloneDx(input())['services'] as Json[];
    const openai = services.find((s) => s['bom-ref'] === 'aigis:service/openai')!;
    expect(openai['provider']).toEqual({ name: 'openai' });
    expect(openai['endpoints']).toEqual(['https://llm-gateway.acme.example/v1']);
    expect(allProps(openai, 'aigis:model')).toEqual(['gpt-4o', 'gpt-4o-mini']);
    const tool = services.find((s) => s['bom-ref'] === 'aigis:agent-tool/ShellTool')!;
    expect(propsOf(tool)).toMatchObject({ 'aigis:kind': 'agent-tool', 'aigis:framework': 'langchain' });
    expect(tool['provider']).toBeUndefined();
  });

  it('writes packages with purl and scope, folds a manifest range into the locked version, and links the graph', () => {
    const bom = buildCycloneDx(input());
    const openai = component(bom, 'aigis:package/pypi/openai@1.45.0');
    expect(openai).toMatchObject({ type: 'library', name: 'openai', version: '1.45.0', scope: 'required', purl: 'pkg:pypi/openai@1.45.0' });
    expect(allProps(openai, 'aigis:location')).toEqual(['requirements.txt:1', 'uv.lock:40']);
    expect(propsOf(openai)['aigis:specifier']).toBe('>=1.40');
    expect(() => component(bom, 'aigis:package/pypi/openai')).toThrow();
    expect(component(bom, 'aigis:package/pypi/pytest@8.3.2')['scope']).toBe('excluded');
    expect(component(bom, 'aigis:package/npm/openai@4.56.0')['scope']).toBe('optional');
    expect(component(bom, 'aigis:package/npm/@anthropic-ai/sdk@0.27.3')['purl']).toBe('pkg:npm/%40anthropic-ai/sdk@0.27.3');
    expect(component(bom, 'aigis:package/pypi/pydantic@2.8.2')['purl']).toBe('pkg:pypi/pydantic@2.8.2');

    const deps = new Map((bom['dependencies'] as Json[]).map((d) => [d['ref'], d['dependsOn'] ?? []]));
    expect(deps.get('aigis:package/pypi/openai@1.45.0')).toEqual(['aigis:package/pypi/httpx@0.27.0', 'aigis:package/pypi/pydantic@2.8.2']);
    expect(deps.get('aigis:package/pypi/httpx@0.27.0')).toEqual(['aigis:package/pypi/certifi@2024.7.4']); // unknown names dropped
    const root = deps.get(ROOT_REF) as string[];
    expect(root).toContain('aigis:package/pypi/openai@1.45.0');
    expect(root).toContain('aigis:package/pypi/pytest@8.3.2');
    expect(root).not.toContain('aigis:package/pypi/httpx@0.27.0'); // transitive
    expect(root).toContain('aigis:service/openai');
    expect(danglingRefs(bom)).toEqual([]);
  });

  it('names the project and the tool in metadata', () => {
    const bom = buildCycloneDx(input());
    expect(bom['metadata']).toEqual({
      timestamp: '2026-11-22T03:00:00.000Z',
      tools: { components: [{ type: 'application', name: 'aigis', version: '0.1.0' }] },
      component: { type: 'application', 'bom-ref': ROOT_REF, name: 'acme-support-assistant', version: '0.4.2' },
    });
  });

  it('differs between runs only in serial number and timestamp, and not at all when reproducible', () => {
    const a = buildCycloneDx(input({ serialNumber: undefined, timestamp: undefined }));
    const b = buildCycloneDx(input({ serialNumber: undefined, timestamp: undefined, assets: [...SYNTHETIC_ASSETS].reverse(), files: [...SYNTHETIC_FILES].reverse() }));
    expect(a['serialNumber']).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a['serialNumber']).not.toBe(b['serialNumber']);
    const strip = (bom: Json) => ({ ...bom, serialNumber: undefined, metadata: { ...bom['metadata'], timestamp: undefined } });
    expect(strip(a)).toEqual(strip(b));
    const r1 = renderCycloneDx(input({ reproducible: true }));
    const r2 = renderCycloneDx(input({ reproducible: true, serialNumber: undefined, timestamp: undefined }));
    expect(r1).toBe(r2);
    expect(r1).not.toContain('serialNumber');
    expect(r1).not.toContain('timestamp');
  });

  it('components are sorted by bom-ref, and bom-refs are unique', () => {
    const refs = (buildCycloneDx(input())['components'] as Json[]).map((c) => c['bom-ref'] as string);
    expect(refs).toEqual([...refs].sort());
    expect(new Set(refs).size).toBe(refs.length);
  });
});

describe('licenses', () => {
  it('uses the SPDX id where the card names one exactly, and the name otherwise; every id validates', async () => {
    const withLicense = (license: string) =>
      buildCycloneDx(input({ assets: SYNTHETIC_ASSETS.map((a) => (a.properties?.['source'] === 'card' ? { ...a, properties: { ...a.properties, license } } : a)) }));
    const licenseOf = (bom: Json) => component(bom, 'aigis:model/file/models/intent/model.safetensors')['licenses'];
    expect(licenseOf(withLicense('cc-by-nc-sa-4.0'))).toEqual([{ license: { id: 'CC-BY-NC-SA-4.0' } }]);
    expect(licenseOf(withLicense('gpl-3.0'))).toEqual([{ license: { id: 'GPL-3.0-only' } }]);
    expect(licenseOf(withLicense('llama3.1'))).toEqual([{ license: { name: 'llama3.1' } }]);
    expect(licenseOf(withLicense('other'))).toEqual([{ license: { name: 'other' } }]);
    for (const id of KNOWN_SPDX_IDS) {
      const bom = withLicense(id.toLowerCase());
      expect(licenseOf(bom), id).toEqual([{ license: { id } }]);
      expect(await schemaErrors(bom, '1.6'), id).toBeNull();
    }
  });
});

describe('filesToHash', () => {
  it('asks for local model, dataset and prompt files and unrecorded model files, never hub names or code locations', () => {
    expect(filesToHash(SYNTHETIC_ASSETS, SYNTHETIC_FILES)).toEqual(['data/faq.jsonl', 'models/intent/model.safetensors', 'models/legacy/model.pkl', 'prompts/system.txt']);
  });
});

describe('hostile asset values', () => {
  const text = fc.string({ maxLength: 40 });
  const asset = fc.record({
    kind: fc.constantFrom(...ASSET_KINDS),
    name: fc.oneof(text, fc.constantFrom('org/name', 'a', 'models/x.bin', '')),
    version: fc.option(fc.oneof(text, fc.constant(COMMIT)), { nil: undefined }),
    location: fc.record({ path: text, startLine: fc.option(fc.nat(1000), { nil: undefined }) }),
    properties: fc.dictionary(
      fc.constantFrom('source', 'format', 'size', 'signed', 'pinned', 'sha256', 'endpoint', 'model', 'sdk', 'ecosystem', 'purl', 'scope', 'direct', 'depends_on', 'license', 'datasets', 'metrics', 'base_model', 'intended_use', 'limitations'),
      fc.oneof(text, fc.constantFrom('file', 'hub', 'card', 'pypi', 'npm', 'dev', 'true', 'http://x.example/v1', SHA_A, 'a,b,,c')),
    ),
  });

  it('never throws, and what it writes still validates and has no dangling references', async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    await fc.assert(
      fc.asyncProperty(fc.array(asset, { maxLength: 12 }), async (assets) => {
        const bom = buildCycloneDx(input({ assets: assets as Asset[], reproducible: true }));
        expect(danglingRefs(bom)).toEqual([]);
        const refs = (bom['components'] as Json[]).map((c) => c['bom-ref']);
        expect(new Set(refs).size).toBe(refs.length);
        expect(await validator.validate(JSON.stringify(bom))).toBeNull();
      }),
      { numRuns: 60 },
    );
  });
});
