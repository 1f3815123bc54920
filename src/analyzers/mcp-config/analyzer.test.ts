import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { mcpConfigAnalyzer } from './analyzer.js';

const SHELL = 'mcp-config/shell-command-server';
const UNPINNED = 'mcp-config/unpinned-server-package';
const BROAD = 'mcp-config/broad-filesystem-access';
const TRANSPORT = 'mcp-config/insecure-transport';
const SECRET = 'mcp-config/literal-secret-in-env';

async function findings(path: string, text: string, rule?: string) {
  const run = await runOnText(mcpConfigAnalyzer, path, 'json', text);
  return rule ? run.findings.filter((f) => f.ruleId === rule) : run.findings;
}

/** 1-based column where `needle` starts on 1-based `line` of `text`. */
const column = (text: string, line: number, needle: string) => text.split('\n')[line - 1]!.indexOf(needle) + 1;

const at = (found: { location: { startLine?: number; startColumn?: number }; evidence?: string }[]) => found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence]);

const CLAUDE_DESKTOP = dedent(`
  {
    "mcpServers": {
      "filesystem": {
        "command": "npx",
        "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/dana", "/Users/dana/Desktop"]
      },
      "shell": {
        "command": "/bin/bash",
        "args": ["-c", "cd ~/tools && ./start-mcp.sh"]
      },
      "github": {
        "command": "docker",
        "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],
        "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123456789" }
      },
      "fetch": { "command": "uvx", "args": ["mcp-server-fetch==2025.4.7"] },
      "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2025.4.25"] }
    }
  }
`);

describe('mcp-config on a Claude Desktop configuration', () => {
  it('reports each problem once, at the value that causes it', async () => {
    const found = await findings('claude_desktop_config.json', CLAUDE_DESKTOP);
    expect(found.map((f) => [f.ruleId, f.location.startLine, f.location.startColumn])).toEqual([
      [UNPINNED, 5, column(CLAUDE_DESKTOP, 5, '"@modelcontextprotocol/server-filesystem"')],
      [BROAD, 5, column(CLAUDE_DESKTOP, 5, '"/Users/dana"')],
      [SHELL, 8, column(CLAUDE_DESKTOP, 8, '"/bin/bash"')],
      [UNPINNED, 13, column(CLAUDE_DESKTOP, 13, '"ghcr.io/github/github-mcp-server"')],
      [SECRET, 14, column(CLAUDE_DESKTOP, 14, '"ghp_')],
    ]);
  });
});

describe(SHELL, () => {
  it('flags shells, sudo and inline code, through cmd /c and env wrappers', async () => {
    const found = await findings(
      '.mcp.json',
      dedent(`
        {
          "mcpServers": {
            "ops": { "command": "sudo", "args": ["node", "/opt/ops-mcp/index.js"] },
            "ps": { "command": "powershell.exe", "args": ["-NoProfile", "-Command", "Start-Process mcp-server"] },
            "inline": { "command": "python3", "args": ["-c", "import os; os.system('curl x | sh')"] },
            "wrapped": { "command": "cmd", "args": ["/c", "npx -y some-server && calc.exe"] },
            "envsh": { "command": "/usr/bin/env", "args": ["DEBUG=1", "bash", "-c", "uvx mcp-server-time"] },
            "wsl": { "command": "wsl.exe", "args": ["-d", "Ubuntu", "bash", "-lc", "cd ~/mcp && node index.js"] }
          }
        }
      `),
      SHELL,
    );
    expect(found.map((f) => [f.location.startLine, f.evidence])).toEqual([
      [3, 'sudo node /opt/ops-mcp/index.js'],
      [4, 'powershell.exe -NoProfile -Command "Start-Process mcp-server"'],
      [5, `python3 -c "import os; os.system('curl x | sh')"`],
      [6, 'cmd /c "npx -y some-server && calc.exe"'],
      [7, 'bash -c "uvx mcp-server-time"'],
      [8, 'bash -lc "cd ~/mcp && node index.js"'],
    ]);
    expect(found[0]!.message).toContain('elevated rights');
    expect(found[2]!.message).toContain('runs inline code (python3 -c)');
  });

  it('accepts plain programs and the usual Windows cmd /c launcher', async () => {
    const found = await findings(
      '.cursor/mcp.json',
      dedent(`
        {
          // Windows needs cmd to start npx
          "mcpServers": {
            "time": { "command": "cmd", "args": ["/c", "npx", "-y", "@modelcontextprotocol/server-time@0.6.2"] },
            "local": { "command": "C:\\\\Program Files\\\\nodejs\\\\node.exe", "args": ["C:\\\\mcp\\\\bash-helper\\\\index.js"] },
            "py": { "command": "python", "args": ["-m", "mcp_server_git", "--repository", "."] },
            "notes": { "command": "node", "args": ["server.js", "--shell", "bash"] },
            "lsp": { "command": "/usr/local/bin/bash-language-server", "args": ["start"] },
            "linux": { "command": "wsl", "args": ["-d", "Ubuntu", "--", "npx", "-y", "@modelcontextprotocol/server-memory@2025.4.25"] }
          }
        }
      `),
    );
    expect(found).toEqual([]);
  });
});

