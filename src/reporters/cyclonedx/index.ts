/**
 * @module CycloneDX 1.6 / 1.7 AI/ML-BOM from the assets a scan recorded. A pure function: the caller hands
 * over the assets, the file records, the file hashes it computed and the project's name; nothing here reads a
 * file. Component references are derived from kind, name and version, and every list is sorted, so two runs
 * on the same tree differ only in `serialNumber` and `metadata.timestamp` (both left out when reproducible).
 *
 * Mapping (asset kind -> CycloneDX):
 * - model (hub reference or local file) -> `machine-learning-model` component; a Hugging Face style model card
 *   (`source: card`) fills the `modelCard` and `licenses` of the model files in its folder, or becomes a
 *   model component of its own when the folder holds none;
 * - dataset -> `data` component with one `data[]` entry of type `dataset`;
 * - prompt -> `data` component with one `data[]` entry of type `other` and the prompt's SHA-256 in `hashes`
 *   (CycloneDX has no prompt type; a `data` component keeps prompts next to datasets as "data the system
 *   feeds a model", and unlike `file` it says what the thing is for; `aigis:kind=prompt` marks it);
 * - service, agent-tool, vector-store -> `services[]` (each is something the system calls; `aigis:kind` tells
 *   them apart);
 * - package -> `library` component with `purl` and `scope`, linked in `dependencies[]`.
 */
import { randomUUID } from 'node:crypto';
import type { Asset } from '../../core/asset.js';
import type { FileRecord } from '../../core/file-record.js';
import { spdxId } from './spdx.js';
import { isModelFile } from '../../core/model-file.js';

export const CYCLONEDX_SPECS = ['1.6', '1.7'] as const;
export type CycloneDxSpec = (typeof CYCLONEDX_SPECS)[number];

export interface BomInput {
  readonly assets: readonly Asset[];
  readonly files: readonly FileRecord[];
  /** SHA-256 (hex) of local files by path relative to the scan root; see {@link filesToHash}. */
  readonly hashes: ReadonlyMap<string, string>;
  readonly tool: { readonly name: string; readonly version: string };
  /** The project the BOM describes (`metadata.component`). */
  readonly project: { readonly name: string; readonly version?: string; readonly description?: string };
  readonly spec?: CycloneDxSpec;
  /** Leave out `serialNumber` and `metadata.timestamp`, so the output is byte-identical across runs. */
  readonly reproducible?: boolean;
  /** For tests: fixed values instead of a random UUID and the clock. */
  readonly serialNumber?: string;
  readonly timestamp?: string;
}

type Json = Record<string, unknown>;

export const ROOT_REF = 'aigis:project';

const HEX64 = /^[0-9a-f]{64}$/i;

const prop = (asset: Asset | undefined, key: string): string | undefined => asset?.properties?.[key];

/** The local files the BOM wants a SHA-256 of: model, dataset and prompt files, and model files no analyzer recorded. */
export function filesToHash(assets: readonly Asset[], files: readonly FileRecord[]): string[] {
  const paths = new Set<string>();
  const regular = new Set(files.filter((f) => f.type !== 'directory' && f.type !== 'symlink' && f.type !== 'special').map((f) => f.path));
  for (const asset of assets) {
    if ((asset.kind === 'model' || asset.kind === 'dataset' || asset.kind === 'prompt') && prop(asset, 'source') === 'file' && regular.has(asset.name)) {
      paths.add(asset.name);
    }
  }
  for (const record of files) if (isModelFile(record)) paths.add(record.path);
  return [...paths].sort();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function locationText(asset: Asset): string {
  const { path, member, startLine } = asset.location;
  return `${path}${member ? `!${member}` : ''}${startLine ? `:${startLine}` : ''}`;
}

/** Assets with the same identity, seen in several places, become one entry. */
interface Group {
  readonly ref: string;
  readonly first: Asset;
  readonly all: Asset[];
}

function group(assets: readonly Asset[], identity: (asset: Asset) => string): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const asset of assets) {
    const ref = identity(asset);
    const existing = groups.get(ref);
    if (existing) existing.all.push(asset);
    else groups.set(ref, { ref, first: asset, all: [asset] });
  }
  return groups;
}

