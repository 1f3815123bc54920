import type { RuleMeta } from '../../../core/rule.js';
import type { TokenPattern } from '../tokens.js';
import { tokenRegex } from '../tokens.js';

export const meta: RuleMeta = {
  id: 'secrets/ai-provider-api-key',
  title: 'AI provider API key in the file',
  severity: 'critical',
  principle: '2.2',
  references: { cwe: ['CWE-798'], owaspLlm: ['LLM02:2025'], atlas: ['AML.T0055'] },
  description:
    'An API key of a model provider (OpenAI, Anthropic, Hugging Face, Google Gemini, Groq and others) is written into a file. Anyone who can read the repository, an image layer or a shared notebook can call the provider as your account: run up charges, read fine-tuning data, files and assistants, or swap the models you deploy. Keys printed into notebook outputs are as exposed as keys in code. Related rules: gitleaks openai-api-key, anthropic-api-key, huggingface-access-token, gcp-api-key.',
  fix: 'Revoke the key at the provider now (it must be treated as leaked, also in the git history), issue a new one, and read it at run time from the environment (os.environ["OPENAI_API_KEY"], process.env.OPENAI_API_KEY) or a secret manager. Keep .env files out of version control and clear notebook outputs before committing.',
};

const ALNUM = 'A-Za-z0-9';

/** Keys with a provider prefix: recognisable anywhere. */
const PREFIXED: TokenPattern[] = [
  {
    provider: 'OpenAI',
    kind: 'API key (project, service-account or admin key)',
    regex: tokenRegex(String.raw`sk-(?:proj|svcacct|service|admin)-[A-Za-z0-9_\-]{40,400}`),
    prefix: /^sk-(?:proj|svcacct|service|admin)-/,
    quick: ['sk-'],
  },
  {
    provider: 'OpenAI',
    kind: 'API key (legacy user key)',
    regex: tokenRegex(`sk-[${ALNUM}]{20}T3BlbkFJ[${ALNUM}]{20}`),
    prefix: /^sk-/,
    quick: ['T3BlbkFJ'],
  },
  {
    provider: 'Anthropic',
    kind: 'API key',
    regex: tokenRegex(String.raw`sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_\-]{80,110}AA`),
    prefix: /^sk-ant-(?:api|admin)\d\d-/,
    quick: ['sk-ant-'],
  },
  {
    provider: 'Hugging Face',
    kind: 'access token',
    regex: tokenRegex(`(?:hf_|api_org_)[${ALNUM}]{34}`),
    prefix: /^(?:hf_|api_org_)/,
    quick: ['hf_', 'api_org_'],
  },
  {
    provider: 'Google',
    kind: 'API key (Gemini / Google AI Studio or another Google Cloud API)',
    regex: tokenRegex(String.raw`AIza[A-Za-z0-9_\-]{35}`),
    prefix: /^AIza/,
    quick: ['AIza'],
  },
  { provider: 'Replicate', kind: 'API token', regex: tokenRegex(String.raw`r8_[A-Za-z0-9_\-]{37}`), prefix: /^r8_/, quick: ['r8_'] },
  { provider: 'Groq', kind: 'API key', regex: tokenRegex(`gsk_[${ALNUM}]{52}`), prefix: /^gsk_/, quick: ['gsk_'] },
  { provider: 'Perplexity', kind: 'API key', regex: tokenRegex(`pplx-[${ALNUM}]{48}`), prefix: /^pplx-/, quick: ['pplx-'] },
  { provider: 'OpenRouter', kind: 'API key', regex: tokenRegex('sk-or-v1-[0-9a-f]{64}'), prefix: /^sk-or-v1-/, quick: ['sk-or-v1-'] },
  { provider: 'xAI', kind: 'API key', regex: tokenRegex(`xai-[${ALNUM}_]{80}`), prefix: /^xai-/, quick: ['xai-'] },
  {
    provider: 'LangSmith',
    kind: 'API key',
    regex: tokenRegex('lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}'),
    prefix: /^lsv2_(?:pt|sk)_/,
    quick: ['lsv2_'],
  },
  {
    provider: 'Pinecone',
    kind: 'API key',
    regex: tokenRegex(`pcsk_[${ALNUM}]{5,6}_[${ALNUM}]{63}`),
    prefix: /^pcsk_/,
    quick: ['pcsk_'],
  },
  { provider: 'ElevenLabs', kind: 'API key', regex: tokenRegex('sk_[0-9a-f]{48}'), prefix: /^sk_/, quick: ['sk_'] },
  {
    provider: 'AWS Bedrock',
    kind: 'API key (long-term)',
    regex: tokenRegex('ABSK[A-Za-z0-9+/]{109,269}={0,2}', 'A-Za-z0-9+/='),
    prefix: /^ABSK/,
    quick: ['ABSK'],
  },
  {
    provider: 'AWS Bedrock',
    kind: 'API key (short-term)',
    regex: tokenRegex(String.raw`bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&._\-]{20,4000}`, String.raw`A-Za-z0-9+/=%&._\-`),
    prefix: /^bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t/,
    quick: ['bedrock-api-key-'],
  },
];

const HEX_ONLY = /^[0-9a-f]+$/;

function keyed(provider: string, keywords: string[], body: string, options: { prefix?: RegExp; reject?: (secret: string) => boolean } = {}): TokenPattern {
  return { provider, kind: 'API key', regex: tokenRegex(body), keywords, quick: keywords, ...options };
}

/** A mixed-case key is never all lowercase hex: that shape is a digest (a model file's md5, a commit). */
const notHex = { reject: (secret: string) => HEX_ONLY.test(secret) };

/** Keys without a distinctive prefix: only with the provider's name shortly before them on the line. */
const KEYWORDED: TokenPattern[] = [
  // Not `coherent` or `coherence`: the SDK, the variable or the client.
  keyed('Cohere', ['cohere_', 'cohere.', 'cohere(', 'cohere-', 'cohereclient', 'co_api_key'], `[${ALNUM}]{40}`, notHex),
  keyed('Mistral', ['mistral'], `[${ALNUM}]{32}`, notHex),
  keyed('DeepSeek', ['deepseek'], 'sk-[a-z0-9]{32}', { prefix: /^sk-/ }),
  keyed('Weights & Biases', ['wandb'], '[0-9a-f]{40}'),
  keyed('Azure OpenAI', ['azure'], '[0-9a-f]{32}'),
  keyed('Azure OpenAI', ['azure'], `[${ALNUM}]{84}`),
  // Not the English word: the variable, the SDK client or the domain.
  keyed('Together AI', ['together_api', 'together_key', 'togetherai', 'together_ai', 'together.ai', 'together(', 'together-ai'], '[0-9a-f]{64}'),
  keyed('Together AI', ['together'], String.raw`tgp_v1_[A-Za-z0-9_\-]{30,80}`, { prefix: /^tgp_v1_/ }),
  keyed('Fireworks AI', ['fireworks'], `fw_[${ALNUM}]{16,64}`, { prefix: /^fw_/ }),
  keyed('Fireworks AI', ['fireworks'], `[${ALNUM}]{48}`, notHex),
  keyed('ElevenLabs', ['elevenlabs', 'eleven_labs', 'xi_api_key', 'xi-api-key'], '[0-9a-f]{32}'),
];

export const AI_PROVIDER_PATTERNS: readonly TokenPattern[] = [...PREFIXED, ...KEYWORDED];
