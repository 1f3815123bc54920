/** Files derived from code must match it: a stale copy fails here. Fix with `npm run docs`. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzers } from '../src/analyzers/index.js';
import { checksAsMarkdown } from '../src/commands/check/format.js';
import { rulesAsMarkdown } from '../src/commands/rules/format.js';
import { CHECKS } from '../src/core/conformance/checks.js';
import { buildConfigSchema } from '../src/core/config/schema.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('generated files', () => {
  it('docs/rules.md matches `aigis rules --format markdown` (run `npm run docs`)', () => {
    expect(read('docs/rules.md')).toBe(rulesAsMarkdown(analyzers));
  });

  it('schemas/aigis-config.schema.json matches the analyzers\' settings (run `npm run docs`)', () => {
    expect(JSON.parse(read('schemas/aigis-config.schema.json'))).toEqual(buildConfigSchema(analyzers));
  });

  it('docs/conformance.md matches the check catalogue (run `npm run docs`)', () => {
    const doc = read('docs/conformance.md');
    expect(doc).toBe(checksAsMarkdown());
    for (const check of CHECKS) expect(doc).toContain(`| \`${check.id}\` |`);
  });

  it('documents every rule and every principle', () => {
    const doc = read('docs/rules.md');
    for (const rule of analyzers.flatMap((a) => a.rules)) expect(doc).toContain(`### ${rule.id}`);
    expect(doc).toContain('| 4.4 Collect and share lessons learned |');
  });
});
