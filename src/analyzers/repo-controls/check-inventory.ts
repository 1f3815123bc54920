/**
 * @module `committed-inventory` (an SBOM or AI-BOM is committed) and `inventory-covers-assets` (it lists every
 * model and dataset aigis found). Components are matched the way `aigis bom` names them: a model or dataset
 * file by its path (or a component whose bom-ref holds the path, or, leniently, one named by the file's base
 * name), a Hub model or dataset by its `org/name` (name, purl `pkg:huggingface/...` or bom-ref), and a pinned
 * one only when the BOM lists the same revision.
 */
import type { ProjectContext, ProjectFact, ProjectInput } from '../../core/analyzer.js';
import type { BomEntry, BomSummary } from './bom.js';
import { MAX_ENTRIES } from './bom.js';
import { inNonProjectFolder } from './ecosystems.js';
import { isModelFile, line, listed, plural, regularFiles, relativeTo, sourceOf, type RepoFact } from './facts.js';

/** Evidence is recorded for at most this many BOM files (shallowest first). */
const MAX_BOMS = 10;

interface Wanted {
  readonly kind: 'model' | 'dataset';
  /** Path (relative to the scan root) for files, `org/name` otherwise. */
  readonly name: string;
  readonly file: boolean;
  readonly version?: string;
}

