import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleMetaProblems } from '../../../core/rule.js';
import { PICKLE_RULES, pickleAnalyzer } from '../analyzer.js';

describe('pickle rules', () => {
  it('have well-formed metadata, one file each, named after the rule', () => {
    const files = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.map((f) => `pickle/${f.slice(0, -3)}`).sort()).toEqual(PICKLE_RULES.map((r) => r.meta.id).sort());
    for (const rule of pickleAnalyzer.rules) expect([rule.id, ruleMetaProblems(rule)]).toEqual([rule.id, []]);
  });

  it('name the safe alternatives in their fixes', () => {
    for (const rule of pickleAnalyzer.rules.filter((r) => r.references.cwe?.includes('CWE-502') && r.severity !== 'medium')) {
      expect([rule.id, /safetensors/.test(rule.fix)]).toEqual([rule.id, true]);
    }
  });
});