describe(UNPINNED, () => {
  it('flags npx, uvx, pnpm dlx, pipx and docker runs without an exact version, and reads --from and -p', async () => {
    const found = await findings(
      '.vscode/mcp.json',
      dedent(`
        {
          "servers": {
            "a": { "type": "stdio", "command": "npx", "args": ["-y", "@playwright/mcp@latest"] },
            "b": { "command": "npx", "args": ["--yes", "-p", "mcp-remote@^0.1.0", "mcp-remote", "https://mcp.acme.test/sse"] },
            "c": { "command": "uvx", "args": ["--from", "git+https://github.com/acme/mcp-tools@main", "acme-tools"] },
            "d": { "command": "uvx", "args": ["--python", "3.12", "mcp-server-sqlite", "--db-path", "app.db"] },
            "e": { "command": "pnpm", "args": ["dlx", "firecrawl-mcp"] },
            "f": { "command": "pipx", "args": ["run", "mcp-server-git>=0.5"] },
            "g": { "command": "docker", "args": ["run", "-i", "--rm", "--name", "pg", "mcp/postgres:latest", "postgresql://db/app"] },
            "h": { "command": "npx -y tavily-mcp" },
            "i": { "command": "cmd", "args": ["/c", "npx", "-y", "@upstash/context7-mcp"] }
          }
        }
      `),
      UNPINNED,
    );
    expect(found.map((f) => [f.location.startLine, f.evidence])).toEqual([
      [3, 'npx @playwright/mcp@latest'],
      [4, 'npx mcp-remote@^0.1.0'],
      [5, 'uvx git+https://github.com/acme/mcp-tools@main'],
      [6, 'uvx mcp-server-sqlite'],
      [7, 'pnpm dlx firecrawl-mcp'],
      [8, 'pipx run mcp-server-git>=0.5'],
      [9, 'docker run mcp/postgres:latest'],
      [10, 'npx tavily-mcp'],
      [11, 'npx @upstash/context7-mcp'],
    ]);
    expect(found[0]!.message).toBe('MCP server "a" runs package "@playwright/mcp@latest" with npx, which asks for "@latest", so every start fetches the newest release.');
  });

  it('is quiet for exact versions, digests, commits, local scripts and non-runner commands', async () => {
    const found = await findings(
      '.mcp.json',
      dedent(`
        {
          "mcpServers": {
            "a": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"] },
            "b": { "command": "uvx", "args": ["mcp-server-fetch@2025.4.7"] },
            "c": { "command": "uvx", "args": ["--from", "git+https://github.com/acme/mcp-tools@0123456789abcdef0123456789abcdef01234567", "acme-tools"] },
            "d": { "command": "docker", "args": ["run", "-i", "--rm", "-v", "mcp-data:/data", "mcp/sqlite@sha256:${'a'.repeat(64)}"] },
            "e": { "command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/acme/mcp-jira:1.4.2"] },
            "f": { "command": "npx", "args": ["./tools/local-server.js"] },
            "g": { "command": "node", "args": ["build/index.js", "npx", "latest"] },
            "h": { "url": "https://mcp.acme.test/mcp" }
          }
        }
      `),
    );
    expect(found).toEqual([]);
  });
});

