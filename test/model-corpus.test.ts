/**
 * The acceptance bar, end to end: every analyzer together, through the real engine and the worker
 * pool, over the labelled shared corpus. Every malicious file gets a high or critical finding; no benign file
 * does; and every file is fully analysed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/models/', import.meta.url));
const present = existsSync(`${CORPUS}manifest.json`);

interface Entry {
  readonly path: string;
  readonly label: 'malicious' | 'benign';
  readonly technique: string;
}

describe.runIf(present)('the shared model corpus (skipped when ../shared/corpus is absent)', () => {
  const manifest = present ? (JSON.parse(readFileSync(`${CORPUS}manifest.json`, 'utf8')) as Entry[]) : [];
  const result = present ? runCli(['scan', CORPUS, '--format', 'json', '--fail-on', 'none', '--no-progress']) : undefined;
  const report = result ? (JSON.parse(result.stdout) as {
    findings: { severity: string; location: { path: string } }[];
    files: { path: string; status: string; reason?: string }[];
  }) : undefined;
  const severe = (path: string) => report!.findings.filter((f) => f.location.path === path && (f.severity === 'high' || f.severity === 'critical'));

  it('flags every malicious file high or critical', () => {
    const missed = manifest.filter((e) => e.label === 'malicious' && severe(e.path).length === 0).map((e) => `${e.path} (${e.technique})`);
    expect(missed).toEqual([]);
    expect(manifest.filter((e) => e.label === 'malicious').length).toBeGreaterThanOrEqual(18);
  });

  it('raises nothing high or critical on a benign file', () => {
    const falseAlarms = manifest.filter((e) => e.label === 'benign' && severe(e.path).length > 0).map((e) => e.path);
    expect(falseAlarms).toEqual([]);
  });

  it('analyses every model file fully', () => {
    const notScanned = report!.files.filter((f) => f.path !== 'manifest.json' && f.status !== 'scanned').map((f) => `${f.path}: ${f.status} ${f.reason}`);
    expect(notScanned).toEqual([]);
  });
});
