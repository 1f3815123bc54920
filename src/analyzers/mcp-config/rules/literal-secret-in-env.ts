import type { KeyedValue, Located } from '../config.js';
import type { McpRule } from '../rule.js';
import { maskSecret } from '../../../lib/secret-mask.js';

/** Key words that name a secret, matched against the words of an env or header name. */
const SECRET_WORDS = /^(?:token|secret|password|passwd|apikey|pat|credential|credentials|privatekey|accesskey|authorization|cookie|sessionkey|clientsecret|dsn|connectionstring|authtoken|bearer)$/;
/** Compound names split into words that only together name a secret. */
const SECRET_PAIRS = /(?:^|_)(?:api_key|access_key|private_key|secret_key|client_secret|auth_token|access_token|refresh_token|session_token|connection_string|database_url|db_url|service_account_key|signing_key|encryption_key|master_key)(?:_|$)/;
/** Distinctive secret prefixes, whatever the key is called. */
const KNOWN_SECRET = /^(?:sk-(?:ant-|proj-|svcacct-|or-v1-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{30,}|AKIA[0-9A-Z]{16}|AIza[\w-]{35}|r8_[A-Za-z0-9]{30,}|gsk_[A-Za-z0-9]{40,}|pplx-[A-Za-z0-9]{40,}|lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}|pcsk_[A-Za-z0-9_]{40,}|ntn_[A-Za-z0-9]{30,}|secret_[A-Za-z0-9]{40,}|lin_api_[A-Za-z0-9]{30,}|sntrys_[A-Za-z0-9_=+/]{40,}|sk_(?:live|test)_[A-Za-z0-9]{20,}|SG\.[\w-]{16,}\.[\w-]{16,})$/;

/** `${input:x}`, `${env:X}`, `${X}`, `$X`, `%X%`: the client fills these in from elsewhere. */
const REFERENCE = /^\s*(?:\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%)\s*$/;
/** Documentation placeholders rather than real values. */
const PLACEHOLDER = /^(?:<[^>]*>|\[[^\]]*\]|\{[^}]*\}|x+|\*+|\.+|-+|_+|changeme|change[-_ ]?me|replace[-_ ]?me|todo|tbd|none|null|undefined|redacted|dummy|example|test|secret|password|token|your[-_ ].*|.*[-_ ]here|insert[-_ ].*|enter[-_ ].*|put[-_ ].*)$/i;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

export function isSecretName(key: string): boolean {
  const parts = words(key);
  return parts.some((word) => SECRET_WORDS.test(word)) || SECRET_PAIRS.test(parts.join('_')) || parts.join('').endsWith('apikey');
}

/** A flag or query parameter called just `key` (`--key`, `?key=`) holds an API key; an env var called KEY need not. */
const BARE_KEY = /^-{0,2}key$/i;

/**
 * The literal value a secret-named entry holds, or undefined when it is a reference, a placeholder or too short.
 * `named` says the key is a flag or query parameter, where a bare `key` also names a secret.
 */
export function literalSecret(entry: KeyedValue, named = false): string | undefined {
  const value = entry.value.trim();
  if (KNOWN_SECRET.test(value)) return value;
  if (!isSecretName(entry.key) && !(named && BARE_KEY.test(entry.key))) return undefined;
  if (value.length < 8 || REFERENCE.test(value) || PLACEHOLDER.test(value)) return undefined;
  // A header value may reference a variable after its scheme: "Bearer ${input:token}".
  const credential = value.replace(/^(?:Bearer|Basic|Token|Bot)\s+/i, '');
  if (REFERENCE.test(credential) || PLACEHOLDER.test(credential) || credential.length < 8 || credential.includes('${')) return undefined;
  // A path to a key file (GOOGLE_APPLICATION_CREDENTIALS) is where the secret is, not the secret.
  if (/^(?:[~.]?\/|[A-Za-z]:[\\/])/.test(credential) || /\.(?:json|pem|key|p12|pfx|env)$/i.test(credential)) return undefined;
  // A connection string is only a secret with a password in it.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(credential)) return /\/\/[^/@:\s]+:[^/@\s]+@/.test(credential) ? credential : undefined;
  // Flags and plain words (true, off, oauth, read-only) are settings, not secrets.
  if (/^(?:true|false|yes|no|on|off|enabled?|disabled?|oauth2?|basic|bearer|none|required|optional|read[-_]?only)$/i.test(credential)) return undefined;
  // Secrets have no spaces, and are long or carry digits; "X-Api-Key" or "service account" are names.
  if (/\s/.test(credential) || !(credential.length >= 16 || /\d/.test(credential))) return undefined;
  return credential;
}

