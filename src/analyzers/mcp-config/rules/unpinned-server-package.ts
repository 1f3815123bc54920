import { packageRuns, unpinnedReason } from '../command.js';
import type { McpRule } from '../rule.js';

export const unpinnedServerPackage: McpRule = {
  meta: {
    id: 'mcp-config/unpinned-server-package',
    title: 'MCP server package fetched without an exact version',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-1104', 'CWE-494'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.005'] },
    description:
      'npx, uvx, pipx run, pnpm dlx and docker run download the server when the client starts it. Without an exact version (pkg@1.4.2, pkg==1.4.2, an image digest) every start may fetch a new release: a compromised maintainer account or a malicious update then runs on the developer machine with access to the tools, files and tokens given to the server, without anyone reviewing the change. MCP servers are a young ecosystem where such "rug pulls" are a known risk.',
    fix: 'Pin the exact release you reviewed: "@modelcontextprotocol/server-github@2025.4.8" for npx, "mcp-server-fetch==2025.4.7" (or --from "pkg==1.2.3") for uvx, an image digest (image@sha256:...) or at least a version tag for docker; update deliberately.',
  },
  check(server, report) {
    for (const run of packageRuns(server)) {
      const reason = unpinnedReason(run.kind, run.spec.value);
      if (!reason) continue;
      report({
        message: `MCP server "${server.name}" runs ${run.kind === 'docker' ? 'image' : 'package'} "${run.spec.value}" with ${run.runner}, which ${reason}.`,
        evidence: `${run.runner} ${run.spec.value}`,
        position: run.spec.position,
      });
    }
  },
};
