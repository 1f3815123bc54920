/**
 * @module mcp-config: MCP client configurations (.mcp.json, .cursor/mcp.json, .vscode/mcp.json,
 * claude_desktop_config.json, Windsurf's mcp_config.json, Gemini CLI settings and others). Each server entry is
 * checked for how it is started, what it is given and how it is reached. Nothing is started or fetched.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { AssetReport } from '../../core/asset.js';
import type { McpServer } from './config.js';
import { isMcpConfigPath, readMcpConfig } from './config.js';
import type { McpRule } from './rule.js';
import { broadFilesystemAccess } from './rules/broad-filesystem-access.js';
import { insecureTransport } from './rules/insecure-transport.js';
import { literalSecretInEnv } from './rules/literal-secret-in-env.js';
import { shellCommandServer } from './rules/shell-command-server.js';
import { unpinnedServerPackage } from './rules/unpinned-server-package.js';

export const MCP_RULES: readonly McpRule[] = [shellCommandServer, unpinnedServerPackage, broadFilesystemAccess, insecureTransport, literalSecretInEnv];

const MAX_VALUE = 300;

function short(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > MAX_VALUE ? `${line.slice(0, MAX_VALUE - 1)}…` : line;
}

/** A URL without credentials, query or fragment: those may hold tokens, which an inventory must not copy. */
function safeUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^?#]*)/i.exec(url.trim());
  return match ? `${match[1]}${match[2]}` : url.replace(/[?#].*$/s, '');
}

/** The server as an agent tool for the inventory: how it is started or reached, never its env or headers. */
function serverAsset(server: McpServer): AssetReport {
  const properties: Record<string, string> = { framework: 'mcp' };
  if (server.command) properties['command'] = short(server.command.value);
  if (server.args.length > 0) properties['args'] = short(server.args.map((arg) => arg.value).join(' '));
  if (server.url) properties['url'] = short(safeUrl(server.url.value));
  return { kind: 'agent-tool', name: short(`mcp:${server.name}`), position: server.position, properties };
}

/** Client configurations are kilobytes; .claude.json keeps history too and can reach megabytes. */
const MAX_BYTES = 8 * 1024 * 1024;

export const mcpConfigAnalyzer = defineAnalyzer({
  id: 'mcp-config',
  version: '2',
  description: 'Checks MCP client configurations: servers started through shells or sudo, unpinned server packages, filesystem access to the whole disk or home, plain-HTTP or all-interface transports, and literal secrets in env or headers.',
  rules: MCP_RULES.map((rule) => rule.meta),
  claims: (file) => (file.type === 'json' || file.type === 'text') && isMcpConfigPath(file.path),
  analyzeFile(file, context) {
    const { text, truncated } = readText(file.source, MAX_BYTES);
    if (truncated) {
      context.inconclusive(`larger than ${MAX_BYTES} bytes; not read as an MCP configuration`);
      return;
    }
    const config = readMcpConfig(text);
    if (config.problem !== undefined) context.inconclusive(`${config.problem}; MCP servers after the damage may have been missed`);
    for (const server of config.servers) {
      for (const rule of MCP_RULES) rule.check(server, (report) => context.report(rule.meta, report));
      context.asset(serverAsset(server));
    }
  },
});
