import type { JsRule } from '../rule.js';
import { mcpToolHandlers, toolInputSource } from '../mcp.js';
import { taintedSinks } from '../sinks.js';

export const mcpToolInputToShell: JsRule = {
  meta: {
    id: 'javascript/mcp-tool-input-to-shell',
    title: 'MCP tool input runs as a shell command or code',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-78', 'CWE-94'], owaspLlm: ['LLM06:2025', 'LLM05:2025', 'LLM01:2025'], atlas: ['AML.T0053', 'AML.T0050'] },
    description:
      "An MCP server tool (server.tool, registerTool, a CallToolRequestSchema handler or FastMCP addTool) passes its input to child_process.exec/execSync, to the program spawn/execFile start, to a shell: true argument list, or to eval/new Function/vm. Tool arguments are written by the model calling the tool, and a prompt injection in anything the model reads (a web page, an issue, a file) can choose them: the tool becomes remote command execution on the machine running the server.",
    fix: 'Do not build commands from tool input. Expose specific operations, map them to fixed programs, pass validated values as separate execFile/spawn arguments without shell: true, reject option-like values (leading "-"), and require user confirmation for anything destructive.',
  },
  check(module, report) {
    const handlers = mcpToolHandlers(module);
    if (handlers.length === 0) return;
    const source = toolInputSource(handlers);
    const hits = [...taintedSinks(module, 'shell', source), ...taintedSinks(module, 'code', source)].sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const found of hits) {
      const origin = found.trace[0]!;
      report({
        node: found.node,
        message: `The ${origin.text} (handler on line ${origin.line}) reaches ${found.sink}${found.detail ? ` ${found.detail}` : ''}: whoever steers the calling model can run commands on the server's host`,
        evidence: found.evidence,
      });
    }
  },
};
