import type { DockerfileRule } from '../rule.js';
import { argsPosition } from '../rule.js';
import { keyValues } from '../parse.js';
import { maskSecret } from '../../../lib/secret-mask.js';

const SECRET_WORDS = new Set(['TOKEN', 'SECRET', 'SECRETS', 'PASSWORD', 'PASSWD', 'PASS', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY', 'PRIVATEKEY', 'SECRETKEY', 'ACCESSKEY', 'AUTHKEY']);
/** Words before KEY that make it a secret key (GPG_KEY, PUBLIC_KEY, SORT_KEY are not). */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'PRIVATE', 'SECRET', 'ENCRYPTION', 'SIGNING', 'MASTER', 'AUTH', 'SESSION', 'ACCOUNT', 'SERVICE', 'WEBHOOK', 'CLIENT', 'LICENSE']);
/** A final word that says the variable holds where or what the secret is, not the secret. */
const NOT_THE_VALUE = new Set(['FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'ID', 'NAME', 'LENGTH', 'LEN', 'SIZE', 'TTL', 'EXPIRY', 'TIMEOUT', 'TYPE', 'HEADER', 'PREFIX', 'ENABLED', 'REQUIRED', 'VAR', 'ENV', 'FIELD', 'MODE', 'COUNT', 'LIMIT']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toUpperCase());
}

export function isSecretName(name: string): boolean {
  const parts = words(name);
  if (parts.length === 0 || NOT_THE_VALUE.has(parts[parts.length - 1]!)) return false;
  return parts.some((part, k) => SECRET_WORDS.has(part) || (part === 'KEY' && k > 0 && KEY_QUALIFIERS.has(parts[k - 1]!)));
}

const PLACEHOLDER = /^(changeme|change[-_]?me|change[-_]?this|x+|\*+|\.+|-+|_+|<.*>|\[.*\]|\{.*\}|your[-_ ].*|.*[-_]here|replace[-_]?me|dummy|example|sample|placeholder|none|null|nil|undefined|todo|tbd|fixme|redacted|secret|password|token|test|testing|empty|default|unset|notset|false|true|yes|no|on|off|disabled?|enabled?)$/i;

export function isLiteralSecret(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4 || /^\d{1,6}$/.test(trimmed) || PLACEHOLDER.test(trimmed) || trimmed.includes('$')) return false;
  // A path is where a secret is mounted, not the secret.
  return !/^(\/|~\/|\.\/)[^\s]*$/.test(trimmed);
}

/** `scheme://user:password@host` with a literal password. */
function urlPassword(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:([^/\s@]+)@/i.exec(value.trim());
  return match && isLiteralSecret(match[1]!) ? match[1] : undefined;
}

/** Nothing of the value, only its length: a Dockerfile secret has no public prefix. */
export const mask = (value: string) => maskSecret(value);

export const secretInEnv: DockerfileRule = {
  meta: {
    id: 'dockerfile/secret-in-env',
    title: 'Secret in ENV or ARG',
    severity: 'high',
    principle: '2.2',
    references: { cwe: ['CWE-798', 'CWE-538'], atlas: ['AML.T0055'] },
    description:
      'An ENV value is stored in the image configuration: anyone who can pull the image reads it with `docker inspect`, in every layer cache and registry mirror it reaches. An ARG default shows in `docker history` and in the build cache. A literal value under a name that says it is a secret (OPENAI_API_KEY, HF_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY, CLIENT_SECRET) or a URL with a password (`postgres://app:pw@db/app`) is reported. `ENV HF_TOKEN=${HF_TOKEN}` copying a build argument is reported too: the value given with `--build-arg` ends up in the image the same way. An ARG without a default is not reported (nothing is in the file), nor are empty values, placeholders (`changeme`, `<your-key>`), paths (`/run/secrets/token`) and names that describe rather than hold a secret (HF_TOKEN_PATH, PASSWORD_FILE, GPG_KEY). Evidence shows only the length of the value, never a part of it.',
    fix: 'Pass secrets at build time with BuildKit secret mounts (`RUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli download ...`, built with `docker build --secret id=hf_token,env=HF_TOKEN`) and at run time through the orchestrator\'s secret store or `docker run -e`; rotate any key that was committed.',
  },
  check(model, report) {
    const args = new Set(model.stages.globalArgs.keys());
    for (const instruction of model.file.instructions) {
      if (instruction.keyword === 'FROM') continue;
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      for (const pair of keyValues(instruction, model.file.escape)) {
        if (instruction.keyword === 'ARG') args.add(pair.key);
        if (pair.value === undefined) continue;
        const position = argsPosition(instruction, pair.start, pair.end);
        const secretName = isSecretName(pair.key);
        const reference = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(pair.value.trim());
        if (secretName && reference && instruction.keyword === 'ENV' && args.has((reference[1] ?? reference[2])!)) {
          const arg = (reference[1] ?? reference[2])!;
          report({
            message: `ENV ${pair.key} copies the build argument ${arg} into the image configuration: the value passed with --build-arg is readable by anyone who pulls the image`,
            evidence: `${instruction.keyword} ${pair.key}=${pair.value}`,
            position,
          });
          continue;
        }
        const password = urlPassword(pair.value);
        if (secretName && isLiteralSecret(pair.value)) {
          report({
            message:
              instruction.keyword === 'ENV'
                ? `ENV ${pair.key} holds a literal secret: it is stored in the image configuration, readable with docker inspect by anyone who can pull the image`
                : `ARG ${pair.key} has a literal secret as its default: it is recorded in docker history and the build cache`,
            evidence: `${instruction.keyword} ${pair.key}=${mask(pair.value.trim())}`,
            position,
          });
        } else if (password !== undefined) {
          const masked = pair.value.trim().replace(`:${password}@`, `:${mask(password)}@`);
          report({
            message: `${instruction.keyword} ${pair.key} holds a URL with a password in it: the credential is baked into the image`,
            evidence: `${instruction.keyword} ${pair.key}=${masked}`,
            position,
          });
        }
      }
    }
  },
};
