/**
 * @module Whether a document names an AI asset from the inventory. A document names an asset when its text
 * mentions one of the asset's names: a hub model as `org/name` or `name`, a model file by its path or file name,
 * a service by its provider, SDK or one of the models called, an agent tool by its class or tool name. Matching
 * is on whole names: `gpt-4o` is not named by `gpt-4o-mini`, `llama-3` not by `llama-3.1`, and `org/model` not
 * by `other-org/model`.
 */
import type { Asset } from '../../core/asset.js';
import type { Location } from '../../core/finding.js';

export type NamedKind = 'model' | 'service' | 'agent-tool';

export interface NameTerm {
  /** Lower-case. */
  readonly term: string;
  /** The term may follow `word/` (a path or hub id around it); false for a bare name, which then belongs to another owner. */
  readonly afterSlash: boolean;
  /** The term may run on into `-x` or `.x` (a model family: `claude` names `claude-3-opus`). */
  readonly prefix?: boolean;
  /** The term counts only near the word "mcp" (an MCP server's own name is often a plain word). */
  readonly nearMcp?: boolean;
}

/** One thing a document should name: a model, a provider with the models called through it, an agent tool. */
export interface NameableAsset {
  readonly kind: NamedKind;
  /** How reports show it: `meta-llama/Llama-3.1-8B`, `openai (gpt-4o, gpt-4o-mini)`. */
  readonly label: string;
  readonly terms: readonly NameTerm[];
  readonly location: Location;
}

/** Names people write for providers, beside the inventory's provider id and SDK package. */
const PROVIDER_NAMES: ReadonlyMap<string, readonly NameTerm[]> = new Map([
  ['openai', [{ term: 'open ai', afterSlash: false }, { term: 'chatgpt', afterSlash: false }, { term: 'gpt', afterSlash: false, prefix: true }]],
  ['anthropic', [{ term: 'claude', afterSlash: false, prefix: true }]],
  ['google', [{ term: 'gemini', afterSlash: false, prefix: true }]],
  ['vertexai', [{ term: 'vertex ai', afterSlash: false }, { term: 'vertex', afterSlash: false }, { term: 'gemini', afterSlash: false, prefix: true }]],
  ['huggingface', [{ term: 'hugging face', afterSlash: false }]],
  ['mistral', [{ term: 'mistral ai', afterSlash: false }]],
]);

const MAX_LABEL_MODELS = 3;

/** The models, services and agent tools in the inventory, one entry per model, provider or tool, in a stable order. */
export function nameableAssets(assets: readonly Asset[], kinds: readonly NamedKind[]): NameableAsset[] {
  const models = new Map<string, { asset: Asset; terms: NameTerm[] }>();
  const services = new Map<string, { asset: Asset; terms: NameTerm[]; models: string[] }>();
  const tools = new Map<string, { asset: Asset; terms: NameTerm[] }>();
  for (const asset of assets) {
    if (!(kinds as readonly string[]).includes(asset.kind) || asset.name.trim() === '') continue;
    const key = asset.name.toLowerCase();
    if (asset.kind === 'model' && !models.has(key)) models.set(key, { asset, terms: modelTerms(asset) });
    if (asset.kind === 'agent-tool' && !tools.has(key)) tools.set(key, { asset, terms: toolTerms(asset.name) });
    if (asset.kind === 'service') {
      let entry = services.get(key);
      if (!entry) services.set(key, (entry = { asset, terms: serviceTerms(asset.name), models: [] }));
      const sdk = asset.properties?.['sdk'];
      if (sdk) addTerm(entry.terms, { term: sdk.toLowerCase(), afterSlash: true });
      const model = asset.properties?.['model'];
      if (model && !entry.models.includes(model)) {
        entry.models.push(model);
        addTerm(entry.terms, { term: model.toLowerCase(), afterSlash: true });
      }
    }
  }
  const byLabel = (a: NameableAsset, b: NameableAsset) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  return [
    ...[...models.values()].map(({ asset, terms }) => ({ kind: 'model' as const, label: asset.name, terms, location: asset.location })).sort(byLabel),
    ...[...services.values()]
      .map(({ asset, terms, models: called }) => ({ kind: 'service' as const, label: serviceLabel(asset.name, called), terms, location: asset.location }))
      .sort(byLabel),
    ...[...tools.values()].map(({ asset, terms }) => ({ kind: 'agent-tool' as const, label: asset.name, terms, location: asset.location })).sort(byLabel),
  ];
}

