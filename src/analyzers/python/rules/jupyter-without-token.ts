import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import type { SyntaxNode } from '../../../parsers/tree-sitter.js';
import { literalValue, nodesOfType } from '../module.js';

const ASSIGNMENTS = new Set(['assignment']);
/** The configurable classes whose `token` setting is the server's token. */
const TOKEN_OWNERS = new Set(['ServerApp', 'NotebookApp', 'IdentityProvider']);
const PASSWORD_SETTINGS = new Set(['ServerApp.password', 'NotebookApp.password', 'PasswordIdentityProvider.hashed_password']);

/** `c.ServerApp.token` -> `ServerApp.token`, when the object is the config object `c` (or `config`). */
function setting(left: SyntaxNode): string | undefined {
  const match = /^(?:c|config|get_config\(\))\.([A-Za-z]+\.[A-Za-z_]+)$/.exec(left.text);
  return match?.[1];
}

export const jupyterWithoutToken: PythonRule = {
  meta: {
    id: 'python/jupyter-without-token',
    title: 'Jupyter server configured without a token or password',
    severity: 'high',
    principle: '3.1',
    references: { cwe: ['CWE-306'], atlas: ['AML.T0049'] },
    description:
      'A Jupyter server runs any code sent to it. With token = \'\' and no password, anyone who can reach its port (other users of the host, a port published from a container, any web page through a DNS-rebinding attack) gets a shell with the notebook user\'s data, model weights and cloud credentials. Exposed, unauthenticated notebook servers are a routine entry point into ML environments.',
    fix: 'Keep the generated token (delete the token = \'\' line), or set a hashed password (jupyter server password). Bind to 127.0.0.1 and reach remote servers through an SSH tunnel or an authenticating proxy such as JupyterHub.',
  },
  check(module, report) {
    const emptyTokens: { node: SyntaxNode; name: string }[] = [];
    let passwordSet = false;
    let openIp: string | undefined;
    for (const assignment of nodesOfType(module.root, ASSIGNMENTS)) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (!left || !right || left.type !== 'attribute') continue;
      const name = setting(left);
      if (name === undefined) continue;
      const [owner, key] = name.split('.') as [string, string];
      const value = literalValue(right);
      if (key === 'token' && TOKEN_OWNERS.has(owner)) {
        if (value === '') emptyTokens.push({ node: assignment, name });
      } else if (PASSWORD_SETTINGS.has(name)) {
        // A non-literal password (read from the environment) counts as set.
        if (value !== '' && value !== null) passwordSet = true;
      } else if (key === 'ip' && (owner === 'ServerApp' || owner === 'NotebookApp') && (value === '0.0.0.0' || value === '*' || value === '::')) {
        openIp = value;
      }
    }
    if (passwordSet) return;
    for (const { node, name } of emptyTokens) {
      report({
        node,
        message: `${name} is set to '' and no password is configured: the Jupyter server accepts code from anyone who reaches it${openIp ? `, and it listens on ${openIp}` : ''}`,
        evidence: snippet(node),
      });
    }
  },
};