const depth = (path: string) => path.split('/').length;
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The models and datasets aigis found in the project, once each. */
export function wantedAssets(project: ProjectInput<RepoFact>): Wanted[] {
  const out = new Map<string, Wanted>();
  const add = (wanted: Wanted) => {
    const key = `${wanted.kind}\u0000${wanted.name}\u0000${wanted.version ?? ''}`;
    if (!out.has(key)) out.set(key, wanted);
  };
  for (const asset of project.assets) {
    if (asset.kind !== 'model' && asset.kind !== 'dataset') continue;
    const source = sourceOf(asset);
    // Cards are documents about a model, found by another project pass; not in this list in practice.
    if (source === 'card') continue;
    add({ kind: asset.kind, name: asset.name, file: source === 'file', ...(asset.version ? { version: asset.version } : {}) });
  }
  for (const record of regularFiles(project.files)) if (isModelFile(record)) add({ kind: 'model', name: record.path, file: true });
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function huggingfaceId(purl: string): string | undefined {
  const match = /^pkg:huggingface\/([^@?#]+)/i.exec(purl);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!).toLowerCase();
  } catch {
    return match[1]!.toLowerCase();
  }
}

/** Paths deeper than this are matched by a component's name, not by its bom-ref. */
const MAX_REF_TAILS = 16;

/** The BOM's entries by the names an asset can be looked up by, built once per BOM. */
class BomIndex {
  private readonly byKey = new Map<string, BomEntry[]>();

  constructor(entries: readonly BomEntry[]) {
    for (const e of entries) {
      if (e.name !== undefined) {
        const name = e.name.replace(/^\.\//, '');
        this.add(`name:${name}`, e);
        this.add(`lname:${name.toLowerCase()}`, e);
      }
      const hub = e.purl === undefined ? undefined : huggingfaceId(e.purl);
      if (hub !== undefined) this.add(`hub:${hub}`, e);
      if (e.ref !== undefined) {
        // Every tail of the bom-ref after a `/` or `:`, with and without an `@revision`: a ref "holds" a path
        // or id when it ends with it at a separator (`aigis:model/file/models/a.onnx`, `aigis:model/hub/org/m@rev`).
        for (const ref of new Set([e.ref, e.ref.replace(/@[^/@]*$/, '')])) {
          this.add(`ref:${ref}`, e);
          this.add(`lref:${ref.toLowerCase()}`, e);
          // The last few separators only: a hostile ref of a thousand slashes must not cost a thousand keys.
          let tails = 0;
          for (let i = ref.length - 1; i >= 0 && tails < MAX_REF_TAILS; i--) {
            if (ref[i] !== '/' && ref[i] !== ':') continue;
            tails++;
            const tail = ref.slice(i + 1);
            this.add(`ref:${tail}`, e);
            this.add(`lref:${tail.toLowerCase()}`, e);
          }
        }
      }
    }
  }

  private add(key: string, e: BomEntry): void {
    const list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, [e]);
    else if (list.at(-1) !== e) list.push(e);
  }

  get(key: string): readonly BomEntry[] {
    return this.byKey.get(key) ?? [];
  }
}

/** The entries that name the asset (whatever revision they list). */
function matching(wanted: Wanted, index: BomIndex, projectRoot: string): BomEntry[] {
  const found = new Set<BomEntry>();
  const take = (key: string) => index.get(key).forEach((e) => found.add(e));
  if (wanted.file) {
    const paths = new Set([wanted.name, relativeTo(projectRoot, wanted.name) ?? wanted.name]);
    for (const path of paths) {
      take(`name:${path}`);
      take(`ref:${path}`);
    }
    // Lenient: a BOM written from another folder may name the file by its base name only.
    take(`name:${baseName(wanted.name)}`);
  } else {
    const id = wanted.name.toLowerCase();
    take(`lname:${id}`);
    take(`hub:${id}`);
    take(`lref:${id}`);
  }
  return [...found];
}

function sameRevision(version: string, entry: BomEntry): boolean {
  return entry.version === version || entry.purl?.endsWith(`@${encodeURIComponent(version)}`) === true || entry.purl?.endsWith(`@${version}`) === true || entry.ref?.endsWith(`@${version}`) === true;
}

function describe(path: string, bom: BomSummary): string {
  if (bom.format === 'cyclonedx-xml') return `${path} is a CycloneDX XML BOM (contents not checked)`;
  if (bom.format === 'spdx-json') {
    const packages = bom.entries.filter((e) => e.type === 'package').length;
    const files = bom.entries.filter((e) => e.type === 'file').length;
    return `${path} is an ${bom.specVersion ?? 'SPDX'} document listing ${plural(packages, 'package')} and ${plural(files, 'file')}`;
  }
  const models = bom.entries.filter((e) => e.type === 'machine-learning-model').length;
  const data = bom.entries.filter((e) => e.type === 'data').length;
  const version = bom.specVersion ? ` ${bom.specVersion}` : '';
  return `${path} is a CycloneDX${version} BOM listing ${plural(bom.count, 'component')} (${plural(models, 'model')}, ${plural(data, 'data component')})`;
}

export function checkInventory(project: ProjectInput<RepoFact>, context: ProjectContext): void {
  const boms = project.facts
    .filter((entry): entry is ProjectFact<Extract<RepoFact, { kind: 'bom' }>> => entry.fact.kind === 'bom' && entry.member === undefined)
    // A BOM among test fixtures or examples describes something else, not this project.
    .filter((entry) => !inNonProjectFolder(relativeTo(project.root, entry.path) ?? entry.path))
    .sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, MAX_BOMS);
  if (boms.length === 0) return;
  const wanted = wantedAssets(project);
  for (const { path, fact } of boms) {
    const { bom } = fact;
    const location = { path };
    if (bom.error !== undefined) {
      const shortfall = line(`${path} ${bom.error}`);
      context.evidence({ check: 'committed-inventory', summary: line(`${path} is named like a BOM`), location, shortfall });
      context.evidence({ check: 'inventory-covers-assets', summary: line(`${path} is named like a BOM`), location, shortfall: line(`${path} could not be compared with the inventory: it ${bom.error}`) });
      continue;
    }
    context.evidence({ check: 'committed-inventory', summary: line(describe(path, bom)), location });
    if (bom.format === 'cyclonedx-xml') {
      context.evidence({
        check: 'inventory-covers-assets',
        summary: line(`${path} is a CycloneDX XML BOM`),
        location,
        shortfall: line(`aigis compares only JSON BOMs with the inventory; commit the JSON form too (aigis bom -o bom.cdx.json)`),
      });
      continue;
    }
    compare(path, bom, wanted, project.root, context);
  }
}

function compare(path: string, bom: BomSummary, wanted: readonly Wanted[], root: string, context: ProjectContext): void {
  const location = { path };
  if (wanted.length === 0) {
    context.evidence({ check: 'inventory-covers-assets', summary: line(`${path} lists ${plural(bom.count, 'component')}; aigis found no models or datasets to compare it with`), location });
    return;
  }
  const index = new BomIndex(bom.entries);
  const missing: string[] = [];
  const stale: string[] = [];
  for (const asset of wanted) {
    const found = matching(asset, index, root);
    if (found.length === 0) missing.push(asset.version ? `${asset.name}@${asset.version.slice(0, 12)}` : asset.name);
    else if (asset.version !== undefined && !found.some((entry) => sameRevision(asset.version!, entry))) stale.push(`${asset.name}@${asset.version.slice(0, 12)} (the BOM lists another revision)`);
  }
  const models = wanted.filter((w) => w.kind === 'model').length;
  const datasets = wanted.length - models;
  const what = `${plural(models, 'model')} and ${plural(datasets, 'dataset')}`;
  if (missing.length === 0 && stale.length === 0) {
    context.evidence({ check: 'inventory-covers-assets', summary: line(`${path} lists the ${what} aigis found (${listed(wanted.map((w) => w.name), 3)})`), location });
    return;
  }
  const absent = [...missing, ...stale];
  const capped = bom.truncated ? `; only the first ${MAX_ENTRIES} of its ${bom.count} entries were compared` : '';
  context.evidence({
    check: 'inventory-covers-assets',
    summary: line(`${path} lists ${wanted.length - absent.length} of the ${what} aigis found`),
    location,
    shortfall: line(`missing from ${path}: ${listed(absent)}${capped}`),
  });
}
