import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runOnText } from '../../../test/support/run-text.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { mcpConfigAnalyzer } from './analyzer.js';
import { packageRuns, unpinnedReason } from './command.js';
import { readMcpConfig } from './config.js';

const ownRules = new Set(mcpConfigAnalyzer.rules.map((r) => r.id));

/** Argument soup of the kinds MCP configurations hold. */
const arg = fc.oneof(
  fc.constantFrom('-y', '--yes', '-p', '--from', '--', '-c', '/c', '-v', '--volume', '--mount', '-e', 'run', 'dlx', 'tool', 'x', 'exec', 'npx', 'uvx', 'bash', 'sudo', 'cmd', 'env', 'docker'),
  fc.constantFrom('@modelcontextprotocol/server-filesystem', 'pkg@latest', 'pkg@1.2.3', 'pkg==1', 'git+https://h/r@main', '/', '~', 'C:\\', '/:/host', 'type=bind,src=/', '0.0.0.0', 'img:tag', 'A=1', '@', '@@', '=', ':'),
  fc.string({ maxLength: 8 }),
);
const server = fc.record(
  {
    command: fc.oneof(arg, fc.array(arg, { maxLength: 4 }).map((words) => words.join(' '))),
    args: fc.array(arg, { maxLength: 10 }),
    env: fc.dictionary(fc.constantFrom('API_KEY', 'TOKEN', 'HOST', 'X', 'AuthToken'), fc.oneof(arg, fc.string({ maxLength: 40 }))),
    url: fc.oneof(fc.constantFrom('http://a.test', 'http://[::1', 'ws://x', 'http://', '::'), fc.string({ maxLength: 10 })),
  },
  { requiredKeys: [] },
);
const config = fc.dictionary(fc.string({ maxLength: 5 }), server, { maxKeys: 4 }).map((servers) => JSON.stringify({ mcpServers: servers }, null, 1));

describe('mcp-config on hostile input', () => {
  it('never throws and reports only its own rules for arbitrary server entries', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (text) => {
        const started = Date.now();
        const run = await runOnText(mcpConfigAnalyzer, '.mcp.json', 'json', text);
        expect(Date.now() - started).toBeLessThan(500);
        for (const finding of run.findings) expect(ownRules.has(finding.ruleId)).toBe(true);
        expect(run.inconclusive).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on truncated, spliced or arbitrary bytes', async () => {
    const sample = JSON.stringify({ mcpServers: { a: { command: 'npx', args: ['-y', 'x@latest', '/'], env: { TOKEN: 'abcdefghijkl' } } } });
    const damaged = fc.tuple(fc.nat({ max: sample.length }), fc.string({ maxLength: 6 })).map(([at, junk]) => sample.slice(0, at) + junk + sample.slice(at + junk.length));
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged.map((text) => new TextEncoder().encode(text)), fc.uint8Array({ maxLength: 200 })), async (bytes) => {
        const run = await runAnalyzer(mcpConfigAnalyzer, { path: '.mcp.json', type: 'json' }, bytes);
        for (const finding of run.findings) expect(ownRules.has(finding.ruleId)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('survives nesting that would overflow the parser and huge argument lists', () => {
    expect(readMcpConfig('['.repeat(200_000)).problem).toContain('nested deeper');
    const many = JSON.stringify({ mcpServers: { a: { command: 'npx', args: Array.from({ length: 50_000 }, (_, i) => (i % 2 ? '-p' : '--from')) } } });
    const started = Date.now();
    const parsed = readMcpConfig(many);
    for (const s of parsed.servers) packageRuns(s);
    expect(Date.now() - started).toBeLessThan(2000);
    for (const spec of ['@'.repeat(10_000), `git+https://${'@#'.repeat(5000)}`, 'a'.repeat(10_000) + '==']) {
      unpinnedReason('npm', spec);
      unpinnedReason('python', spec);
      unpinnedReason('docker', spec);
    }
  });
});
