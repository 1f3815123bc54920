/**
 * @module Reads MCP client configurations (Claude Desktop and Claude Code, Cursor, VS Code, Windsurf, Gemini CLI,
 * Cline, Amazon Q and others) into a list of server entries with positions. JSON with comments is accepted,
 * as the clients accept it; nothing is started, resolved or expanded.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Position } from '../../core/analyzer.js';
import { jsonDepth } from '../../lib/json-depth.js';
import { LineIndex } from '../../lib/line-index.js';

export interface Located {
  readonly value: string;
  readonly position: Position;
}

export interface KeyedValue extends Located {
  readonly key: string;
}

export interface McpServer {
  readonly name: string;
  readonly position: Position;
  readonly command?: Located;
  readonly args: readonly Located[];
  readonly env: readonly KeyedValue[];
  readonly headers: readonly KeyedValue[];
  /** `url`, `serverUrl` (Windsurf) or `httpUrl` (Gemini CLI). */
  readonly url?: KeyedValue;
}

export interface McpConfig {
  readonly servers: readonly McpServer[];
  /** Set when the file could not be read as JSON; the servers read so far are kept. */
  readonly problem?: string;
}

/** Deeper nesting than this is no client configuration; jsonc-parser recurses, so it is never parsed. */
const MAX_DEPTH = 128;
/** Servers read per file; a real configuration has a handful. */
export const MAX_SERVERS = 500;

const BASE_NAMES = new Set(['.mcp.json', 'mcp.json', 'claude_desktop_config.json', 'mcp_config.json', 'mcp_settings.json', 'cline_mcp_settings.json', '.claude.json']);
/** Settings files that may hold MCP servers next to everything else: read only for their server maps. */
const SETTINGS_PATHS = /(?:^|\/)(?:\.gemini\/settings\.json|\.vscode\/settings\.json|\.claude\/settings(?:\.local)?\.json|\.qwen\/settings\.json)$/;

export function isMcpConfigPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return BASE_NAMES.has(base) || SETTINGS_PATHS.test(path);
}

function property(object: Node | undefined, key: string): Node | undefined {
  if (object?.type !== 'object') return undefined;
  for (const child of object.children ?? []) {
    const [name, value] = child.children ?? [];
    if (name?.value === key) return value;
  }
  return undefined;
}

function entries(object: Node | undefined): [string, Node, Node][] {
  if (object?.type !== 'object') return [];
  const result: [string, Node, Node][] = [];
  for (const child of object.children ?? []) {
    const [name, value] = child.children ?? [];
    if (name && value && typeof name.value === 'string') result.push([name.value, name, value]);
  }
  return result;
}

/** The server maps of the known layouts: `mcpServers`, `servers` (VS Code), `mcp.servers` (VS Code settings), per-project maps in `.claude.json`. */
function serverMaps(root: Node): Node[] {
  const maps: Node[] = [];
  for (const candidate of [property(root, 'mcpServers'), property(root, 'servers'), property(property(root, 'mcp'), 'servers')]) {
    if (candidate?.type === 'object') maps.push(candidate);
  }
  for (const [, , project] of entries(property(root, 'projects'))) {
    const map = property(project, 'mcpServers');
    if (map?.type === 'object') maps.push(map);
  }
  return maps;
}

export function readMcpConfig(text: string): McpConfig {
  if (jsonDepth(text) > MAX_DEPTH) return { servers: [], problem: `nested deeper than ${MAX_DEPTH} levels` };
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    return { servers: [], problem: `not readable as JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const problem = errors.length > 0 ? `not valid JSON (${errors.length} syntax error${errors.length === 1 ? '' : 's'})` : undefined;
  if (!root || root.type !== 'object') return { servers: [], ...(problem ? { problem } : {}) };
  const lines = new LineIndex(text);
  const located = (node: Node | undefined): Located | undefined => (node?.type === 'string' && typeof node.value === 'string' ? { value: node.value, position: lines.range(node.offset, node.offset + node.length) } : undefined);
  const keyed = (object: Node | undefined): KeyedValue[] =>
    entries(object).flatMap(([key, , value]) => {
      const found = located(value);
      return found ? [{ key, ...found }] : [];
    });
  const servers: McpServer[] = [];
  for (const map of serverMaps(root)) {
    for (const [name, nameNode, server] of entries(map)) {
      if (server.type !== 'object' || servers.length >= MAX_SERVERS) continue;
      const command = located(property(server, 'command'));
      const argsNode = property(server, 'args');
      const args = argsNode?.type === 'array' ? (argsNode.children ?? []).flatMap((arg) => located(arg) ?? []) : [];
      let url: KeyedValue | undefined;
      for (const key of ['url', 'serverUrl', 'httpUrl']) {
        const found = located(property(server, key));
        if (found) {
          url = { key, ...found };
          break;
        }
      }
      servers.push({
        name,
        position: lines.range(nameNode.offset, nameNode.offset + nameNode.length),
        ...(command ? { command } : {}),
        args,
        env: keyed(property(server, 'env')),
        headers: keyed(property(server, 'headers')),
        ...(url ? { url } : {}),
      });
    }
  }
  return { servers, ...(problem ? { problem } : {}) };
}

