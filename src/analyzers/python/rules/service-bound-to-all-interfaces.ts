import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import type { SyntaxNode } from '../../../parsers/tree-sitter.js';
import { argumentFor, isFactoryResult, literalValue } from '../module.js';
import { isGradioLaunch } from './gradio-public-share.js';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);

/** Server entry points by resolved name: the index and keyword of their host parameter. */
const SERVERS: ReadonlyMap<string, readonly [number, string]> = new Map([
  ['uvicorn.run', [-1, 'host']],
  ['uvicorn.Config', [-1, 'host']],
  ['flask.Flask().run', [0, 'host']],
  ['aiohttp.web.run_app', [-1, 'host']],
]);

function allInterfaces(node: SyntaxNode | undefined): string | undefined {
  const value = literalValue(node);
  if (typeof value !== 'string') return undefined;
  const host = value.replace(/:\d+$/, '');
  return ALL_INTERFACES.has(host) ? value : undefined;
}

export const serviceBoundToAllInterfaces: PythonRule = {
  meta: {
    id: 'python/service-bound-to-all-interfaces',
    title: 'AI app or API server listening on all interfaces',
    severity: 'medium',
    principle: '3.1',
    references: { cwe: ['CWE-1327', 'CWE-306'], owaspLlm: ['LLM10:2025'], atlas: ['AML.T0049'] },
    description:
      'Binding to 0.0.0.0 (or ::) accepts connections on every network the host is on, not just from this machine. Demo apps and model APIs started this way rarely have authentication, so anyone on the network (or the internet, on a cloud VM) can use the model, its tools and its data. Related rules: Bandit B104.',
    fix: 'Bind to 127.0.0.1 and put an authenticating reverse proxy in front when others need access, or add authentication to the app itself (auth= for Gradio, an auth dependency or middleware for FastAPI and Flask). In containers, keep the 0.0.0.0 bind but publish the port only on an internal network.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (isGradioLaunch(module, call)) {
        const host = allInterfaces(call.args.keywords.get('server_name'));
        if (host === undefined) continue;
        const auth = call.args.keywords.get('auth') ?? call.args.keywords.get('auth_dependency');
        if (auth !== undefined && literalValue(auth) !== null) continue;
        report({
          node: call.node,
          message: `${call.calleeText} binds the Gradio app to ${host} with no auth= in this call: anyone who can reach the host can use the app`,
          evidence: snippet(call.node),
        });
        continue;
      }
      let spec = call.callee === undefined ? undefined : SERVERS.get(call.callee);
      // app = create_app(); app.run(host="0.0.0.0"): a Flask app from a factory is not resolved.
      if (!spec && module.importedModules.has('flask') && (call.callee === undefined ? /^[A-Za-z_][\w.]*\.run$/.test(call.calleeText) : isFactoryResult(call.callee, 'run'))) spec = [0, 'host'];
      if (!spec) continue;
      const host = allInterfaces(argumentFor(call.args, spec[0], spec[1]));
      if (host === undefined) continue;
      report({
        node: call.node,
        message: `${call.calleeText} listens on ${host}: the server accepts connections from any network the host is on, and no authentication is visible in this code`,
        evidence: snippet(call.node),
      });
    }
  },
};
