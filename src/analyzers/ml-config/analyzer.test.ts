import { describe, expect, it } from 'vitest';
import type { FileType } from '../../core/file-type.js';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { mlConfigAnalyzer } from './analyzer.js';
import { isHubId } from './hub-id.js';

const UNPINNED = 'ml-config/unpinned-model-reference';
const JUPYTER = 'ml-config/jupyter-without-token';

async function run(path: string, type: FileType, text: string) {
  return runOnText(mlConfigAnalyzer, path, type, text);
}

const where = (findings: { location: { startLine?: number; startColumn?: number }; evidence?: string }[]) => findings.map((f) => [f.location.startLine, f.location.startColumn, f.evidence]);

const AXOLOTL = dedent(`
  base_model: NousResearch/Meta-Llama-3-8B
  model_type: LlamaForCausalLM
  tokenizer_type: AutoTokenizer

  load_in_8bit: false
  load_in_4bit: true

  datasets:
    - path: mhenrichsen/alpaca_2k_test
      type: alpaca
    - path: teknium/GPT4-LLM-Cleaned
      type: alpaca
      revision: 0123456789abcdef0123456789abcdef01234567
    - path: data/local_train.jsonl
      ds_type: json
      type: completion
  dataset_prepared_path: last_run_prepared
  val_set_size: 0.05
  output_dir: ./outputs/qlora-out
  hub_model_id: acme/llama3-support-qlora

  adapter: qlora
  lora_r: 32
`);