describe(BROAD, () => {
  it('flags filesystem servers given /, ~, a drive or a home folder, and docker mounts of / or the Docker socket', async () => {
    const found = await findings(
      'mcp_config.json',
      dedent(`
        {
          "mcpServers": {
            "fs-root": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.3.28", "/"] },
            "fs-home": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.3.28", "~", "\${HOME}"] },
            "fs-win": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.3.28", "C:\\\\", "C:\\\\Users\\\\dana"] },
            "host": { "command": "docker", "args": ["run", "-i", "--rm", "-v", "/:/host", "--volume=/var/run/docker.sock:/var/run/docker.sock", "acme/ops-mcp:2.1.0"] },
            "mount": { "command": "docker", "args": ["run", "-i", "--mount", "type=bind,src=/Users/dana,dst=/projects", "mcp/filesystem:1.0.2", "/projects"] }
          }
        }
      `),
      BROAD,
    );
    expect(found.map((f) => [f.location.startLine, f.evidence])).toEqual([
      [3, '@modelcontextprotocol/server-filesystem@2025.3.28 /'],
      [4, '@modelcontextprotocol/server-filesystem@2025.3.28 ~'],
      [4, '@modelcontextprotocol/server-filesystem@2025.3.28 ${HOME}'],
      [5, '@modelcontextprotocol/server-filesystem@2025.3.28 C:\\'],
      [5, '@modelcontextprotocol/server-filesystem@2025.3.28 C:\\Users\\dana'],
      [6, 'docker run -v /:/host'],
      [6, 'docker run -v /var/run/docker.sock:/var/run/docker.sock'],
      [7, 'docker run -v type=bind,src=/Users/dana,dst=/projects'],
    ]);
    expect(found[0]!.message).toContain('the whole filesystem (/)');
    expect(found[6]!.message).toContain('the Docker socket');
  });

  it('is quiet for project folders, and for other servers given a home path', async () => {
    const found = await findings(
      '.mcp.json',
      dedent(`
        {
          "mcpServers": {
            "docs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.3.28", "/Users/dana/projects/app/docs", "./data", "/home/dana/notes"] },
            "git": { "command": "uvx", "args": ["mcp-server-git==0.6.2", "--repository", "/Users/dana"] },
            "vol": { "command": "docker", "args": ["run", "-v", "/srv/mcp-data:/data:ro", "acme/mcp:1.0.0"] }
          }
        }
      `),
      BROAD,
    );
    expect(found).toEqual([]);
  });
});

describe(TRANSPORT, () => {
  it('flags http:// to other hosts and 0.0.0.0 bindings', async () => {
    const text = dedent(`
        {
          "mcpServers": {
            "remote": { "url": "http://mcp.internal.acme.test:8080/sse" },
            "lan": { "serverUrl": "http://192.168.1.20:3000/mcp" },
            "bound": { "command": "uvx", "args": ["mcp-proxy==0.8.0", "--host=0.0.0.0", "--port", "8096"] },
            "envbound": { "command": "node", "args": ["server.js"], "env": { "MCP_HOST": "0.0.0.0" } }
          }
        }
      `);
    const found = await findings('.cursor/mcp.json', text, TRANSPORT);
    expect(at(found)).toEqual([
      [3, column(text, 3, '"http://mcp'), '"url": "http://mcp.internal.acme.test:8080/sse"'],
      [4, column(text, 4, '"http://192'), '"serverUrl": "http://192.168.1.20:3000/mcp"'],
      [5, column(text, 5, '"--host=0.0.0.0"'), '--host=0.0.0.0'],
      [6, column(text, 6, '"0.0.0.0"'), '"MCP_HOST": "0.0.0.0"'],
    ]);
  });

  it('accepts https, loopback http and 127.0.0.1 bindings', async () => {
    const found = await findings(
      '.mcp.json',
      dedent(`
        {
          "mcpServers": {
            "a": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" },
            "b": { "url": "http://localhost:3000/mcp" },
            "c": { "url": "http://127.0.0.1:8931/sse" },
            "d": { "url": "http://[::1]:9000/mcp" },
            "e": { "command": "uvx", "args": ["mcp-proxy==0.8.0", "--host", "127.0.0.1"] }
          }
        }
      `),
      TRANSPORT,
    );
    expect(found).toEqual([]);
  });
});

