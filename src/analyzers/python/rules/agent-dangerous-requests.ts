import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import type { CallSite } from '../module.js';
import { argumentFor, isTrueKeyword, stringLiteral } from '../module.js';

const LANGCHAIN_PACKAGE = /^langchain(_[a-z0-9_]+)?$/;

/**
 * The class a call constructs (or builds with a `from_*` class method), when it is one of `classes` imported from
 * any langchain package (`langchain`, `langchain_community`, `langchain_experimental`...); undefined otherwise.
 * Shared by the agent rules.
 */
export function langchainClassCall(callee: string | undefined, classes: ReadonlyMap<string, unknown> | ReadonlySet<string>): string | undefined {
  if (callee === undefined) return undefined;
  const parts = callee.split('.');
  if (!LANGCHAIN_PACKAGE.test(parts[0] ?? '')) return undefined;
  const last = parts.length - 1;
  // `Tool(...)` or `Tool.from_llm(...)`; never a method on an instance (`Tool().run`).
  const at = classes.has(parts[last]!) ? last : last >= 1 && parts[last]!.startsWith('from_') && classes.has(parts[last - 1]!) ? last - 1 : -1;
  if (at < 1 || parts.slice(0, at).some((part) => part.endsWith('()'))) return undefined;
  return parts[at];
}

/** The literal tool names of a LangChain `load_tools([...])` call; empty for anything else. */
export function loadToolsNames(call: CallSite): string[] {
  const callee = call.callee;
  if (callee === undefined || !LANGCHAIN_PACKAGE.test(callee.split('.')[0] ?? '') || !callee.endsWith('.load_tools')) return [];
  const list = argumentFor(call.args, 0, 'tool_names');
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return [];
  return list.namedChildren.flatMap((item) => {
    const name = item ? stringLiteral(item) : undefined;
    return name === undefined ? [] : [name];
  });
}

/** LangChain classes that let the model send HTTP requests to any URL. */
export const REQUEST_TOOLS = new Set([
  'RequestsToolkit',
  'OpenAPIToolkit',
  'RequestsGetTool',
  'RequestsPostTool',
  'RequestsPatchTool',
  'RequestsPutTool',
  'RequestsDeleteTool',
  'APIChain',
  'OpenAPIEndpointChain',
]);
export const REQUEST_TOOL_NAMES = new Set(['requests', 'requests_all', 'requests_get', 'requests_post', 'requests_patch', 'requests_put', 'requests_delete']);

export const agentDangerousRequests: PythonRule = {
  meta: {
    id: 'python/agent-dangerous-requests',
    title: 'Agent tool that sends HTTP requests to model-chosen URLs',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-918'], owaspLlm: ['LLM06:2025'], atlas: ['AML.T0053', 'AML.T0086'] },
    description:
      'LangChain\'s requests tools and OpenAPI toolkit let the model choose the URL, method and body of HTTP requests sent from this host. Through prompt injection that becomes server-side request forgery: internal services and cloud metadata endpoints are reachable, and data from the conversation can be sent anywhere. allow_dangerous_requests=True is LangChain\'s explicit opt-in to this.',
    fix: 'Replace the generic requests tools with narrow tools that call fixed endpoints with validated parameters. If general requests are needed, send them through an egress proxy that allows only the intended hosts and blocks private and link-local addresses, and keep credentials out of the requests wrapper.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (isTrueKeyword(call.args, 'allow_dangerous_requests')) {
        report({
          node: call.node,
          message: `${call.calleeText} is called with allow_dangerous_requests=True: the model chooses the URLs this host requests, so prompt injection reaches internal services and can exfiltrate data`,
          evidence: snippet(call.node),
        });
        continue;
      }
      const cls = langchainClassCall(call.callee, REQUEST_TOOLS);
      if (cls) {
        report({
          node: call.node,
          message: `${call.calleeText} creates LangChain's ${cls}, which sends HTTP requests the model composes: prompt injection reaches internal services and can exfiltrate data`,
          evidence: snippet(call.node),
        });
        continue;
      }
      const names = loadToolsNames(call).filter((name) => REQUEST_TOOL_NAMES.has(name));
      if (names.length > 0) {
        report({
          node: call.node,
          message: `${call.calleeText} loads ${names.map((name) => `"${name}"`).join(', ')}, which send${names.length > 1 ? '' : 's'} HTTP requests the model composes: prompt injection reaches internal services and can exfiltrate data`,
          evidence: snippet(call.node),
        });
      }
    }
  },
};
