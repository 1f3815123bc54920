import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/mcp-tool-input-to-shell';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, path.endsWith('.ts') ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags MCP server tools that run their input through a shell or eval', async () => {
    const found = await findings('src/server.ts', `
      import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
      import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
      import { execSync, execFile } from 'node:child_process';
      import { z } from 'zod';

      const server = new McpServer({ name: 'devtools', version: '1.0.0' });

      server.tool('run_command', 'Run a shell command', { command: z.string() }, async ({ command }) => {
        const output = execSync(command, { encoding: 'utf8' });
        return { content: [{ type: 'text', text: output }] };
      });

      server.registerTool(
        'calc',
        { title: 'Calculator', inputSchema: { expression: z.string() } },
        async (args) => ({ content: [{ type: 'text', text: String(eval(args.expression)) }] }),
      );

      server.registerTool('git_log', { inputSchema: { ref: z.string() } }, async ({ ref }) => {
        execFile('git', ['log', ref]);
        return { content: [] };
      });

      await server.connect(new StdioServerTransport());
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [9, 18],
      [16, 61],
    ]);
    expect(found[0]!.message).toContain("input of MCP tool 'run_command'");
    expect(found[0]!.evidence).toBe("input of MCP tool 'run_command' (line 8) -> command (line 8) -> execSync(command) (line 9)");
  });

  it('flags a low-level CallToolRequestSchema handler', async () => {
    const found = await findings('index.js', `
      import { Server } from '@modelcontextprotocol/sdk/server/index.js';
      import { CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';
      import { exec } from 'child_process';

      const server = new Server({ name: 'shell', version: '0.1.0' }, { capabilities: { tools: {} } });

      server.setRequestHandler(CallToolRequestSchema, async (request) => {
        const { name, arguments: args } = request.params;
        if (name === 'shell') {
          return new Promise((resolve) => exec(\`bash -lc "\${args.script}"\`, (err, out) => resolve({ content: [{ type: 'text', text: out }] })));
        }
        throw new Error('unknown tool');
      });
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([10]);
  });

  it('stays quiet without an MCP import and for tools that do not reach a shell', async () => {
    const plain = await findings('cli.js', `
      import { exec } from 'child_process';
      const program = { tool: (name, fn) => fn({ cmd: process.argv[2] }) };
      program.tool('x', async ({ cmd }) => exec(cmd));
    `);
    const safe = await findings('server.js', `
      import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
      import { execFile } from 'child_process';
      const server = new McpServer({ name: 'x', version: '1' });
      server.tool('status', {}, async ({ repo }) => {
        execFile('git', ['-C', '/srv/repos', 'status', '--', repo]);
        return { content: [{ type: 'text', text: 'exec(repo)' }] };
      });
    `);
    expect([plain, safe]).toEqual([[], []]);
  });
});