describe(SECRET, () => {
  it('flags literal tokens in env and headers, masked', async () => {
    const text = dedent(`
      {
        "servers": {
          "slack": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-slack@2025.4.25"], "env": { "SLACK_BOT_TOKEN": "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", "SLACK_TEAM_ID": "T01234567" } },
          "db": { "command": "uvx", "args": ["mcp-server-postgres==0.3.0"], "env": { "DATABASE_URL": "postgresql://app:s3cr3t-pw@db.acme.test:5432/app" } },
          "api": { "type": "http", "url": "https://mcp.acme.test/mcp", "headers": { "Authorization": "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0" } },
          "oddname": { "command": "node", "args": ["s.js"], "env": { "UPSTREAM": "sk-proj-abcdefghijklmnopqrstuvwxyz012345" } },
          "cli": { "command": "npx", "args": ["-y", "@smithery/cli@1.2.3", "run", "exa", "--key", "3f1c9a7e-55b2-4c1d-9e0f-0a1b2c3d4e5f", "--profile", "work"] },
          "flag": { "command": "uvx", "args": ["brave-mcp==0.2.0", "--api-key=BSAx9f8e7d6c5b4a3928"] },
          "hosted": { "url": "https://server.smithery.ai/exa/mcp?api_key=7c1e2d3f4a5b6c7d8e9f&profile=work" }
        }
      }
    `);
    const found = await findings('.vscode/mcp.json', text, SECRET);
    expect(found.map((f) => [f.location.startLine, f.evidence])).toEqual([
      [3, '"SLACK_BOT_TOKEN": "…(43 chars)"'],
      [4, '"DATABASE_URL": "…(48 chars)"'],
      [5, '"Authorization": "Bearer …(32 chars)"'],
      [6, '"UPSTREAM": "…(40 chars)"'],
      [7, '"--key": "…(36 chars)"'],
      [8, '"--api-key": "…(20 chars)"'],
      [9, '"api_key": "…(20 chars)"'],
    ]);
    expect(found[4]!.message).toContain('in args (--key)');
    expect(JSON.stringify(found)).not.toContain('AbCdEfGh');
    expect(JSON.stringify(found)).not.toContain('s3cr3t');
  });

  it('accepts references, inputs, placeholders, key file paths and non-secret settings', async () => {
    const text = dedent(`
      {
        "inputs": [{ "type": "promptString", "id": "gh", "password": true }],
        "servers": {
          "a": { "command": "npx", "args": ["-y", "@acme/mcp@1.0.0"], "env": {
            "GITHUB_TOKEN": "\${input:gh}",
            "OPENAI_API_KEY": "\${env:OPENAI_API_KEY}",
            "ANTHROPIC_API_KEY": "\${ANTHROPIC_API_KEY}",
            "NOTION_TOKEN": "<your-notion-token>",
            "BRAVE_API_KEY": "YOUR_API_KEY_HERE",
            "GOOGLE_APPLICATION_CREDENTIALS": "/Users/dana/.config/gcloud/sa.json",
            "TOKEN_LIMIT": "4096",
            "AUTH_MODE": "oauth",
            "DATABASE_URL": "postgresql://localhost/app",
            "LOG_LEVEL": "debug",
            "API_KEY_HEADER": "X-Api-Key",
            "SECRET_STORE": "aws secrets manager"
          } },
          "b": { "url": "https://mcp.acme.test/mcp?token=\${input:gh}&mode=full", "headers": { "Authorization": "Bearer \${input:gh}" } },
          "c": { "command": "npx", "args": ["-y", "@acme/mcp@1.0.0", "--token", "\${env:ACME_TOKEN}", "--keyboard-layout", "us", "--api-key=<your-key>", "--max-tokens", "4096"] }
        }
      }
    `);
    expect(await findings('.vscode/mcp.json', text, SECRET)).toEqual([]);
  });
});