/** The first value of a property across a group (assets are sorted, so "first" is stable). */
function groupProp(g: Group, key: string): string | undefined {
  for (const asset of g.all) {
    const value = prop(asset, key);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function properties(entries: ReadonlyArray<readonly [string, string | undefined]>): Json[] | undefined {
  const seen = new Set<string>();
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, value] of entries) {
    if (value === undefined || value === '') continue;
    const key = `${name}\u0000${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, value });
  }
  out.sort((a, b) => compare(a.name, b.name) || compare(a.value, b.value));
  return out.length > 0 ? out : undefined;
}

const locations = (g: Group) => g.all.map((asset) => ['aigis:location', locationText(asset)] as const);

function canParseUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) && !/[\s"<>\\^`{|}]/.test(url);
  } catch {
    return false;
  }
}

const HUB_ID = /^[\w.-]+(\/[\w.-]+)?$/;
const hubUrl = (id: string, dataset = false) => (HUB_ID.test(id) ? `https://huggingface.co/${dataset ? 'datasets/' : ''}${id}` : undefined);

const encodePurl = (segment: string) => encodeURIComponent(segment);

function huggingfacePurl(id: string, version: string | undefined): string | undefined {
  if (!HUB_ID.test(id)) return undefined;
  const path = id.split('/').map(encodePurl).join('/');
  return `pkg:huggingface/${path}${version ? `@${encodePurl(version)}` : ''}`;
}

function packagePurl(ecosystem: string, name: string, version: string | undefined): string | undefined {
  if (ecosystem !== 'pypi' && ecosystem !== 'npm') return undefined;
  const normalized = ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
  const path = normalized.split('/').map(encodePurl).join('/');
  return `pkg:${ecosystem}/${path}${version ? `@${encodePurl(version)}` : ''}`;
}

const SCOPES: Record<string, string> = { runtime: 'required', dev: 'excluded', optional: 'optional' };

const shorten = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const splitList = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

/** A model card's folder holds a model file when the file is in it or below it ('' is the scan root). */
const inFolder = (folder: string, path: string) => folder === '' || folder === '.' || path.startsWith(`${folder.replace(/\/+$/, '')}/`);

function modelCard(card: Asset, datasetRefs: ReadonlyMap<string, string>, ref: string): Json | undefined {
  const modelParameters: Json = {};
  const task = prop(card, 'pipeline_tag');
  if (task) modelParameters['task'] = shorten(task);
  const datasets = splitList(prop(card, 'datasets')).map((id) => {
    const known = datasetRefs.get(id);
    if (known) return { ref: known };
    const url = hubUrl(id, true);
    return { type: 'dataset', name: shorten(id), ...(url ? { contents: { url } } : {}) };
  });
  if (datasets.length > 0) modelParameters['datasets'] = datasets;
  const considerations: Json = {};
  const useCase = prop(card, 'intended_use');
  if (useCase) considerations['useCases'] = [shorten(useCase)];
  const limitation = prop(card, 'limitations');
  if (limitation) considerations['technicalLimitations'] = [shorten(limitation)];
  const metrics = splitList(prop(card, 'metrics')).map((type) => ({ type: shorten(type) }));
  const card_: Json = { 'bom-ref': ref };
  if (Object.keys(modelParameters).length > 0) card_['modelParameters'] = modelParameters;
  if (metrics.length > 0) card_['quantitativeAnalysis'] = { performanceMetrics: metrics };
  if (Object.keys(considerations).length > 0) card_['considerations'] = considerations;
  const extra = properties([
    ['aigis:card', prop(card, 'card')],
    ['aigis:library_name', prop(card, 'library_name')],
    ['aigis:base_model', prop(card, 'base_model')],
  ]);
  if (extra) card_['properties'] = extra;
  return card_;
}

function cardExtras(card: Asset | undefined): Json {
  if (!card) return {};
  const out: Json = {};
  const license = prop(card, 'license');
  if (license) {
    const id = spdxId(license);
    out['licenses'] = [{ license: id ? { id } : { name: shorten(license) } }];
  }
  const base = prop(card, 'base_model');
  if (base) {
    out['pedigree'] = {
      ancestors: splitList(base).map((id) => {
        const url = hubUrl(id);
        const purl = huggingfacePurl(id, undefined);
        return {
          type: 'machine-learning-model',
          name: shorten(id),
          ...(purl ? { purl } : {}),
          ...(url ? { externalReferences: [{ type: 'distribution', url }] } : {}),
        };
      }),
    };
  }
  return out;
}