describe(UNPINNED, () => {
  it('flags an axolotl config: the base model and the dataset without revision, at the value', async () => {
    const { findings } = await run('examples/llama-3/qlora.yml', 'yaml', AXOLOTL);
    expect(where(findings)).toEqual([
      [1, 13, 'base_model: NousResearch/Meta-Llama-3-8B'],
      [9, 11, 'path: mhenrichsen/alpaca_2k_test'],
    ]);
    expect(findings[0]!.message).toBe(
      'base_model "NousResearch/Meta-Llama-3-8B" loads a Hugging Face Hub model and no revision pins it to a commit: whatever the repository holds at run time is used, including a replaced or poisoned version.',
    );
    expect(findings[1]!.message).toContain('Hub dataset');
  });

  it('accepts a commit revision next to the id and calls a branch revision what it is', async () => {
    const pinned = dedent(`
      model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct
      model_revision: 5f0b02c75b57c5855da9ae460ce51323ea669d8a
      dataset_name: trl-lib/Capybara
      dataset_revision: main
      per_device_train_batch_size: 2
    `);
    const { findings } = await run('recipes/sft.yaml', 'yaml', pinned);
    expect(where(findings)).toEqual([[3, 15, 'dataset_name: trl-lib/Capybara']]);
    expect(findings[0]!.message).toContain('its revision "main" is a branch or tag, not a commit');
  });

  it('flags base_model_name_or_path in a PEFT adapter_config.json whose revision is null', async () => {
    const adapter = JSON.stringify({ base_model_name_or_path: 'mistralai/Mistral-7B-v0.1', peft_type: 'LORA', r: 16, revision: null, task_type: 'CAUSAL_LM' }, null, 2);
    const { findings } = await run('adapter/adapter_config.json', 'json', adapter);
    expect(where(findings)).toEqual([[2, 30, 'base_model_name_or_path: mistralai/Mistral-7B-v0.1']]);
  });

  it('ignores base_model in a model\'s own config.json (provenance, not a download)', async () => {
    const own = JSON.stringify({ architectures: ['LinearIntentHead'], base_model: 'acme-support/support-embeddings-base', model_type: 'intent-head' }, null, 2);
    expect((await run('models/intent/config.json', 'json', own)).findings).toEqual([]);
    const training = JSON.stringify({ base_model: 'acme-support/support-embeddings-base', learning_rate: 0.0001 }, null, 2);
    expect((await run('train/config.json', 'json', training)).findings.map((f) => f.ruleId)).toEqual([UNPINNED]);
  });

  it('reads lists of datasets under dataset keys (LLaMA-Factory style) and TRL-style keys', async () => {
    const { findings } = await run(
      'train.yaml',
      'yaml',
      dedent(`
        model:
          model_name_or_path: Qwen/Qwen2-7B-Instruct
          trust_remote_code: true
        data:
          dataset: [identity, alpaca_en_demo, BAAI/Infinity-Instruct]
          template: qwen
      `),
    );
    expect(where(findings)).toEqual([
      [2, 23, 'model_name_or_path: Qwen/Qwen2-7B-Instruct'],
      [5, 39, 'dataset: BAAI/Infinity-Instruct'],
    ]);
  });

  it('stays quiet for local paths, hosted API models, URLs, LiteLLM routes and other keys', async () => {
    const { findings, inconclusive } = await run(
      'configs/app.yaml',
      'yaml',
      dedent(`
        model: gpt-4o
        embedding_model: openai/text-embedding-3-small
        model_path: ./checkpoints/run-12
        tokenizer_name: models/tokenizer-v2
        dataset_path: data/train.jsonl
        base_model: /mnt/weights/llama
        reranker_model: https://models.acme.test/reranker
        description: "we fine-tune meta-llama/Meta-Llama-3-8B here"
        hub_model_id: acme/support-bot
        model_list:
          - model_name: llama
            litellm_params:
              model: together_ai/meta-llama/Llama-3-70b-chat-hf
        chat:
          model: anthropic/claude-3-5-sonnet-20240620
        # model: meta-llama/Llama-2-7b-hf
      `),
    );
    expect(findings).toEqual([]);
    expect(inconclusive).toEqual([]);
  });

  it('does not read an SBOM as a config: a CycloneDX or SPDX document lists models, nothing fetches them from it', async () => {
    const cyclonedx = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ type: 'machine-learning-model', name: 'classifier', modelCard: { modelParameters: { datasets: [{ name: 'acme/tickets' }] } }, properties: [{ name: 'base_model', value: 'distilbert/distilbert-base-uncased' }] }],
      base_model: 'distilbert/distilbert-base-uncased',
    }, null, 2);
    const spdx = JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: [{ name: 'x' }], base_model: 'org/model' });
    for (const [path, text] of [['bom.cdx.json', cyclonedx], ['sbom.spdx.json', spdx]] as const) {
      const { findings, notes } = await run(path, 'json', text);
      expect(findings).toEqual([]);
      expect(notes[0]).toContain('an SBOM');
    }
    // The same key in an ordinary training config is still read.
    expect((await run('train.json', 'json', JSON.stringify({ base_model: 'distilbert/distilbert-base-uncased' }))).findings.map((f) => f.ruleId)).toEqual([UNPINNED]);
  });

  it('does not claim manifests, lockfiles, CI, MCP configs, tokenizers or notebooks', () => {
    const claims = (path: string, type: FileType) => mlConfigAnalyzer.claims!({ path, type, size: 10 }, {});
    expect([
      claims('package.json', 'json'),
      claims('tsconfig.base.json', 'json'),
      claims('.github/workflows/train.yml', 'yaml'),
      claims('.cursor/mcp.json', 'json'),
      claims('model/tokenizer.json', 'json'),
      claims('model/tokenizer_config.json', 'json'),
      claims('data/train.jsonl', 'json'),
      claims('model.safetensors.index.json', 'json'),
      claims('train.py', 'python'),
    ]).toEqual([false, false, false, false, false, false, false, false, false]);
    expect([claims('configs/sft.yaml', 'yaml'), claims('adapter_config.json', 'json'), claims('jupyter_server_config.py', 'python')]).toEqual([true, true, true]);
  });

  it('tells Hub ids from other values', () => {
    expect(['meta-llama/Llama-2-7b-hf', 'openai/whisper-large-v3', 'google/gemma-2-9b', 'BAAI/bge-small-en-v1.5', 'openai/gpt-oss-20b'].map(isHubId)).toEqual([true, true, true, true, true]);
    expect(['gpt2', 'openai/gpt-4o', 'google/gemini-1.5-pro', 'bedrock/anthropic.claude-v2', 'data/train', 'outputs/ckpt', './a/b', 'a/b/c', 'org/file.json', 'a--b/c'].map(isHubId)).toEqual(
      new Array(10).fill(false),
    );
  });

  it('marks broken YAML inconclusive but keeps what it read', async () => {
    const { findings, inconclusive } = await run('cfg.yaml', 'yaml', 'base_model: acme/base-7b\ndatasets: [\n  - path: x\n');
    expect(inconclusive).toHaveLength(1);
    expect(findings.map((f) => f.ruleId)).toEqual([UNPINNED]);
  });
});

