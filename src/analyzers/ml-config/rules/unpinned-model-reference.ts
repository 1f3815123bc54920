import type { Position } from '../../../core/analyzer.js';
import type { ConfigEntry, ConfigNode } from '../tree.js';
import { maps } from '../tree.js';
import { isHubId } from '../hub-id.js';
import type { ConfigFile, ConfigRule } from '../rule.js';

/** Keys whose value `from_pretrained` (or a trainer built on it) downloads. */
export const MODEL_KEYS = new Set([
  'model', 'model_name', 'model_name_or_path', 'model_id', 'model_path', 'base_model', 'base_model_name_or_path', 'pretrained_model_name_or_path', 'pretrained_model',
  'tokenizer', 'tokenizer_name', 'tokenizer_name_or_path', 'tokenizer_id', 'tokenizer_config', 'base_model_config', 'reward_model', 'reward_model_path', 'ref_model',
  'teacher_model', 'draft_model', 'embedding_model', 'embed_model', 'embedding_model_name', 'reranker_model', 'sft_model_path', 'processor_name', 'vision_tower',
]);
/** Keys whose value `load_dataset` downloads. */
export const DATASET_KEYS = new Set(['dataset', 'dataset_name', 'dataset_id', 'dataset_name_or_path', 'dataset_path', 'hf_dataset']);
/** List keys whose items name datasets by `path` (axolotl) or `name`. */
const DATASET_LISTS = new Set(['datasets', 'test_datasets', 'eval_datasets', 'pretraining_dataset', 'train_datasets']);
/** Subtrees that configure hosted API models, never downloads. */
const SKIPPED_SUBTREES = new Set(['litellm_params', 'model_list', 'openai', 'anthropic']);

const FULL_COMMIT = /^[0-9a-f]{40}$/i;

function scalarString(node: ConfigNode | undefined): { value: string; position: Position } | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? { value: node.value, position: node.position } : undefined;
}

/** The sibling revision that applies: `dataset_revision` to datasets, `revision` / `model_revision` / ... to models. */
function revisionOf(entries: readonly ConfigEntry[], kind: 'model' | 'dataset', inDatasetList: boolean): { value: string; pinned: boolean } | undefined {
  let found: { value: string; pinned: boolean } | undefined;
  for (const entry of entries) {
    if (!/revision/i.test(entry.key)) continue;
    const forDatasets = /dataset/i.test(entry.key) || (inDatasetList && entry.key === 'revision');
    if ((kind === 'dataset') !== forDatasets) continue;
    const value = scalarString(entry.value)?.value.trim();
    if (value === undefined || value === '') continue;
    if (FULL_COMMIT.test(value)) return { value, pinned: true };
    found ??= { value, pinned: false };
  }
  return found;
}

function* skipping(root: ConfigNode) {
  const skipped = new Set<ConfigNode>();
  for (const found of maps(root)) {
    if (skipped.has(found.map)) continue;
    for (const entry of found.map.entries) if (SKIPPED_SUBTREES.has(entry.key)) markAll(entry.value, skipped);
    yield found;
  }
}

function markAll(node: ConfigNode, into: Set<ConfigNode>, depth = 0): void {
  if (depth > 64) return;
  into.add(node);
  if (node.kind === 'map') for (const entry of node.entries) markAll(entry.value, into, depth + 1);
  if (node.kind === 'seq') for (const item of node.items) markAll(item, into, depth + 1);
}

const MAX_FINDINGS = 100;

/**
 * A model's own config.json (transformers writes `architectures` and `model_type`) describes the weights beside
 * it; a `base_model` there is provenance, not something that gets downloaded.
 */
function isModelOwnConfig(name: string, root: ConfigNode): boolean {
  return name === 'config.json' && root.kind === 'map' && root.entries.some((entry) => entry.key === 'architectures' || entry.key === 'model_type');
}

/** A Hub repository a config names under a model or dataset key, with the revision that applies to it. */
export interface HubReference {
  readonly key: string;
  readonly id: string;
  readonly kind: 'model' | 'dataset';
  readonly revision?: { readonly value: string; readonly pinned: boolean };
  readonly position: Position;
}

/** Every Hub reference in the config, pinned or not (a model's own config.json names none). */
export function* hubReferences(file: ConfigFile): Generator<HubReference> {
  for (const root of file.roots) {
    if (isModelOwnConfig(file.name, root)) continue;
    for (const { map, parentKey } of skipping(root)) {
      const inDatasetList = parentKey !== undefined && DATASET_LISTS.has(parentKey);
      for (const entry of map.entries) {
        const isModel = MODEL_KEYS.has(entry.key);
        const isDataset = DATASET_KEYS.has(entry.key) || (inDatasetList && (entry.key === 'path' || entry.key === 'name'));
        if (!isModel && !isDataset) continue;
        const kind = isDataset ? 'dataset' : 'model';
        const revision = revisionOf(map.entries, kind, inDatasetList);
        const values = entry.value.kind === 'seq' ? entry.value.items.flatMap((item) => scalarString(item) ?? []) : [scalarString(entry.value)].flatMap((v) => v ?? []);
        for (const value of values) {
          const id = value.value.trim();
          if (!isHubId(id)) continue;
          yield { key: entry.key, id, kind, ...(revision === undefined ? {} : { revision }), position: value.position };
        }
      }
    }
  }
}

export const unpinnedModelReference: ConfigRule = {
  meta: {
    id: 'ml-config/unpinned-model-reference',
    title: 'Hugging Face model or dataset referenced without a pinned revision',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-1104', 'CWE-494'], owaspLlm: ['LLM03:2025', 'LLM04:2025'], atlas: ['AML.T0010.003'] },
    description:
      'A training, fine-tuning or serving configuration that names a Hub repository (org/name) without a commit revision loads whatever the repository holds at run time. The owner, or anyone who takes over the account or a deleted name, can replace weights, tokenizer files, remote code or training data; runs stop being reproducible, and a poisoned model or dataset is picked up unreviewed.',
    fix: 'Add the commit hash next to the id (revision: <40-hex sha>, or model_revision / base_model_revision / revision_of_model as the tool calls it; for datasets the revision key of the entry), taken from the repository\'s commit history after review; or mirror the artifact to storage you control.',
  },
  check(file, report) {
    let count = 0;
    for (const reference of hubReferences(file)) {
      const { key, id, kind, revision } = reference;
      if (revision?.pinned) continue;
      if (++count > MAX_FINDINGS) return;
      const why = revision ? `its revision "${revision.value}" is a branch or tag, not a commit` : 'no revision pins it to a commit';
      report({
        message: `${key} "${id}" loads a Hugging Face Hub ${kind} and ${why}: whatever the repository holds at run time is used, including a replaced or poisoned version.`,
        evidence: `${key}: ${id}`,
        position: reference.position,
      });
    }
  },
};
