/**
 * @module ml-config: configuration files of ML tooling. Training and serving configs (axolotl, LLaMA-Factory,
 * TRL, PEFT adapter_config.json, and any YAML/JSON with model or dataset keys) are checked for Hub references
 * without a pinned revision; Jupyter server configs for disabled authentication. Nothing is loaded or run.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import type { FileCandidate, FileContext } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { ConfigFile, ConfigRule } from './rule.js';
import { jupyterWithoutToken } from './rules/jupyter-without-token.js';
import { DATASET_KEYS, hubReferences, MODEL_KEYS, unpinnedModelReference } from './rules/unpinned-model-reference.js';
import { readJsonTree, readYamlTree } from './tree.js';

export const CONFIG_RULES: readonly ConfigRule[] = [unpinnedModelReference, jupyterWithoutToken];

/** Training configs are kilobytes; larger JSON and YAML is data (or a vocabulary) and is not read. */
const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

const JUPYTER_JSON = /^jupyter_(?:server|notebook)_config\.json$/;
const JUPYTER_PY = /^jupyter_(?:server|notebook|lab)_config\.py$/;

/** Files that are never ML configs, or belong to other analyzers: manifests, lockfiles, CI, editors, tokenizers. */
const EXCLUDED_NAMES = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'composer.json', 'composer.lock', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'deno.json', 'deno.lock',
  'jsconfig.json', 'lerna.json', 'nx.json', 'angular.json', 'vercel.json', 'renovate.json', 'turbo.json', 'app.json', 'manifest.json', 'pubspec.yaml', 'pubspec.lock',
  '.pre-commit-config.yaml', '.gitlab-ci.yml', 'mkdocs.yml', 'codecov.yml', '.readthedocs.yaml', '.readthedocs.yml', 'environment.yml', 'environment.yaml', 'conda-lock.yml',
  'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.json', 'added_tokens.json', 'preprocessor_config.json', 'generation_config.json',
  '.mcp.json', 'mcp.json', 'claude_desktop_config.json', 'mcp_config.json', '.claude.json', 'devcontainer.json', '.devcontainer.json', 'aigis.yaml', 'aigis.yml',
]);
const EXCLUDED_PATHS = /(?:^|\/)(?:\.github|\.vscode|\.idea|\.cursor|\.gemini|\.devcontainer|\.circleci|node_modules)\/|(?:^|\/)tsconfig[^/]*\.json$|(?:^|\/)\.?eslintrc[^/]*$|\.(?:jsonl|ndjson|ipynb|lock)$|\.index\.json$/i;

/** A cheap look for one of the keys before parsing: most JSON and YAML files have none. */
const KEY_HINT = new RegExp(`(?:^|[\\s{,"'])(?:${[...MODEL_KEYS, ...DATASET_KEYS, 'datasets', 'test_datasets'].join('|')})["']?\\s*:`, 'm');

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase();
}

type Format = ConfigFile['format'];

function formatOf(file: Pick<FileCandidate, 'path' | 'type'>): Format | undefined {
  const name = baseName(file.path);
  if (file.type === 'python') return JUPYTER_PY.test(name) ? 'python' : undefined;
  if (file.type !== 'json' && file.type !== 'yaml') return undefined;
  if (JUPYTER_JSON.test(name)) return 'json';
  if (EXCLUDED_NAMES.has(name) || EXCLUDED_PATHS.test(file.path)) return undefined;
  return file.type;
}

/** A config names a few models; a generated file with thousands is not worth listing each. */
const MAX_ASSETS = 500;

function recordHubReferences(config: ConfigFile, context: Pick<FileContext<unknown>, 'asset' | 'note'>): void {
  let count = 0;
  for (const reference of hubReferences(config)) {
    if (++count > MAX_ASSETS) {
      context.note(`more than ${MAX_ASSETS} Hub references; only the first ${MAX_ASSETS} were recorded as assets`);
      return;
    }
    const { revision } = reference;
    context.asset({
      kind: reference.kind,
      name: reference.id,
      ...(revision === undefined ? {} : { version: revision.value.slice(0, 300) }),
      position: reference.position,
      properties: { source: 'hub', pinned: String(revision?.pinned === true), key: reference.key },
    });
  }
}

/** CycloneDX and SPDX JSON documents name the models of an inventory; nothing fetches them from there. */
const INVENTORY_DOCUMENT = /"bomFormat"\s*:\s*"CycloneDX"|"spdxVersion"\s*:\s*"SPDX-/;

export const mlConfigAnalyzer = defineAnalyzer({
  id: 'ml-config',
  version: '3',
  description: 'Checks ML configuration files: Hugging Face models and datasets referenced without a pinned revision (training, fine-tuning, adapter and serving configs), and Jupyter servers without a token or password.',
  rules: CONFIG_RULES.map((rule) => rule.meta),
  claims: (file) => formatOf(file) !== undefined,
  analyzeFile(file, context) {
    const format = formatOf(file);
    if (format === undefined) return;
    if (file.size > MAX_CONFIG_BYTES) {
      context.note(`larger than ${MAX_CONFIG_BYTES} bytes: treated as data, not read as an ML configuration`);
      return;
    }
    const { text } = readText(file.source, MAX_CONFIG_BYTES);
    if (format === 'json' && INVENTORY_DOCUMENT.test(text.slice(0, 4096))) {
      context.note('an SBOM (CycloneDX or SPDX): it lists models rather than loading them, so it is not read as an ML configuration');
      return;
    }
    const name = baseName(file.path);
    const jupyter = JUPYTER_JSON.test(name) || JUPYTER_PY.test(name);
    if (!jupyter && !KEY_HINT.test(text)) return;
    const tree = format === 'python' ? { roots: [] } : format === 'json' ? readJsonTree(text) : readYamlTree(text);
    if (tree.problem !== undefined) context.inconclusive(`${tree.problem}; settings after the damage may have been missed`);
    const config: ConfigFile = { path: file.path, name, format, text, roots: tree.roots };
    for (const rule of CONFIG_RULES) {
      if ((rule === jupyterWithoutToken) !== jupyter) continue;
      rule.check(config, (report) => context.report(rule.meta, report));
    }
    if (!jupyter) recordHubReferences(config, context);
  },
});
