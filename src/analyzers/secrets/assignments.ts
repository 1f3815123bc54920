/**
 * @module Assignments on one line: `NAME = "value"`, `name: value`, `"name": "value"`, `NAME=value`,
 * `api_key="value"` in a call. Only names that say they hold a secret are kept. The scan is linear: names start
 * only where no name character precedes, and each value read moves the scan past it.
 */

export interface Assignment {
  readonly name: string;
  readonly nameStart: number;
  /** The value as written, without its quotes. */
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quoted: boolean;
  /** The literal is the default of an environment lookup: `os.getenv("KEY", "<literal>")`, `process.env.KEY ?? '<literal>'`. */
  readonly fallback?: boolean;
}

// An environment lookup with a literal default, up to the default's opening quote. Bounded, no nesting.
const ENV_FALLBACK = [
  /^(?:os\.)?(?:environ\.get|getenv)\(\s{0,8}(["'])[A-Za-z0-9_.\-]{1,128}\1\s{0,8},\s{0,8}(?=["'])/,
  /^(?:process\.env|import\.meta\.env)(?:\.[A-Za-z_$][A-Za-z0-9_$]{0,127}|\[\s{0,8}(["'])[A-Za-z0-9_.\-]{1,128}\1\s{0,8}\])\s{0,8}(?:\|\||\?\?)\s{0,8}(?=["'`])/,
];

// No back-reference for the closing quote (V8 runs those slowly); the code checks the quotes pair up.
const ASSIGNMENT = /(?<![A-Za-z0-9_.$\-])(["']?)([A-Za-z_$][A-Za-z0-9_.$\-]{0,79})(["']?)\]?[ \t]{0,16}(?::=|=>|=|:)(?![=>])[ \t]{0,16}/g;
const MAX_VALUE = 1024;
/** Hand-written lines hold a few assignments; a generated one with more is searched only this far. */
export const MAX_ASSIGNMENTS_PER_LINE = 20_000;

const SECRET_WORDS = new Set(['password', 'passwd', 'passwort', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'auth', 'authorization', 'credential', 'credentials', 'privatekey', 'accesskey', 'secretkey', 'authtoken', 'bearer']);
/** Words before `key` that make `<word>_key` a secret (`api_key`, `openai_key`); `sort_key` stays out. */
const KEY_OWNERS = new Set([
  'api', 'access', 'secret', 'private', 'encryption', 'signing', 'master', 'hmac', 'auth', 'client', 'service', 'account', 'license',
  'openai', 'anthropic', 'claude', 'hf', 'huggingface', 'cohere', 'mistral', 'groq', 'gemini', 'google', 'azure', 'aws', 'deepseek',
  'together', 'fireworks', 'replicate', 'perplexity', 'pinecone', 'openrouter', 'xai', 'elevenlabs', 'wandb', 'langsmith', 'langchain',
  'stripe', 'github', 'slack', 'sendgrid', 'twilio', 'mailgun', 'serpapi', 'tavily', 'voyage', 'jina', 'qdrant', 'weaviate',
]);
/** Last words that make the name about the secret rather than the secret: `token_url`, `password_field`. */
const NOT_THE_SECRET = new Set([
  'name', 'names', 'file', 'filename', 'path', 'dir', 'url', 'uri', 'endpoint', 'env', 'var', 'variable', 'field', 'type', 'count',
  'length', 'len', 'size', 'id', 'ids', 'prefix', 'suffix', 'limit', 'limits', 'max', 'min', 'regex', 'pattern', 'label', 'placeholder',
  'hint', 'host', 'domain', 'mode', 'method', 'methods', 'provider', 'scheme', 'strategy', 'enabled', 'enable', 'required', 'timeout',
  'expiry', 'expires', 'expiration', 'ttl', 'ref', 'location', 'source', 'store', 'manager', 'version', 'format', 'kind', 'class',
  'config', 'settings', 'policy', 'rule', 'rules', 'index', 'attribute', 'attr', 'param', 'parameter', 'arg', 'option', 'flag', 'lifetime',
  'usage', 'username', 'user', 'hash', 'digest', 'checksum', 'sha', 'salt', 'rounds', 'algorithm', 'alg', 'template', 'description',
  'message', 'error', 'title', 'help', 'doc', 'docs', 'example', 'sample', 'test', 'tests', 'key_name', 'keys', 'tokens', 'secrets',
]);

const SECRET_HINT = /pass|pwd|secret|token|key|auth|credential|bearer/i;

/** Words anywhere in the name that make the value something other than a usable secret. */
const DEFUSED = new Set(['hashed', 'hash', 'encrypted', 'salted', 'public', 'publishable', 'pub', 'mock', 'fake', 'dummy']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a variable or key name says it holds a secret: `OPENAI_API_KEY`, `dbPassword`, `auth_token`. */
export function isSecretName(name: string): boolean {
  if (!SECRET_HINT.test(name)) return false;
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (last === undefined || NOT_THE_SECRET.has(last) || parts.some((part) => DEFUSED.has(part))) return false;
  for (let i = 0; i < parts.length; i++) {
    const word = parts[i]!;
    if (SECRET_WORDS.has(word)) return true;
    if (word === 'key' && i > 0 && KEY_OWNERS.has(parts[i - 1]!)) return true;
  }
  return false;
}

/** A quoted value; an unclosed one (a multi-line string) gives no value but still the end of what was read. */
function readQuoted(line: string, start: number, quote: string, escaped: boolean): { value?: string; end: number } {
  const open = escaped ? 2 : 1;
  const limit = Math.min(line.length, start + open + MAX_VALUE);
  for (let i = start + open; i < limit; i++) {
    const char = line[i];
    if (escaped) {
      if (char === '\\' && line[i + 1] === quote) return { value: line.slice(start + open, i), end: i + 2 };
      if (char === '\\') i++;
      continue;
    }
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === quote) return { value: line.slice(start + open, i), end: i + 1 };
  }
  return { end: limit };
}

const UNQUOTED_END = /[\s,;'"`\]})]/;

/**
 * Assignments of secret-named keys on a line. `code` limits values to string literals: in source code an
 * unquoted value is an expression, not a secret.
 */
export function secretAssignments(line: string, code: boolean): { assignments: Assignment[]; complete: boolean } {
  const found: Assignment[] = [];
  if (line.length === 0 || !SECRET_HINT.test(line)) return { assignments: found, complete: true };
  let budget = MAX_ASSIGNMENTS_PER_LINE;
  // Names repeat (keys of a minified JSON array, say): decide each once per line.
  const verdicts = new Map<string, boolean>();
  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(line); match; match = ASSIGNMENT.exec(line)) {
    if (--budget < 0) return { assignments: found, complete: false };
    if (match[1] !== match[3]) {
      // `"NAME = ...` inside a JSON string: retry from the name, without the quote.
      if (match[1]) ASSIGNMENT.lastIndex = match.index + 1;
      continue;
    }
    const name = match[2]!;
    let secret = verdicts.get(name);
    if (secret === undefined) verdicts.set(name, (secret = isSecretName(name)));
    if (!secret) continue;
    const at = match.index + match[0].length;
    const first = line[at];
    let value: { value?: string; end: number } | undefined;
    let valueStart = at;
    let fallback = false;
    if (first === '\\' && (line[at + 1] === '"' || line[at + 1] === "'")) {
      value = readQuoted(line, at, line[at + 1]!, true);
      valueStart = at + 2;
    } else if (first === '"' || first === "'" || first === '`') {
      value = readQuoted(line, at, first, false);
      valueStart = at + 1;
    } else if (code && (first === 'o' || first === 'g' || first === 'e' || first === 'p' || first === 'i')) {
      const head = line.slice(at, at + 300);
      const lookup = ENV_FALLBACK.map((pattern) => pattern.exec(head)).find((found) => found !== null);
      if (lookup) {
        const quoteAt = at + lookup[0].length;
        value = readQuoted(line, quoteAt, line[quoteAt]!, false);
        valueStart = quoteAt + 1;
        fallback = true;
      }
    } else if (!code && first !== undefined && !UNQUOTED_END.test(first)) {
      let end = at;
      const limit = Math.min(line.length, at + MAX_VALUE);
      while (end < limit && !UNQUOTED_END.test(line[end]!)) end++;
      value = { value: line.slice(at, end), end };
    }
    if (value === undefined) continue;
    // Every value read moves the scan past it, so no character is read as a value twice.
    ASSIGNMENT.lastIndex = Math.max(ASSIGNMENT.lastIndex, value.end);
    if (value.value === undefined || value.value.length === 0) continue;
    const quoted = valueStart !== at;
    const valueEnd = valueStart + value.value.length;
    found.push({ name, nameStart: match.index + match[1]!.length, value: value.value, valueStart, valueEnd, quoted, ...(fallback ? { fallback } : {}) });
  }
  return { assignments: found, complete: true };
}
