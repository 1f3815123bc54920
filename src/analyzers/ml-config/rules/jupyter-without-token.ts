import type { Position } from '../../../core/analyzer.js';
import type { ConfigNode } from '../tree.js';
import type { ConfigRule } from '../rule.js';

const TOKEN_OWNERS = ['ServerApp', 'NotebookApp', 'IdentityProvider'];
const PASSWORD_KEYS: readonly (readonly [string, string])[] = [
  ['ServerApp', 'password'],
  ['NotebookApp', 'password'],
  ['PasswordIdentityProvider', 'hashed_password'],
  ['ServerApp', 'hashed_password'],
];

interface Setting {
  readonly owner: string;
  readonly key: string;
  readonly value: string | number | boolean | null;
  readonly position: Position;
  readonly evidence: string;
}

function jsonSettings(roots: readonly ConfigNode[]): Setting[] {
  const settings: Setting[] = [];
  for (const root of roots) {
    if (root.kind !== 'map') continue;
    for (const section of root.entries) {
      if (section.value.kind !== 'map') continue;
      for (const entry of section.value.entries) {
        if (entry.value.kind !== 'scalar') continue;
        settings.push({ owner: section.key, key: entry.key, value: entry.value.value, position: entry.value.position, evidence: `"${section.key}": {"${entry.key}": ${JSON.stringify(entry.value.value)}}` });
      }
    }
  }
  return settings;
}

const PY_ASSIGNMENT = /^([ \t]*)c\.([A-Za-z]+)\.([A-Za-z_]+)[ \t]*=[ \t]*(?:[uUrRbB]?(['"])((?:[^'"\\]|\\.)*)\4|(True|False|None))[ \t]*(?:#.*)?$/;

/** `c.ServerApp.token = ''` lines of a Python config file; anything computed is not a literal and is skipped. */
function pythonSettings(text: string): Setting[] {
  const settings: Setting[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && i < 100_000; i++) {
    const line = lines[i]!;
    if (line.length > 2000) continue;
    const match = PY_ASSIGNMENT.exec(line);
    if (!match) continue;
    const [, indent, owner, key, , text, constant] = match;
    const value = constant === undefined ? text! : constant === 'True' ? true : constant === 'False' ? false : null;
    settings.push({ owner: owner!, key: key!, value, position: { startLine: i + 1, startColumn: indent!.length + 1, endLine: i + 1, endColumn: line.trimEnd().length + 1 }, evidence: line.trim() });
  }
  return settings;
}

export const jupyterWithoutToken: ConfigRule = {
  meta: {
    id: 'ml-config/jupyter-without-token',
    title: 'Jupyter server configured without a token or password',
    severity: 'high',
    principle: '3.1',
    references: { cwe: ['CWE-306'], atlas: ['AML.T0049'] },
    description:
      'An empty token with no password turns off Jupyter\'s authentication: anyone who can reach the port gets a notebook kernel, which runs arbitrary code with the user\'s rights and reaches the data, model weights and cloud credentials on the machine. Exposed unauthenticated notebook servers are routinely found and used for cryptomining and data theft.',
    fix: 'Remove the empty token (Jupyter then generates one), or set a password hash (jupyter server password); keep ServerApp.ip on 127.0.0.1 and reach remote servers through SSH tunnels or JupyterHub.',
  },
  check(file, report) {
    const settings = file.format === 'python' ? pythonSettings(file.text) : jsonSettings(file.roots);
    const hasPassword = settings.some((s) => PASSWORD_KEYS.some(([owner, key]) => s.owner === owner && s.key === key) && typeof s.value === 'string' && s.value.trim() !== '');
    if (hasPassword) return;
    const everywhere = settings.find((s) => (s.owner === 'ServerApp' || s.owner === 'NotebookApp') && s.key === 'ip' && (s.value === '0.0.0.0' || s.value === '*' || s.value === ''));
    for (const setting of settings) {
      if (!TOKEN_OWNERS.includes(setting.owner) || setting.key !== 'token' || setting.value !== '') continue;
      report({
        message: `${setting.owner}.token is empty and no password is set: the Jupyter server accepts anyone who can reach it${everywhere ? `, and ${everywhere.owner}.ip="${String(everywhere.value)}" makes it listen on every network interface` : ''}; a notebook kernel runs any code.`,
        evidence: setting.evidence,
        position: setting.position,
      });
    }
  },
};
