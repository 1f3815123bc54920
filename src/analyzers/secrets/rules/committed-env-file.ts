import type { RuleMeta } from '../../../core/rule.js';
import { isSecretName } from '../assignments.js';
import { isPlaceholder, isReference } from '../text.js';

export const meta: RuleMeta = {
  id: 'secrets/committed-env-file',
  title: '.env file with secrets in the scanned tree',
  severity: 'medium',
  principle: '2.2',
  references: { cwe: ['CWE-538', 'CWE-798'], owaspLlm: ['LLM02:2025'] },
  description:
    'A .env file (.env, .env.local, .env.production and the like) that sets secret-named variables to real values is part of the scanned tree, so it is committed or shipped with the project. These files exist to keep secrets out of the repository; once committed, every value in them must be treated as leaked. Templates (.env.example, .env.sample, .env.template) are not reported.',
  fix: 'Remove the file from version control (git rm --cached .env), add .env* to .gitignore with an exception for .env.example, rotate every secret it held, and commit a .env.example with empty or placeholder values instead.',
};

const TEMPLATE_PARTS = new Set(['example', 'examples', 'sample', 'samples', 'template', 'templates', 'tmpl', 'tpl', 'dist', 'schema', 'defaults']);

/** `env` for a real environment file, `template` for an example one, undefined for anything else. */
export function envFileRole(path: string): 'env' | 'template' | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base !== '.env' && !base.startsWith('.env.')) return undefined;
  return base.split('.').some((part) => TEMPLATE_PARTS.has(part)) ? 'template' : 'env';
}

const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.\-]{0,127})[ \t]*=[ \t]*(.*)$/;

/** A secret-named variable set to a real value on a .env line: its name and the name's column. */
export function envSecret(line: string): { name: string; column: number } | undefined {
  const match = ENV_LINE.exec(line.length > 4096 ? line.slice(0, 4096) : line);
  if (!match) return undefined;
  const name = match[1]!;
  if (!isSecretName(name)) return undefined;
  let value = match[2]!.trim();
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const close = value.indexOf(quote, 1);
    value = close > 0 ? value.slice(1, close) : value.slice(1);
  } else {
    value = value.replace(/[ \t]+#.*$/, '');
  }
  value = value.trim();
  if (value.length < 4 || isReference(value) || isPlaceholder(value)) return undefined;
  if (/^(?:\d+|true|false|yes|no|on|off)$/i.test(value)) return undefined;
  return { name, column: line.indexOf(name) + 1 };
}
