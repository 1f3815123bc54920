import type { RuleMeta } from '../../../core/rule.js';
import type { TokenPattern } from '../tokens.js';
import { tokenRegex } from '../tokens.js';

export const meta: RuleMeta = {
  id: 'secrets/cloud-or-platform-token',
  title: 'Cloud or platform credential in the file',
  severity: 'high',
  principle: '2.2',
  references: { cwe: ['CWE-798'], owaspLlm: ['LLM02:2025'], atlas: ['AML.T0055'] },
  description:
    'A credential of a cloud or developer platform (an AWS access key, a GitHub, Slack, npm or PyPI token, a live Stripe key, or a private key) is written into a file. AI systems hold their models, training data and deployment pipelines on these platforms: the credential lets whoever reads the file reach them, publish packages or push code in your name. Related rules: gitleaks aws-access-token, github-pat, slack-bot-token, private-key.',
  fix: 'Revoke or rotate the credential at the platform (treat it as leaked, also in the git history), then load it at run time from the environment, a secret manager or the CI secret store. For cloud access prefer short-lived credentials (IAM roles, OIDC federation) over long-lived keys; keep private keys out of the repository.',
};

/** AWS documents this key pair in its examples; it is not a secret. */
const AWS_EXAMPLE = /EXAMPLE/;

export const CLOUD_PATTERNS: readonly TokenPattern[] = [
  {
    provider: 'AWS',
    kind: 'access key id',
    regex: tokenRegex('(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}'),
    prefix: /^(?:AKIA|ASIA|ABIA|ACCA)/,
    quick: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    minEntropy: 2.5,
    reject: (secret) => AWS_EXAMPLE.test(secret),
  },
  {
    provider: 'AWS',
    kind: 'secret access key',
    regex: tokenRegex('[A-Za-z0-9+/]{40}', 'A-Za-z0-9+/='),
    quick: ['aws_secret', 'secret_access_key', 'secretaccesskey', 'aws-secret'],
    keywords: ['aws_secret', 'secret_access_key', 'secretaccesskey', 'aws-secret'],
    minEntropy: 3.5,
    reject: (secret) => AWS_EXAMPLE.test(secret) || !/[0-9]/.test(secret),
  },
  { provider: 'GitHub', kind: 'token', regex: tokenRegex('gh[pousr]_[A-Za-z0-9]{36}'), prefix: /^gh[pousr]_/, quick: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  {
    provider: 'GitHub',
    kind: 'fine-grained personal access token',
    regex: tokenRegex('github_pat_[A-Za-z0-9_]{50,255}'),
    prefix: /^github_pat_/,
    quick: ['github_pat_'],
  },
  { provider: 'Slack', kind: 'token', regex: tokenRegex(String.raw`xox[baprse]-[A-Za-z0-9\-]{10,250}`), prefix: /^xox[baprse]-/, quick: ['xox'] },
  { provider: 'Stripe', kind: 'live secret key', regex: tokenRegex('(?:sk|rk)_live_[A-Za-z0-9]{20,247}'), prefix: /^(?:sk|rk)_live_/, quick: ['_live_'] },
  { provider: 'npm', kind: 'access token', regex: tokenRegex('npm_[A-Za-z0-9]{36}'), prefix: /^npm_/, quick: ['npm_'] },
  {
    provider: 'PyPI',
    kind: 'upload token',
    regex: tokenRegex(String.raw`pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,1000}`),
    prefix: /^pypi-AgEIcHlwaS5vcmc/,
    quick: ['pypi-AgEI'],
  },
];

const PEM_BEGIN = /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const SAME_LINE_BODY = /^(?:\\[rn]|[ \t])*[A-Za-z0-9+/]{16}/;
const BODY_LINE = /^[A-Za-z0-9+/=]{16,}$/;
const BODY_RUN = /[A-Za-z0-9+/=\\]*/y;

export interface PrivateKeyMatch {
  /** The header, e.g. `-----BEGIN RSA PRIVATE KEY-----`: public, shown as is. */
  readonly header: string;
  readonly start: number;
  /** End of the key material on this line (the header's end when the material is on the next lines). */
  readonly end: number;
  /** The block continues on the following lines (a PEM file, a multi-line string). */
  readonly multiline: boolean;
}

/**
 * PEM private key blocks that begin on `lines[index]` and hold key material, on the same line (a JSON string
 * with `\n` escapes, as in a service-account key) or on the next lines. A header alone, as in
 * `pem.startsWith("-----BEGIN RSA PRIVATE KEY-----")`, is not a key.
 */
export function privateKeysOn(lines: readonly string[], index: number): PrivateKeyMatch[] {
  const line = lines[index]!;
  if (!line.includes('-----BEGIN')) return [];
  const found: PrivateKeyMatch[] = [];
  PEM_BEGIN.lastIndex = 0;
  for (let match = PEM_BEGIN.exec(line); match; match = PEM_BEGIN.exec(line)) {
    const headerEnd = match.index + match[0].length;
    const rest = line.slice(headerEnd, headerEnd + 256);
    if (SAME_LINE_BODY.test(rest)) {
      BODY_RUN.lastIndex = headerEnd;
      BODY_RUN.exec(line);
      let end = BODY_RUN.lastIndex;
      PEM_END.lastIndex = end;
      const close = PEM_END.exec(line);
      if (close && close.index === end) end = close.index + close[0].length;
      found.push({ header: match[0], start: match.index, end, multiline: false });
      PEM_BEGIN.lastIndex = Math.max(PEM_BEGIN.lastIndex, end);
      continue;
    }
    // Something else follows the header on its line (a closing quote, code): not the start of a key block.
    if (rest.trim().length > 0 || line.length > headerEnd + rest.length) continue;
    const next = lines.slice(index + 1, index + 4).map((text) => text.trim());
    if (next.some((text) => BODY_LINE.test(text))) found.push({ header: match[0], start: match.index, end: headerEnd, multiline: true });
  }
  return found;
}
