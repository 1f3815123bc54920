import type { Invocation } from '../command.js';
import { ELEVATORS, SHELLS, isPlainCmdLaunch, layers } from '../command.js';
import type { McpRule } from '../rule.js';
import { shorten } from '../rule.js';

const INTERPRETERS: Readonly<Record<string, RegExp>> = {
  python: /^-c$/,
  python3: /^-c$/,
  node: /^(?:-e|--eval|-p|--print)$/,
  deno: /^eval$/,
  perl: /^-[eE]$/,
  ruby: /^-e$/,
  php: /^-r$/,
};

function commandText(layer: Invocation): string {
  return [layer.origin.value, ...layer.argv.map((arg) => (/\s/.test(arg.value) ? JSON.stringify(arg.value) : arg.value))].join(' ');
}

export const shellCommandServer: McpRule = {
  meta: {
    id: 'mcp-config/shell-command-server',
    title: 'MCP server started through a shell, inline code or sudo',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-78', 'CWE-250'], owaspLlm: ['LLM06:2025'], atlas: ['AML.T0053', 'AML.T0050'] },
    description:
      'The AI client starts every configured MCP server itself, with the user\'s rights, whenever it opens. A server whose command is a shell (bash -c, sh -c, powershell -Command), an interpreter running inline code (python -c, node -e) or sudo gives whoever edits this file arbitrary command execution on every developer machine that opens the project, and elevated rights with sudo; the command line is also hard to review and easy to hide a payload in. An agent that can write files can plant such an entry itself.',
    fix: 'Point "command" at the server program itself (for example "npx" with a pinned package, "uvx", "docker" or an absolute path to the server binary) and pass its options in "args"; never run MCP servers with sudo. On Windows, "cmd" with "/c" followed by a plain program and its arguments is acceptable.',
  },
  check(server, report) {
    for (const layer of layers(server)) {
      const evidence = shorten(commandText(layer));
      if (ELEVATORS.has(layer.program)) {
        report({ message: `MCP server "${server.name}" is started with ${layer.program}: the AI client runs it with elevated rights, so the server and anything it is tricked into doing act as root.`, evidence, position: layer.origin.position });
        return;
      }
      if (SHELLS.has(layer.program)) {
        if (isPlainCmdLaunch(layer)) continue;
        report({ message: `MCP server "${server.name}" is started through the shell "${layer.program}": the client runs a shell command line on every start, which can do anything the user can.`, evidence, position: layer.origin.position });
        return;
      }
      const inline = INTERPRETERS[layer.program.replace(/^(python)3\.\d+$/, '$1')];
      const flag = inline ? layer.argv.find((arg) => inline.test(arg.value)) : undefined;
      if (flag) {
        report({ message: `MCP server "${server.name}" runs inline code (${layer.program} ${flag.value}): the code in this file is executed on every start of the client.`, evidence, position: layer.origin.position });
        return;
      }
    }
  },
};
