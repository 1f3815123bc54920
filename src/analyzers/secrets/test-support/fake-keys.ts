/**
 * Fake keys for the secrets tests, built at run time from a prefix and a generated body so that no
 * key-shaped literal is ever committed (push protection and other scanners stay quiet about this repository).
 */

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const URLSAFE = `${ALNUM}_-`;
export const HEX = '0123456789abcdef';
export const BASE64 = `${ALNUM}+/`;

/** Deterministic random text (mulberry32), so a failing test shows the same key every run. */
export function randomText(alphabet: string, length: number, seed: number): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out += alphabet[Math.floor(value * alphabet.length)];
  }
  return out;
}

export interface FakeKeySpec {
  /** As the message names it. */
  readonly provider: string;
  readonly rule: 'secrets/ai-provider-api-key' | 'secrets/cloud-or-platform-token';
  readonly alphabet: string;
  readonly length: number;
  /** The public prefix the evidence may show. */
  readonly shown: string;
  /** Builds the key from a random body of `length` characters of `alphabet`. */
  readonly make: (body: string) => string;
  /** A realistic line holding the key. */
  readonly line: (key: string) => string;
}

const assign = (name: string) => (key: string) => `${name} = "${key}"`;

export const FAKE_KEYS: readonly FakeKeySpec[] = [
  { provider: 'OpenAI', rule: 'secrets/ai-provider-api-key', alphabet: URLSAFE, length: 156, shown: 'sk-proj-', make: (b) => `sk-${'proj'}-${b.slice(0, 74)}T3Blbk${'FJ'}${b.slice(74)}`, line: assign('OPENAI_API_KEY') },
  { provider: 'OpenAI', rule: 'secrets/ai-provider-api-key', alphabet: URLSAFE, length: 120, shown: 'sk-svcac', make: (b) => `sk-${'svcacct'}-${b}`, line: (k) => `client = OpenAI(api_key="${k}")` },
  { provider: 'OpenAI', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 40, shown: 'sk-', make: (b) => `sk-${b.slice(0, 20)}T3Blbk${'FJ'}${b.slice(20)}`, line: (k) => `openai.api_key = '${k}'` },
  { provider: 'Anthropic', rule: 'secrets/ai-provider-api-key', alphabet: URLSAFE, length: 93, shown: 'sk-ant-a', make: (b) => `sk-${'ant'}-api03-${b}AA`, line: assign('ANTHROPIC_API_KEY') },
  { provider: 'Anthropic', rule: 'secrets/ai-provider-api-key', alphabet: URLSAFE, length: 93, shown: 'sk-ant-a', make: (b) => `sk-${'ant'}-admin01-${b}AA`, line: (k) => `  anthropic_admin_key: ${k}` },
  { provider: 'Hugging Face', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 34, shown: 'hf_', make: (b) => `hf${'_'}${b}`, line: (k) => `login(token="${k}")` },
  { provider: 'Hugging Face', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 34, shown: 'api_org_', make: (b) => `api${'_org_'}${b}`, line: (k) => `HUGGINGFACE_HUB_TOKEN=${k}` },
  { provider: 'Google', rule: 'secrets/ai-provider-api-key', alphabet: URLSAFE, length: 35, shown: 'AIza', make: (b) => `AI${'za'}${b}`, line: (k) => `genai.configure(api_key="${k}")` },
  { provider: 'Replicate', rule: 'secrets/ai-provider-api-key', alphabet: URLSAFE, length: 37, shown: 'r8_', make: (b) => `r8${'_'}${b}`, line: (k) => `export REPLICATE_API_TOKEN=${k}` },
  { provider: 'Groq', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 52, shown: 'gsk_', make: (b) => `gsk${'_'}${b}`, line: (k) => `const groq = new Groq({ apiKey: "${k}" });` },
  { provider: 'Perplexity', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 48, shown: 'pplx-', make: (b) => `pplx${'-'}${b}`, line: assign('PPLX_KEY') },
  { provider: 'OpenRouter', rule: 'secrets/ai-provider-api-key', alphabet: HEX, length: 64, shown: 'sk-or-v1', make: (b) => `sk-${'or'}-v1-${b}`, line: (k) => `Authorization: Bearer ${k}` },
  { provider: 'xAI', rule: 'secrets/ai-provider-api-key', alphabet: `${ALNUM}_`, length: 80, shown: 'xai-', make: (b) => `xai${'-'}${b}`, line: assign('XAI_API_KEY') },
  { provider: 'LangSmith', rule: 'secrets/ai-provider-api-key', alphabet: HEX, length: 42, shown: 'lsv2_pt_', make: (b) => `lsv2${'_pt_'}${b.slice(0, 32)}_${b.slice(32)}`, line: (k) => `LANGCHAIN_API_KEY: "${k}"` },
  { provider: 'Pinecone', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 69, shown: 'pcsk_', make: (b) => `pcsk${'_'}${b.slice(0, 6)}_${b.slice(6)}`, line: (k) => `pc = Pinecone(api_key="${k}")` },
  { provider: 'ElevenLabs', rule: 'secrets/ai-provider-api-key', alphabet: HEX, length: 48, shown: 'sk_', make: (b) => `sk${'_'}${b}`, line: (k) => `client = ElevenLabs(api_key="${k}")` },
  { provider: 'AWS Bedrock', rule: 'secrets/ai-provider-api-key', alphabet: BASE64, length: 132, shown: 'ABSK', make: (b) => `AB${'SK'}${b}`, line: (k) => `AWS_BEARER_TOKEN_BEDROCK=${k}` },
  { provider: 'Cohere', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 40, shown: '', make: (b) => b, line: (k) => `co = cohere.ClientV2("${k}")` },
  { provider: 'Mistral', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 32, shown: '', make: (b) => b, line: assign('MISTRAL_API_KEY') },
  { provider: 'DeepSeek', rule: 'secrets/ai-provider-api-key', alphabet: LOWER + DIGITS, length: 32, shown: 'sk-', make: (b) => `sk${'-'}${b}`, line: (k) => `DEEPSEEK_API_KEY=${k}` },
  { provider: 'Weights & Biases', rule: 'secrets/ai-provider-api-key', alphabet: HEX, length: 40, shown: '', make: (b) => b, line: (k) => `wandb.login(key="${k}")` },
  { provider: 'Azure OpenAI', rule: 'secrets/ai-provider-api-key', alphabet: HEX, length: 32, shown: '', make: (b) => b, line: (k) => `AZURE_OPENAI_API_KEY: ${k}` },
  { provider: 'Together AI', rule: 'secrets/ai-provider-api-key', alphabet: HEX, length: 64, shown: '', make: (b) => b, line: (k) => `TOGETHER_API_KEY=${k}` },
  { provider: 'Fireworks AI', rule: 'secrets/ai-provider-api-key', alphabet: ALNUM, length: 24, shown: 'fw_', make: (b) => `fw${'_'}${b}`, line: (k) => `fireworks.client.api_key = "${k}"` },
  { provider: 'AWS', rule: 'secrets/cloud-or-platform-token', alphabet: UPPER + DIGITS, length: 16, shown: 'AKIA', make: (b) => `AK${'IA'}${b}`, line: (k) => `aws_access_key_id = ${k}` },
  { provider: 'AWS', rule: 'secrets/cloud-or-platform-token', alphabet: BASE64, length: 40, shown: '', make: (b) => b, line: (k) => `aws_secret_access_key = ${k}` },
  { provider: 'GitHub', rule: 'secrets/cloud-or-platform-token', alphabet: ALNUM, length: 36, shown: 'ghp_', make: (b) => `gh${'p_'}${b}`, line: (k) => `git clone https://x-access-token:${k}@github.com/acme/models.git` },
  { provider: 'GitHub', rule: 'secrets/cloud-or-platform-token', alphabet: ALNUM, length: 81, shown: 'github_p', make: (b) => `github${'_pat_'}${b.slice(0, 22)}_${b.slice(22)}`, line: (k) => `  GH_TOKEN: ${k}` },
  { provider: 'Slack', rule: 'secrets/cloud-or-platform-token', alphabet: ALNUM, length: 24, shown: 'xoxb-', make: (b) => `xo${'xb'}-2048${'31'}95173-40961${'2'}8837011-${b}`, line: (k) => `SLACK_BOT_TOKEN="${k}"` },
  { provider: 'Stripe', rule: 'secrets/cloud-or-platform-token', alphabet: ALNUM, length: 32, shown: 'sk_live_', make: (b) => `sk${'_live_'}${b}`, line: (k) => `stripe.api_key = "${k}"` },
  { provider: 'AWS', rule: 'secrets/cloud-or-platform-token', alphabet: UPPER + DIGITS, length: 16, shown: 'ASIA', make: (b) => `AS${'IA'}${b}`, line: (k) => `{"AccessKeyId": "${k}", "Expiration": "2026-01-01T00:00:00Z"}` },
  { provider: 'GitHub', rule: 'secrets/cloud-or-platform-token', alphabet: ALNUM, length: 36, shown: 'gho_', make: (b) => `gh${'o_'}${b}`, line: (k) => `    oauth_token: ${k}` },
  { provider: 'PyPI', rule: 'secrets/cloud-or-platform-token', alphabet: URLSAFE, length: 120, shown: 'pypi-AgE', make: (b) => `pypi-AgEIcHlwaS5v${'cmc'}${b}`, line: (k) => `password = ${k}` },
  { provider: 'AWS Bedrock', rule: 'secrets/ai-provider-api-key', alphabet: BASE64, length: 200, shown: 'bedrock-', make: (b) => `bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t${b}`, line: (k) => `export AWS_BEARER_TOKEN_BEDROCK=${k}` },
  { provider: 'npm', rule: 'secrets/cloud-or-platform-token', alphabet: ALNUM, length: 36, shown: 'npm_', make: (b) => `npm${'_'}${b}`, line: (k) => `//registry.npmjs.org/:_authToken=${k}` },
];
