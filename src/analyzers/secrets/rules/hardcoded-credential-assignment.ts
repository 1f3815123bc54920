import type { RuleMeta } from '../../../core/rule.js';
import { isPlaceholder, isReference, shannonEntropy } from '../text.js';

export const meta: RuleMeta = {
  id: 'secrets/hardcoded-credential-assignment',
  title: 'Hard-coded credential',
  severity: 'medium',
  principle: '2.2',
  references: { cwe: ['CWE-798'], owaspLlm: ['LLM02:2025'] },
  description:
    'A variable or key whose name says it holds a secret (api_key, token, password, secret, auth) is given a literal, random-looking value in code or configuration. The value travels with every copy of the repository, container image and notebook, and cannot be rotated without a code change. Names alone, environment lookups, templates and placeholders are not reported. Related rules: gitleaks generic-api-key, Bandit B105/B106.',
  fix: 'Move the value out of the file: read it at run time from the environment (os.environ["API_TOKEN"], process.env.API_TOKEN) or a secret manager, and rotate it, since it has been exposed in the history. In configuration files reference the secret (${API_TOKEN}, {{ secrets.API_TOKEN }}) instead of writing it.',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUTH_SCHEME = /^(?:bearer|basic|token|apikey)\s+/i;
const FILE_LIKE = /\.(?:json|ya?ml|txt|pem|key|crt|cer|p12|env|py|js|ts|toml|cfg|ini|pkl|pt|bin|html?|png|jpe?g)$/i;
const HEX = /^[0-9a-fA-F]+$/;

export const MIN_LENGTH = 16;

/**
 * The part of an assigned value that is a credential, as an offset into the value and its text; undefined when
 * the value is a reference, a placeholder, an ordinary word or path, or too regular to be random.
 */
export function credentialIn(value: string): { offset: number; secret: string } | undefined {
  const scheme = AUTH_SCHEME.exec(value);
  const offset = scheme ? scheme[0].length : 0;
  const secret = value.slice(offset);
  if (secret.length < MIN_LENGTH || secret.length > 1024 || /\s/.test(secret)) return undefined;
  if (isReference(secret) || isPlaceholder(secret)) return undefined;
  if (!/[0-9]/.test(secret) || !/[A-Za-z]/.test(secret)) return undefined;
  if (UUID.test(secret) || /^sha\d+-/i.test(secret)) return undefined;
  if (secret.includes('://') || /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(secret) || FILE_LIKE.test(secret) || secret.includes('@')) return undefined;
  // Identifiers and names: `OPENAI_API_KEY`, `my-service.prod-v2`, `getToken()`.
  if (/^[A-Z][A-Z0-9_]*$/.test(secret) || /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/.test(secret) || /[()]/.test(secret)) return undefined;
  if (/^v?\d+(?:\.\d+)+/.test(secret)) return undefined;
  if (shannonEntropy(secret) < (HEX.test(secret) ? 3 : 3.5)) return undefined;
  return { offset, secret };
}
