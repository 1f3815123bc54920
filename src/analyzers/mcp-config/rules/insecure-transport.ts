import { layers } from '../command.js';
import type { McpRule } from '../rule.js';

/** Hosts that never leave the machine (or the machine's own container network). */
export function isLocalHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare === '::1' || bare === '0.0.0.0' || bare === 'host.docker.internal';
}

const ALL_INTERFACES = /(?:^|[=\s:/@,])0\.0\.0\.0(?=$|[:\s/,])/;
const BIND_KEYS = /HOST|BIND|LISTEN|ADDR/i;

export const insecureTransport: McpRule = {
  meta: {
    id: 'mcp-config/insecure-transport',
    title: 'MCP server reached over plain HTTP or listening on all interfaces',
    severity: 'medium',
    principle: '3.1',
    references: { cwe: ['CWE-319', 'CWE-1327'], owaspLlm: ['LLM06:2025'] },
    description:
      'An MCP connection carries tool calls, their results (file contents, query results) and usually a bearer token. Over http:// to another machine anyone on the network path can read or change them, and so inject instructions into what the model sees. A local server started with 0.0.0.0 accepts connections from every network the machine is on, so others can call its tools.',
    fix: 'Use https:// (or wss://) for remote MCP servers, and bind local servers to 127.0.0.1 (for example --host 127.0.0.1) unless other machines must reach them, and then put authentication and TLS in front.',
  },
  check(server, report) {
    if (server.url) {
      let host: string | undefined;
      let scheme: string | undefined;
      try {
        const url = new URL(server.url.value.trim());
        host = url.hostname;
        scheme = url.protocol;
      } catch {
        host = undefined;
      }
      if ((scheme === 'http:' || scheme === 'ws:') && host && !isLocalHost(host)) {
        report({ message: `MCP server "${server.name}" is reached over ${scheme.slice(0, -1)}:// at ${host}: tool calls, results and any token travel unencrypted and can be read or altered on the way.`, evidence: `"${server.url.key}": "${server.url.value}"`, position: server.url.position });
      }
    }
    const seen = new Set<string>();
    for (const layer of layers(server)) {
      for (const arg of layer.argv) {
        if (!ALL_INTERFACES.test(arg.value) || seen.has(arg.value)) continue;
        seen.add(arg.value);
        report({ message: `MCP server "${server.name}" is told to listen on 0.0.0.0 (${arg.value}): every network the machine is on can reach its tools.`, evidence: arg.value, position: arg.position });
      }
    }
    for (const entry of server.env) {
      if (!BIND_KEYS.test(entry.key) || !(entry.value.trim() === '0.0.0.0' || ALL_INTERFACES.test(entry.value))) continue;
      report({ message: `MCP server "${server.name}" gets ${entry.key}=${entry.value}: it listens on every network interface, so other machines can reach its tools.`, evidence: `"${entry.key}": "${entry.value}"`, position: entry.position });
    }
  },
};
