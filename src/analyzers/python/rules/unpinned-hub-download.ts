import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import type { CallSite } from '../module.js';
import { argumentFor, lastSegment, literalValue } from '../module.js';

/** The rule runs only when one of these is imported: otherwise `from_pretrained` is someone else's API. */
export const HUB_LIBRARIES = new Set(['transformers', 'huggingface_hub', 'datasets', 'diffusers', 'sentence_transformers', 'peft', 'optimum', 'timm']);

/** Hub downloads by resolved name: the index of the positional repo id and its keyword name. */
const DOWNLOADS: ReadonlyMap<string, readonly [number, string]> = new Map([
  ['huggingface_hub.hf_hub_download', [0, 'repo_id']],
  ['huggingface_hub.file_download.hf_hub_download', [0, 'repo_id']],
  ['huggingface_hub.snapshot_download', [0, 'repo_id']],
  ['huggingface_hub._snapshot_download.snapshot_download', [0, 'repo_id']],
  ['transformers.pipeline', [1, 'model']],
  ['datasets.load_dataset', [0, 'path']],
  ['sentence_transformers.SentenceTransformer', [0, 'model_name_or_path']],
  ['sentence_transformers.CrossEncoder', [0, 'model_name']],
]);

/** Builders shipped inside `datasets`: they read local or given files, not a hub repository. */
export const PACKAGED_DATASET_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'arrow', 'pandas', 'sql', 'generator', 'imagefolder', 'audiofolder', 'videofolder', 'webdataset', 'xml', 'spark', 'cache']);

export const FULL_COMMIT = /^[0-9a-f]{40}$/i;

/** A literal that names a place on disk rather than a hub repository. */
export function isLocalPath(id: string): boolean {
  return /^(\.{1,2}([/\\]|$)|[/\\~]|[A-Za-z]:[/\\])/.test(id) || id.includes('\\') || /\.(bin|pt|pth|safetensors|gguf|onnx|json|csv|parquet|txt|jsonl)$/i.test(id);
}

export function repoArgument(call: CallSite): { node: ReturnType<typeof argumentFor>; kind: 'model' | 'dataset' | 'repository' } | undefined {
  const callee = call.callee;
  if (callee !== undefined) {
    const spec = DOWNLOADS.get(callee);
    if (spec) return { node: argumentFor(call.args, spec[0], spec[1]), kind: callee === 'datasets.load_dataset' ? 'dataset' : callee.startsWith('huggingface_hub.') ? 'repository' : 'model' };
  }
  const name = callee ?? call.calleeText;
  // Wrappers (unsloth, setfit, project classes) pass from_pretrained on to the hub libraries, so any will do.
  if (lastSegment(name) !== 'from_pretrained' || !name.includes('.')) return undefined;
  // PeftModel.from_pretrained(base_model, "org/adapter"): the adapter is the second argument.
  if (callee?.startsWith('peft.')) return { node: argumentFor(call.args, 1, 'model_id'), kind: 'model' };
  return { node: argumentFor(call.args, 0, 'pretrained_model_name_or_path'), kind: 'model' };
}

export const unpinnedHubDownload: PythonRule = {
  meta: {
    id: 'python/unpinned-hub-download',
    title: 'Hugging Face Hub download not pinned to a commit',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-494', 'CWE-829'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'from_pretrained, pipeline, load_dataset, hf_hub_download and snapshot_download fetch whatever the branch (main, by default) points at when the code runs. A repository owner, a compromised account or a renamed repository can swap the weights, tokenizer or code underneath this project without any change here, and two runs may load different models. Branches and tags can move; only a full commit hash cannot. Related rules: Bandit B615.',
    fix: 'Pass revision="<40-character commit hash>" of the repository state you reviewed (the hub shows it on the commit history page), or download once and load from a local path.',
  },
  check(module, report) {
    if (![...HUB_LIBRARIES].some((library) => module.importedModules.has(library))) return;
    for (const call of module.calls) {
      const target = repoArgument(call);
      if (!target?.node) continue;
      const id = literalValue(target.node);
      // A variable, a config value or a local directory: not something we can call a hub download.
      if (typeof id !== 'string' || id === '' || isLocalPath(id)) continue;
      if (target.kind === 'dataset' && PACKAGED_DATASET_BUILDERS.has(id)) continue;
      const revisionNode = call.args.keywords.get('revision');
      let problem: string;
      if (revisionNode === undefined) {
        if (call.args.hasSpread) continue;
        problem = 'no revision= is given, so the default branch is fetched';
      } else {
        const revision = literalValue(revisionNode);
        if (typeof revision !== 'string') continue;
        if (FULL_COMMIT.test(revision)) continue;
        problem = /^[0-9a-f]{7,39}$/i.test(revision)
          ? `revision="${revision}" is a short commit hash, which the hub resolves like any other ref`
          : `revision="${revision}" is a branch or tag, which can be moved`;
      }
      report({
        node: call.node,
        message: `${call.calleeText} downloads the ${target.kind} "${id}" without pinning it to a commit: ${problem}`,
        evidence: snippet(call.node),
      });
    }
  },
};