function hashesOf(sha256: string | undefined): Json | undefined {
  return sha256 && HEX64.test(sha256) ? { hashes: [{ alg: 'SHA-256', content: sha256.toLowerCase() }] } : undefined;
}

/** What the builders add to. */
interface Output {
  readonly components: Json[];
  readonly services: Json[];
  /** What the project itself depends on: every AI asset and the direct packages. */
  readonly rootDeps: Set<string>;
  readonly dependsOn: Map<string, Set<string>>;
}

/** Services, agent tools and vector stores: each is something the system calls, merged by name. */
function addServices(assets: readonly Asset[], out: Output): void {
  for (const kind of ['service', 'agent-tool', 'vector-store'] as const) {
    const groups = group(assets.filter((asset) => asset.kind === kind), (a) => `aigis:${kind}/${a.name}`);
    for (const g of groups.values()) {
      const endpoints = [...new Set(g.all.map((a) => prop(a, 'endpoint')).filter((e): e is string => e !== undefined && canParseUrl(e)))].sort();
      const modelNames = [...new Set(g.all.map((a) => prop(a, 'model')).filter((m): m is string => !!m))].sort();
      const sdks = [...new Set(g.all.map((a) => prop(a, 'sdk')).filter((m): m is string => !!m))].sort();
      out.services.push({
        'bom-ref': g.ref,
        ...(kind === 'service' ? { provider: { name: g.first.name } } : {}),
        name: g.first.name,
        ...(endpoints.length > 0 ? { endpoints } : {}),
        properties: properties([
          ['aigis:kind', kind],
          ...sdks.map((s) => ['aigis:sdk', s] as const),
          ...modelNames.map((m) => ['aigis:model', m] as const),
          ['aigis:framework', groupProp(g, 'framework')],
          ...locations(g),
        ]),
      });
      out.rootDeps.add(g.ref);
    }
  }
}

/** Packages: a versionless mention (a manifest range) folds into the one locked version when there is one. */
function addPackages(packageAssets: readonly Asset[], out: Output): void {
  const ecosystemOf = (a: Asset) => prop(a, 'ecosystem') ?? 'generic';
  const packageName = (a: Asset) => (ecosystemOf(a) === 'pypi' ? a.name.toLowerCase().replace(/[-_.]+/g, '-') : a.name);
  const versions = new Map<string, Set<string>>();
  for (const a of packageAssets) {
    if (!a.version) continue;
    const key = `${ecosystemOf(a)}/${packageName(a)}`;
    (versions.get(key) ?? versions.set(key, new Set()).get(key)!).add(a.version);
  }
  const packages = group(packageAssets, (a) => {
    const key = `${ecosystemOf(a)}/${packageName(a)}`;
    const known = versions.get(key);
    const version = a.version ?? (known?.size === 1 ? [...known][0] : undefined);
    return `aigis:package/${key}${version ? `@${version}` : ''}`;
  });
  const refsByName = new Map<string, string[]>();
  for (const g of packages.values()) {
    const key = `${ecosystemOf(g.first)}/${packageName(g.first)}`;
    (refsByName.get(key) ?? refsByName.set(key, []).get(key)!).push(g.ref);
  }
  for (const g of packages.values()) {
    const versioned = g.all.find((a) => a.version) ?? g.first;
    const ecosystem = ecosystemOf(versioned);
    const version = versioned.version;
    const given = prop(versioned, 'purl');
    const purl = given !== undefined && /^pkg:[a-z]+\/\S+$/.test(given) ? given : packagePurl(ecosystem, versioned.name, version);
    const scopes = new Set(g.all.map((a) => prop(a, 'scope') ?? 'runtime'));
    const scope = scopes.has('runtime') ? 'required' : scopes.has('optional') ? 'optional' : SCOPES[[...scopes][0] ?? 'runtime'] ?? 'required';
    const direct = g.all.some((a) => prop(a, 'direct') !== 'false');
    out.components.push({
      type: 'library',
      'bom-ref': g.ref,
      name: versioned.name,
      ...(version ? { version } : {}),
      scope,
      ...(purl ? { purl } : {}),
      properties: properties([
        ['aigis:kind', 'package'],
        ['aigis:ecosystem', ecosystem],
        ['aigis:direct', String(direct)],
        ...g.all.map((a) => ['aigis:specifier', prop(a, 'specifier')] as const),
        ...locations(g),
      ]),
    });
    if (direct) out.rootDeps.add(g.ref);
    const targets = new Set<string>();
    for (const a of g.all) {
      for (const name of splitList(prop(a, 'depends_on'))) {
        const key = `${ecosystem}/${ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name}`;
        const refs = refsByName.get(key);
        if (refs && refs.length > 0) {
          // Several versions of one name: the lowest reference is a stable choice (lockfiles rarely do this).
          const target = [...refs].sort()[0]!;
          if (target !== g.ref) targets.add(target);
        }
      }
    }
    out.dependsOn.set(g.ref, targets);
  }
}

