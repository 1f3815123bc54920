/**
 * @module Tells a Hugging Face Hub repository id (`org/name`) from the other things config values hold: local
 * paths, URLs, file names and provider-prefixed API model names (`openai/gpt-4o`, `bedrock/...`).
 */

const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
const FILE_EXTENSION = /\.(?:json|jsonl|ya?ml|txt|csv|tsv|parquet|arrow|bin|pt|pth|ckpt|safetensors|gguf|ggml|onnx|h5|hdf5|keras|pkl|pickle|npz|npy|zip|gz|tgz|tar|bz2|xz|py|md|model|tflite|pb|mlmodel|engine|plan)$/i;
/** Usual names of local folders that hold data and checkpoints: `data/train` is a path, not a repository. */
const LOCAL_FOLDERS = new Set([
  'data', 'datasets', 'dataset', 'models', 'model', 'output', 'outputs', 'out', 'checkpoints', 'checkpoint', 'ckpt', 'ckpts', 'runs', 'tmp', 'temp', 'cache',
  'local', 'src', 'configs', 'config', 'weights', 'artifacts', 'saved_models', 'saved', 'exp', 'exps', 'experiments', 'results', 'logs', 'workspace',
  'mnt', 'home', 'root', 'var', 'opt', 'usr', 'scratch', 'storage', 'assets', 'resources', 'pretrained', 'pretrained_models', 'adapters', 'lora', 'merged',
  'train', 'eval', 'test', 'raw', 'processed', 'examples', 'fixtures', 'build', 'dist',
]);
/** API providers' prefixes (LiteLLM, LangChain, OpenRouter routes): the value names a hosted model, not a download. */
const PROVIDERS = new Set([
  'anthropic', 'azure', 'azure_ai', 'bedrock', 'bedrock_converse', 'vertex_ai', 'vertex_ai_beta', 'gemini', 'groq', 'ollama', 'ollama_chat', 'together_ai', 'openrouter', 'fireworks_ai',
  'xai', 'perplexity', 'replicate', 'sagemaker', 'cloudflare', 'voyage', 'watsonx', 'databricks', 'ai21', 'hosted_vllm', 'lm_studio', 'litellm_proxy', 'claude',
  'cohere_chat', 'mistral', 'deepinfra', 'anyscale', 'text-completion-openai', 'openai_compatible', 'nvidia_nim', 'cerebras', 'sambanova', 'friendliai', 'github', 'copilot',
]);
/** Hosted models of providers that are also Hub organisations (openai/whisper-large-v3 is on the Hub; openai/gpt-4o is not). */
const HOSTED = /^(?:openai\/(?:gpt-(?:3|4|5)(?!-?oss)|o[1-9](?:-|$)|chatgpt|text-embedding|dall-e|tts-|davinci|babbage|computer-use|codex)|google\/gemini|cohere\/command|meta\/llama-3\.[0-9]-\d+b-instruct-maas)/i;

/** Whether a config value is a Hub repository id that `from_pretrained`/`load_dataset` would download. */
export function isHubId(value: string): boolean {
  if (!HUB_ID.test(value) || value.includes('--') || value.includes('..') || FILE_EXTENSION.test(value)) return false;
  const owner = value.slice(0, value.indexOf('/'));
  if (LOCAL_FOLDERS.has(owner.toLowerCase()) || PROVIDERS.has(owner.toLowerCase())) return false;
  return !HOSTED.test(value);
}
