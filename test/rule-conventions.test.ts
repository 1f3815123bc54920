/** Conventions every analyzer and rule must follow, checked so they cannot drift (ESLint's checkRuleFiles idea). */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzers } from '../src/analyzers/index.js';
import { ruleMetaProblems } from '../src/core/rule.js';

const analyzersDir = fileURLToPath(new URL('../src/analyzers/', import.meta.url));
const folders = readdirSync(analyzersDir).filter((name) => statSync(join(analyzersDir, name)).isDirectory());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('analyzer and rule conventions', () => {
  it('lists every analyzer folder in src/analyzers/index.ts, sorted, and nothing else', () => {
    expect(analyzers.map((a) => a.id)).toEqual([...folders].sort());
  });

  it('gives every rule well-formed metadata and one existing principle', () => {
    for (const rule of analyzers.flatMap((a) => a.rules)) expect([rule.id, ruleMetaProblems(rule)]).toEqual([rule.id, []]);
  });

  it('prefixes rule ids with their analyzer and keeps them unique', () => {
    const ids = analyzers.flatMap((a) => a.rules.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const analyzer of analyzers) for (const rule of analyzer.rules) expect(rule.id.startsWith(`${analyzer.id}/`)).toBe(true);
  });

  it('keeps each rule in a file named after it, under its analyzer\'s rules/ folder', () => {
    for (const analyzer of analyzers) {
      const ruleFiles = filesUnder(join(analyzersDir, analyzer.id)).filter((f) => /\/rules\/[^/]+\.ts$/.test(f) && !f.endsWith('.test.ts'));
      const names = ruleFiles.map((f) => f.slice(f.lastIndexOf('/') + 1, -3)).sort();
      expect(names).toEqual(analyzer.rules.map((r) => r.id.slice(analyzer.id.length + 1)).sort());
    }
  });

  it('tests every rule: its id appears in a test of its analyzer', () => {
    for (const analyzer of analyzers) {
      const tests = filesUnder(join(analyzersDir, analyzer.id))
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      for (const rule of analyzer.rules) expect([rule.id, tests.includes(rule.id)]).toEqual([rule.id, true]);
    }
  });
});