function prefixOf(full: string, secret: string): string {
  return full.endsWith(secret) ? full.slice(0, full.length - secret.length) : '';
}

/** Nothing of the secret, only its length (the secrets analyzer names the provider of a known format). */
export const mask = (secret: string) => maskSecret(secret);

/** Secret-looking command-line arguments: `--api-key VALUE`, `--token=VALUE`, or a value with a known prefix. */
function argumentSecrets(args: readonly Located[]): KeyedValue[] {
  const found: KeyedValue[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const attached = /^(--?[A-Za-z][\w-]*)=(.+)$/.exec(arg.value);
    if (attached) {
      found.push({ key: attached[1]!, value: attached[2]!, position: arg.position });
      continue;
    }
    const flag = /^--?[A-Za-z][\w-]*$/.test(arg.value) ? arg.value : undefined;
    const next = args[i + 1];
    if (flag && next && !next.value.startsWith('-') && (isSecretName(flag) || BARE_KEY.test(flag))) {
      found.push({ key: flag, value: next.value, position: next.position });
      i++;
      continue;
    }
    if (KNOWN_SECRET.test(arg.value.trim())) found.push({ key: 'argument', value: arg.value, position: arg.position });
  }
  return found;
}

/** Secret-named query parameters of a server URL (`?api_key=...`), which end up in logs and shared links. */
function urlSecrets(url: KeyedValue | undefined): KeyedValue[] {
  if (!url) return [];
  const query = url.value.indexOf('?');
  if (query < 0) return [];
  const found: KeyedValue[] = [];
  for (const pair of url.value.slice(query + 1).split('#')[0]!.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    let value = pair.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it as written
    }
    const key = pair.slice(0, eq);
    if (isSecretName(key) || BARE_KEY.test(key)) found.push({ key, value, position: url.position });
  }
  return found;
}

export const literalSecretInEnv: McpRule = {
  meta: {
    id: 'mcp-config/literal-secret-in-env',
    title: 'Literal secret in an MCP server\'s env, headers, arguments or URL',
    severity: 'high',
    principle: '2.2',
    references: { cwe: ['CWE-798', 'CWE-522'], owaspLlm: ['LLM02:2025'], atlas: ['AML.T0055'] },
    description:
      'MCP configurations are committed with the project (.mcp.json, .cursor/mcp.json, .vscode/mcp.json) or copied between machines and shared in issues. A token written into "env", "headers", a command-line argument (--api-key ...) or the server URL (?api_key=...) leaks with them, and it is usually a broad one (a GitHub, Slack or cloud token that the server acts with). The clients can read secrets from the environment or prompt for them instead.',
    fix: 'Revoke the exposed token, then reference it instead of writing it: "${input:github_token}" with an "inputs" prompt in VS Code, "${env:GITHUB_TOKEN}" in Cursor, "${GITHUB_TOKEN}" in Claude Code\'s .mcp.json, or an env file kept out of version control.',
  },
  check(server, report) {
    const sources = [
      ['env', server.env],
      ['headers', server.headers],
      ['args', argumentSecrets(server.args)],
      ['the URL query', urlSecrets(server.url)],
    ] as const;
    for (const [where, entries] of sources) {
      for (const entry of entries) {
        const secret = literalSecret(entry, where === 'args' || where === 'the URL query');
        if (secret === undefined) continue;
        report({
          message: `MCP server "${server.name}" has a literal secret in ${where} (${entry.key}): anyone who can read this file can use it. Move it to an environment variable or an input prompt, and revoke it.`,
          evidence: `"${entry.key}": "${prefixOf(entry.value.trim(), secret)}${mask(secret)}"`,
          position: entry.position,
        });
      }
    }
  },
};