describe('mcp-config reading', () => {
  it('claims the known configuration files only', () => {
    const claims = (path: string) => mcpConfigAnalyzer.claims!({ path, type: 'json', size: 10 }, {});
    expect(['.mcp.json', '.cursor/mcp.json', '.vscode/mcp.json', 'claude_desktop_config.json', '.gemini/settings.json', '.codeium/windsurf/mcp_config.json'].map(claims)).toEqual([true, true, true, true, true, true]);
    expect(['package.json', 'settings.json', 'config/mcp.yaml', 'mcp.json.bak'].map(claims)).toEqual([false, false, false, false]);
  });

  it('reads Claude Code project maps in .claude.json and VS Code settings', async () => {
    const claude = JSON.stringify({ numStartups: 3, projects: { '/work/app': { mcpServers: { s: { command: 'bash', args: ['-c', 'x'] } } } } });
    expect((await findings('.claude.json', claude)).map((f) => f.ruleId)).toEqual([SHELL]);
    const vscode = '{\n  "editor.fontSize": 14,\n  "mcp": { "servers": { "t": { "command": "npx", "args": ["mcp-time"] } } }\n}\n';
    expect((await findings('.vscode/settings.json', vscode)).map((f) => f.ruleId)).toEqual([UNPINNED]);
  });

  it('reports a damaged file as inconclusive but still checks the servers it could read', async () => {
    const run = await runOnText(mcpConfigAnalyzer, '.mcp.json', 'json', '{ "mcpServers": { "a": { "command": "sudo", "args": ["x"] }, "b": { "command": ');
    expect(run.findings.map((f) => f.ruleId)).toEqual([SHELL]);
    expect(run.inconclusive).toHaveLength(1);
  });
});

describe('mcp-config assets', () => {
  it('records each server as an agent tool with its command or URL, never its env, headers or URL credentials', async () => {
    const text = dedent(`
      {
        "mcpServers": {
          "github": {
            "command": "docker",
            "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
            "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123456789" }
          },
          "linear": { "url": "https://user:secret@mcp.linear.app/sse?token=abc#x", "headers": { "Authorization": "Bearer abc" } }
        }
      }
    `);
    const run = await runOnText(mcpConfigAnalyzer, '.cursor/mcp.json', 'json', text);
    expect(run.assets.map((a) => ({ kind: a.kind, name: a.name, line: a.location.startLine, ...a.properties }))).toEqual([
      { kind: 'agent-tool', name: 'mcp:github', line: 3, framework: 'mcp', command: 'docker', args: 'run -i --rm ghcr.io/github/github-mcp-server' },
      { kind: 'agent-tool', name: 'mcp:linear', line: 8, framework: 'mcp', url: 'https://mcp.linear.app/sse' },
    ]);
    expect(JSON.stringify(run.assets)).not.toMatch(/ghp_|secret|token=|Bearer/);
  });

  it('records nothing for a file with no servers', async () => {
    const run = await runOnText(mcpConfigAnalyzer, '.vscode/mcp.json', 'json', '{ "inputs": [] }\n');
    expect(run.assets).toEqual([]);
  });
});