describe(JUPYTER, () => {
  it('flags an empty token without a password in JSON, naming an all-interfaces ip', async () => {
    const text = dedent(`
      {
        "ServerApp": {
          "ip": "0.0.0.0",
          "token": "",
          "open_browser": false
        }
      }
    `);
    const { findings } = await run('.jupyter/jupyter_server_config.json', 'json', text);
    expect(where(findings)).toEqual([[4, 14, '"ServerApp": {"token": ""}']]);
    expect(findings[0]!.message).toContain('ServerApp.ip="0.0.0.0"');
  });

  it('flags the same in a Python config and the classic NotebookApp', async () => {
    const py = dedent(`
      # Configuration file for jupyter-server.
      c = get_config()  # noqa
      c.ServerApp.ip = '0.0.0.0'
      c.ServerApp.port = 8888
      c.ServerApp.token = ''
      # c.ServerApp.password = ''
    `);
    expect(where((await run('jupyter_server_config.py', 'python', py)).findings)).toEqual([[5, 1, "c.ServerApp.token = ''"]]);
    const classic = '{"NotebookApp": {"token": "", "allow_origin": "*"}}';
    expect((await run('jupyter_notebook_config.json', 'json', classic)).findings.map((f) => f.ruleId)).toEqual([JUPYTER]);
  });

  it('is quiet with a password, a token, or no token setting', async () => {
    expect((await run('jupyter_server_config.json', 'json', '{"ServerApp": {"token": ""}, "PasswordIdentityProvider": {"hashed_password": "argon2:$argon2id$v=19$m=10240,t=10,p=8$abc"}}')).findings).toEqual([]);
    expect((await run('jupyter_server_config.json', 'json', '{"IdentityProvider": {"token": "7c3b0f6a3a1e4a"}}')).findings).toEqual([]);
    expect((await run('jupyter_server_config.py', 'python', "c.ServerApp.token = os.environ['JUPYTER_TOKEN']\nc.ServerApp.open_browser = False\n")).findings).toEqual([]);
    expect((await run('jupyter_server_config.py', 'python', "c.ServerApp.token = ''\nc.ServerApp.password = 'sha1:abc:def'\n")).findings).toEqual([]);
  });
});

describe('ml-config assets', () => {
  it('records every Hub model and dataset the config names, pinned or not, with its revision', async () => {
    const text = dedent(`
      base_model: meta-llama/Llama-3.1-8B
      revision_of_model: 0123456789abcdef0123456789abcdef01234567
      tokenizer_config: ./tokenizer
      datasets:
        - path: tatsu-lab/alpaca
          type: alpaca
          revision: v1.0
        - path: data/local.jsonl
          type: completion
      output_dir: ./outputs/lora
    `);
    const run = await runOnText(mlConfigAnalyzer, 'configs/axolotl.yml', 'yaml', text);
    expect(run.assets.map((a) => ({ kind: a.kind, name: a.name, version: a.version, line: a.location.startLine, ...a.properties }))).toEqual([
      { kind: 'model', name: 'meta-llama/Llama-3.1-8B', version: '0123456789abcdef0123456789abcdef01234567', line: 1, source: 'hub', pinned: 'true', key: 'base_model' },
      { kind: 'dataset', name: 'tatsu-lab/alpaca', version: 'v1.0', line: 5, source: 'hub', pinned: 'false', key: 'path' },
    ]);
    expect(run.findings.map((f) => f.location.startLine)).toEqual([5]);
  });

  it("records nothing from a model's own config.json or from hosted API model names", async () => {
    const own = await runOnText(mlConfigAnalyzer, 'models/bert/config.json', 'json', JSON.stringify({ architectures: ['BertModel'], model_type: 'bert', base_model: 'google-bert/bert-base-uncased' }));
    const hosted = await runOnText(mlConfigAnalyzer, 'litellm.yaml', 'yaml', 'model: openai/gpt-4o\n');
    expect([...own.assets, ...hosted.assets]).toEqual([]);
  });
});
