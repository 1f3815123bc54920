/**
 * @module The starting-point documents of `aigis init`: plain Markdown and YAML files in templates/ with
 * `{{name}}` placeholders, filled by one pass of string replacement. Nothing in a template or a value is ever
 * evaluated; a value is only kept on one line (line breaks and other control characters become spaces), so a
 * project or asset name cannot add lines, front matter or YAML keys to the document.
 */
import { readFileSync } from 'node:fs';
import type { Asset, AssetKind } from '../../core/asset.js';

/** templates/ at the package root: the same three levels up from src/commands/init and dist/commands/init. */
export const TEMPLATE_DIR = new URL('../../../templates/', import.meta.url);

export const TEMPLATE_NAMES = ['aigis.yaml', 'SECURITY.md', 'THREAT_MODEL.md', 'incident-response.md', 'model-card.md'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export function readTemplate(name: TemplateName): string {
  return readFileSync(new URL(name, TEMPLATE_DIR), 'utf8');
}

/** A string value fills one placeholder; a list fills it with one line per item. */
export type TemplateValue = string | readonly string[];

const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g;
const MAX_VALUE_CHARS = 300;

/** Line breaks, tabs and other control characters become one space (leading spaces stay, for list nesting); overlong values are cut with an ellipsis. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trimEnd();
  return flat.length > MAX_VALUE_CHARS ? `${flat.slice(0, MAX_VALUE_CHARS - 1)}…` : flat;
}

/**
 * Replaces every `{{name}}` in `template` with its value, in one pass (a value that itself contains `{{x}}` is
 * left as written). A placeholder without a value is a mistake in the template and throws.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, TemplateValue>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`template placeholder {{${name}}} has no value`);
    const value = values[name]!;
    return typeof value === 'string' ? oneLine(value) : value.map(oneLine).join('\n');
  });
}

/** The threats each kind of asset is most exposed to, by MITRE ATLAS and OWASP LLM 2025 id. */
export const THREATS_BY_KIND: Readonly<Record<AssetKind, { readonly label: string; readonly threats: string }>> = {
  model: { label: 'Models', threats: 'tampered or malicious model files AML.T0010.003, AML.T0011.000, LLM03:2025; model poisoning LLM04:2025' },
  dataset: { label: 'Datasets', threats: 'training data poisoning AML.T0020, LLM04:2025; data supply chain AML.T0010.002' },
  prompt: { label: 'Prompts', threats: 'prompt injection AML.T0051, LLM01:2025; system prompt leakage AML.T0056, LLM07:2025' },
  service: { label: 'AI services', threats: 'unsecured credentials AML.T0055, LLM02:2025; inference API abuse AML.T0040, LLM10:2025' },
  'agent-tool': { label: 'Agent tools', threats: 'excessive agency AML.T0053, LLM06:2025; indirect prompt injection AML.T0051.001' },
  'vector-store': { label: 'Vector stores', threats: 'indirect prompt injection and poisoning of retrieved content AML.T0051.001, LLM08:2025' },
  package: { label: 'Packages', threats: 'compromised AI software AML.T0010.001, AML.T0011.001, LLM03:2025' },
};

const KIND_ORDER: readonly AssetKind[] = ['model', 'dataset', 'prompt', 'service', 'agent-tool', 'vector-store', 'package'];

/** Lines listed per kind before the rest are counted; packages are counted, not listed (see `aigis bom`). */
const MAX_PER_KIND = 50;

function describeAsset(asset: Asset): string {
  const facts: string[] = [];
  if (asset.version) facts.push(`version ${asset.version}`);
  const properties = asset.properties ?? {};
  for (const key of ['source', 'format', 'sdk', 'model', 'framework', 'pinned', 'signed'] as const) {
    const value = properties[key];
    if (value !== undefined && !(key === 'model' && asset.kind === 'model')) facts.push(`${key}: ${value}`);
  }
  const line = asset.location.startLine ? `:${asset.location.startLine}` : '';
  const at = `${asset.location.path}${asset.location.member ? `!${asset.location.member}` : ''}${line}`;
  const where = at === asset.name ? '' : `, seen in ${at}`;
  return `  - \`${oneLine(asset.name).trim()}\`${facts.length > 0 ? ` (${facts.join(', ')})` : ''}${where}`;
}

/**
 * The AI assets of the project as Markdown list lines, grouped by kind, each kind with its threats; one entry
 * per kind and name (the first place it was seen). Packages are only counted.
 */
export function assetLines(assets: readonly Asset[]): string[] {
  const lines: string[] = [];
  for (const kind of KIND_ORDER) {
    const seen = new Map<string, Asset>();
    for (const asset of assets) if (asset.kind === kind && !seen.has(asset.name)) seen.set(asset.name, asset);
    if (seen.size === 0) continue;
    const { label, threats } = THREATS_BY_KIND[kind];
    lines.push(`- **${label}** (${seen.size}). Threats: ${threats}.`);
    if (kind === 'package') {
      lines.push('  - Listed in full by "aigis bom".');
      continue;
    }
    const listed = [...seen.values()].slice(0, MAX_PER_KIND);
    lines.push(...listed.map(describeAsset));
    if (seen.size > listed.length) lines.push(`  - and ${seen.size - listed.length} more (see "aigis bom")`);
  }
  return lines;
}

export function assetSummary(assets: readonly Asset[]): string {
  if (assets.length === 0) {
    return 'aigis found no AI assets (models, datasets, prompts, AI services, agent tools, vector stores) in the project. TODO: list them by hand.';
  }
  return 'Found by "aigis init" in the project. TODO: add what it cannot see (hosted models, data stores, secrets, people with access).';
}