/** Builds the CycloneDX JSON object. */
export function buildCycloneDx(input: BomInput): Json {
  const spec = input.spec ?? '1.6';
  const components: Json[] = [];
  const services: Json[] = [];
  const dependsOn = new Map<string, Set<string>>();
  const rootDeps = new Set<string>();
  const out: Output = { components, services, rootDeps, dependsOn };

  const byKind = (kind: Asset['kind']) => input.assets.filter((asset) => asset.kind === kind);

  // Datasets first: model cards point at them.
  const datasets = group(byKind('dataset'), (a) => `aigis:dataset/${prop(a, 'source') ?? 'other'}/${a.name}${a.version ? `@${a.version}` : ''}`);
  const datasetRefs = new Map<string, string>();
  for (const g of datasets.values()) if (!datasetRefs.has(g.first.name)) datasetRefs.set(g.first.name, g.ref);
  for (const g of datasets.values()) {
    const { first } = g;
    const source = groupProp(g, 'source');
    const url = source === 'hub' ? hubUrl(first.name, true) : undefined;
    components.push({
      type: 'data',
      'bom-ref': g.ref,
      name: first.name,
      ...(first.version ? { version: first.version } : {}),
      ...(hashesOf(source === 'file' ? input.hashes.get(first.name) : undefined) ?? {}),
      ...(url ? { externalReferences: [{ type: 'distribution', url }] } : {}),
      data: [{ type: 'dataset', name: first.name }],
      properties: properties([
        ['aigis:kind', 'dataset'],
        ['aigis:source', source],
        ['aigis:format', groupProp(g, 'format')],
        ['aigis:size', groupProp(g, 'size')],
        ['aigis:pinned', groupProp(g, 'pinned')],
        ...locations(g),
      ]),
    });
    rootDeps.add(g.ref);
  }

  // Models: cards by folder, then files (recorded or found among the file records), then hub references.
  const models = byKind('model');
  const cards = group(models.filter((a) => prop(a, 'source') === 'card'), (a) => `aigis:model-card/${a.name}`);
  const fileModels = group(models.filter((a) => prop(a, 'source') === 'file'), (a) => `aigis:model/file/${a.name}`);
  const recorded = new Set([...fileModels.values()].map((g) => g.first.name));
  const fileRecords = new Map(input.files.map((f) => [f.path, f]));
  const unrecorded = input.files.filter((f) => isModelFile(f) && !recorded.has(f.path)).map((f) => f.path);
  const cardFor = (path: string): Asset | undefined => {
    let best: Asset | undefined;
    for (const g of cards.values()) {
      if (inFolder(g.first.name, path) && (!best || g.first.name.length > best.name.length)) best = g.first;
    }
    return best;
  };
  const usedCards = new Set<string>();
  const fileModel = (path: string, g: Group | undefined) => {
    const ref = `aigis:model/file/${path}`;
    const card = cardFor(path);
    if (card) usedCards.add(card.name);
    const record = fileRecords.get(path);
    components.push({
      type: 'machine-learning-model',
      'bom-ref': ref,
      name: path,
      ...(hashesOf(input.hashes.get(path)) ?? {}),
      ...cardExtras(card),
      ...(card ? { modelCard: modelCard(card, datasetRefs, `${ref}#model-card`) } : {}),
      properties: properties([
        ['aigis:kind', 'model'],
        ['aigis:source', 'file'],
        ['aigis:format', (g && groupProp(g, 'format')) ?? record?.type],
        ['aigis:size', (g && groupProp(g, 'size')) ?? (record?.size === undefined ? undefined : String(record.size))],
        ['aigis:signed', g && groupProp(g, 'signed')],
        ...(g ? locations(g) : []),
      ]),
    });
    rootDeps.add(ref);
  };
  for (const g of fileModels.values()) fileModel(g.first.name, g);
  for (const path of unrecorded) fileModel(path, undefined);

  const hubModels = group(models.filter((a) => prop(a, 'source') !== 'file' && prop(a, 'source') !== 'card'), (a) => `aigis:model/hub/${a.name}${a.version ? `@${a.version}` : ''}`);
  for (const g of hubModels.values()) {
    const { first } = g;
    const url = hubUrl(first.name);
    const purl = huggingfacePurl(first.name, first.version);
    components.push({
      type: 'machine-learning-model',
      'bom-ref': g.ref,
      name: first.name,
      ...(first.version ? { version: first.version } : {}),
      ...(purl ? { purl } : {}),
      ...(url ? { externalReferences: [{ type: 'distribution', url }] } : {}),
      properties: properties([
        ['aigis:kind', 'model'],
        ['aigis:source', groupProp(g, 'source') ?? 'hub'],
        ['aigis:pinned', groupProp(g, 'pinned') ?? 'false'],
        ['aigis:loader', groupProp(g, 'loader')],
        ['aigis:trust_remote_code', groupProp(g, 'trust_remote_code')],
        ...locations(g),
      ]),
    });
    rootDeps.add(g.ref);
  }

  // A card with no model file in its folder still documents a model: it gets a component of its own.
  for (const g of cards.values()) {
    if (usedCards.has(g.first.name)) continue;
    components.push({
      type: 'machine-learning-model',
      'bom-ref': g.ref,
      name: g.first.name === '' ? input.project.name : g.first.name,
      ...cardExtras(g.first),
      modelCard: modelCard(g.first, datasetRefs, `${g.ref}#model-card`),
      properties: properties([['aigis:kind', 'model'], ['aigis:source', 'card'], ...locations(g)]),
    });
    rootDeps.add(g.ref);
  }

  // Prompts.
  const prompts = group(byKind('prompt'), (a) => `aigis:prompt/${a.name}`);
  for (const g of prompts.values()) {
    const { first } = g;
    const source = groupProp(g, 'source');
    const sha = (source === 'file' ? input.hashes.get(first.name) : undefined) ?? groupProp(g, 'sha256');
    components.push({
      type: 'data',
      'bom-ref': g.ref,
      name: first.name,
      ...(hashesOf(sha) ?? {}),
      data: [{ type: 'other', name: first.name, description: source === 'code' ? 'prompt text in source code' : 'prompt file' }],
      properties: properties([
        ['aigis:kind', 'prompt'],
        ['aigis:source', source],
        // A prompt file's text hash can differ from its bytes' (encoding, line ends): keep both.
        ['aigis:text_sha256', source === 'file' ? groupProp(g, 'sha256') : undefined],
        ...locations(g),
      ]),
    });
    rootDeps.add(g.ref);
  }

  addServices(input.assets, out);
  addPackages(byKind('package'), out);

  components.sort((a, b) => compare(String(a['bom-ref']), String(b['bom-ref'])));
  services.sort((a, b) => compare(String(a['bom-ref']), String(b['bom-ref'])));

  const dependencies: Json[] = [{ ref: ROOT_REF, dependsOn: [...rootDeps].sort() }];
  for (const [ref, targets] of [...dependsOn.entries()].sort((a, b) => compare(a[0], b[0]))) {
    dependencies.push(targets.size > 0 ? { ref, dependsOn: [...targets].sort() } : { ref });
  }

  const metadata: Json = {
    ...(input.reproducible ? {} : { timestamp: input.timestamp ?? new Date().toISOString() }),
    tools: { components: [{ type: 'application', name: input.tool.name, version: input.tool.version }] },
    component: {
      type: 'application',
      'bom-ref': ROOT_REF,
      name: input.project.name || 'project',
      ...(input.project.version ? { version: input.project.version } : {}),
      ...(input.project.description ? { description: shorten(input.project.description, 1000) } : {}),
    },
  };
  return {
    $schema: `http://cyclonedx.org/schema/bom-${spec}.schema.json`,
    bomFormat: 'CycloneDX',
    specVersion: spec,
    ...(input.reproducible ? {} : { serialNumber: input.serialNumber ?? `urn:uuid:${randomUUID()}` }),
    version: 1,
    metadata,
    components,
    ...(services.length > 0 ? { services } : {}),
    dependencies,
  };
}

/** The BOM as text: two-space JSON with a final newline. */
export function renderCycloneDx(input: BomInput): string {
  return `${JSON.stringify(buildCycloneDx(input), null, 2)}\n`;
}
