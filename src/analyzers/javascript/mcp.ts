/**
 * @module MCP server tool handlers written with the TypeScript SDK (`server.tool`, `server.registerTool`,
 * `server.setRequestHandler(CallToolRequestSchema, ...)`) or FastMCP (`server.addTool({ execute })`). Their first
 * parameter is the tool input: chosen by whichever model calls the tool, so untrusted.
 */
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { JsModule } from './module.js';
import { isFunctionNode, objectProperty, stringValue, unwrap } from './module.js';
import type { ParamSource } from './taint.js';

const MCP_MODULE = /^(?:@modelcontextprotocol\/sdk(?:\/|$)|fastmcp$)/;

export interface ToolHandler {
  readonly fn: SyntaxNode;
  /** The tool's name when it is a literal. */
  readonly tool: string | undefined;
}

/** Every tool handler in the file; empty when the file imports no MCP server library. */
export function mcpToolHandlers(module: JsModule): ToolHandler[] {
  if (![...module.importedModules].some((name) => MCP_MODULE.test(name))) return [];
  const handlers: ToolHandler[] = [];
  for (const site of module.calls) {
    if (site.callee?.type !== 'member_expression' || site.isNew) continue;
    const method = site.callee.childForFieldName('property')?.text;
    if (method === 'tool' || method === 'registerTool') {
      const fn = [...site.args].reverse().find((arg) => isFunctionNode(arg));
      if (fn) handlers.push({ fn, tool: stringValue(site.args[0]) });
    } else if (method === 'setRequestHandler') {
      const schema = site.args[0] ? module.resolve(site.args[0]) : undefined;
      const fn = site.args[1];
      if (fn && isFunctionNode(fn) && schema?.endsWith('CallToolRequestSchema')) handlers.push({ fn, tool: undefined });
    } else if (method === 'addTool' && site.args[0]) {
      const config = unwrap(site.args[0]);
      const fn = objectProperty(config, 'execute');
      if (fn && isFunctionNode(fn)) handlers.push({ fn, tool: stringValue(objectProperty(config, 'name')) });
    }
  }
  return handlers;
}

/** A taint source hook: the first parameter of each handler. */
export function toolInputSource(handlers: readonly ToolHandler[]): ParamSource {
  const byId = new Map(handlers.map((handler) => [handler.fn.id, handler]));
  return (fn, index) => {
    const handler = byId.get(fn.id);
    if (!handler || index !== 0) return undefined;
    return { text: handler.tool === undefined ? 'MCP tool input' : `input of MCP tool '${handler.tool}'`, line: fn.startPosition.row + 1 };
  };
}
