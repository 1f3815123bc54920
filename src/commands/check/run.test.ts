/** `aigis check` in-process: the real engine over a small folder, the report read back. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stderrOnTerminal } from '../../../test/support/stderr.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import type { ConformanceReport } from '../../core/conformance/evaluate.js';
import { failingPrinciples, runCheck, type CheckFlags } from './run.js';

const roots: string[] = [];
afterEach(() => {
  roots.splice(0).forEach(removeTree);
  process.exitCode = undefined;
});

// From source, analyse on the main thread (workers load the built analyzers).
const FLAGS: CheckFlags = { format: 'json', failOn: 'none', gitignore: true, progress: true, quiet: true, jobs: 0 };

async function checkOf(flags: Partial<CheckFlags> = {}): Promise<ConformanceReport> {
  const root = makeTree({ 'SECURITY.md': '# Security\n\nReport issues to security@acme.test. Prompt injection is in scope.\n', 'app.py': 'print("hello")\n' });
  const out = makeTree({});
  roots.push(root, out);
  const output = join(out, 'conformance.json');
  await runCheck(root, { ...FLAGS, ...flags, output });
  return JSON.parse(readFileSync(output, 'utf8')) as ConformanceReport;
}

describe('runCheck', () => {
  it('writes the report and exits 0 by default, 1 when --fail-on finds a principle that fails', async () => {
    const report = await checkOf();
    expect(process.exitCode).toBe(0);
    expect(report.principles.find((p) => p.id === '4.4')!.checks.find((c) => c.id === 'security-policy-ai-scope')!.state).toBe('holds');
    expect(failingPrinciples(report, 'none')).toEqual([]);
    expect(failingPrinciples(report, 'missing')).toContain('1.2');
    expect(failingPrinciples(report, 'missing')).not.toContain('4.4');
    expect(failingPrinciples(report, 'partial')).toContain('4.4');
    await checkOf({ failOn: 'missing' });
    expect(process.exitCode).toBe(1);
  });

  it('draws progress on a terminal only, and never with --quiet', async () => {
    const written = await stderrOnTerminal(() => checkOf({ quiet: false }));
    expect(written.some((text) => /^\raigis: (?:scanning|\[)/.test(text))).toBe(true);
    expect(written.some((text) => /^aigis: wrote json conformance report to .* \(0 met, \d+ partial, \d+ missing\)\n$/.test(text))).toBe(true);
    expect(await stderrOnTerminal(() => checkOf({ quiet: true }))).toEqual([]);
  });
});