function serviceLabel(provider: string, models: readonly string[]): string {
  if (models.length === 0) return provider;
  const shown = [...models].sort().slice(0, MAX_LABEL_MODELS).join(', ');
  return `${provider} (${shown}${models.length > MAX_LABEL_MODELS ? ', …' : ''})`;
}

function addTerm(terms: NameTerm[], term: NameTerm): void {
  if (term.term.trim().length < 2 || terms.some((t) => t.term === term.term && t.nearMcp === term.nearMcp)) return;
  terms.push(term);
}

const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

function modelTerms(asset: Asset): NameTerm[] {
  const name = asset.name.toLowerCase();
  const terms: NameTerm[] = [];
  addTerm(terms, { term: name, afterSlash: true });
  const slash = name.lastIndexOf('/');
  if (slash === -1) return terms;
  // A hub id `org/name` is named by `name` alone; a file by its path or its file name.
  const isHub = asset.properties?.['source'] === 'hub' || (asset.properties?.['source'] === undefined && HUB_ID.test(name));
  const last = name.slice(slash + 1);
  if (last.length >= 3) addTerm(terms, { term: last, afterSlash: false });
  if (!isHub && name.startsWith('./')) addTerm(terms, { term: name.slice(2), afterSlash: true });
  return terms;
}

function serviceTerms(provider: string): NameTerm[] {
  const name = provider.toLowerCase();
  const terms: NameTerm[] = [];
  if (name !== 'unknown') addTerm(terms, { term: name, afterSlash: true });
  for (const term of PROVIDER_NAMES.get(name) ?? []) addTerm(terms, term);
  return terms;
}

function toolTerms(tool: string): NameTerm[] {
  const terms: NameTerm[] = [];
  addTerm(terms, { term: tool.toLowerCase(), afterSlash: true });
  const mcp = /^mcp:(.+)$/i.exec(tool);
  if (mcp) {
    // An MCP server called "filesystem" or "github": the plain word names it only beside "MCP".
    addTerm(terms, { term: mcp[1]!.toLowerCase(), afterSlash: false, nearMcp: true });
    return terms;
  }
  // PythonREPLTool is written "Python REPL tool" in prose, python_repl "python repl".
  const words = tool
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  if (words.includes(' ')) addTerm(terms, { term: words, afterSlash: false });
  const withoutTool = words.replace(/\s+tool$/, '');
  if (withoutTool !== words && withoutTool.includes(' ')) addTerm(terms, { term: withoutTool, afterSlash: false });
  return terms;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9_]/.test(c);
const isAlnum = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);

/** How far either side of a name the word "mcp" may be, for an MCP server's plain name. */
const MCP_WINDOW = 120;

/** Whether lower-cased `text` mentions `term` as a whole name. Linear in the occurrences of the term. */
export function mentionsTerm(text: string, term: NameTerm): boolean {
  const needle = term.term;
  if (needle === '') return false;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    const before = text[at - 1];
    const after = text[end];
    if (isWordChar(before) && isWordChar(needle[0])) continue;
    if ((before === '-' || before === '.') && isAlnum(text[at - 2])) continue;
    if (before === '/' && !term.afterSlash && isAlnum(text[at - 2])) continue;
    if (isWordChar(after) && isWordChar(needle[needle.length - 1]) && !(term.prefix && /[0-9]/.test(after ?? ''))) continue;
    if ((after === '-' || after === '.') && isAlnum(text[end + 1]) && !term.prefix) continue;
    if (term.nearMcp && !/\bmcp\b/.test(text.slice(Math.max(0, at - MCP_WINDOW), end + MCP_WINDOW))) continue;
    return true;
  }
  return false;
}

/** Whether lower-cased `text` names the asset. */
export function namesAsset(text: string, asset: NameableAsset): boolean {
  return asset.terms.some((term) => mentionsTerm(text, term));
}
