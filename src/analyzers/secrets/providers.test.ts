import { describe, expect, it } from 'vitest';
import { runOnText } from '../../../test/support/run-text.js';
import { secretsAnalyzer } from './analyzer.js';
import { FAKE_KEYS, randomText } from './test-support/fake-keys.js';

describe('secrets: every provider pattern', () => {
  for (const [i, spec] of FAKE_KEYS.entries()) {
    it(`finds a ${spec.provider} key (${spec.shown || 'no prefix'}) at its column, masked`, async () => {
      const key = spec.make(randomText(spec.alphabet, spec.length, 1000 + i));
      const line = spec.line(key);
      const run = await runOnText(secretsAnalyzer, 'config/settings.py', 'text', `# settings\n${line}\n`);
      const found = run.findings.filter((f) => f.ruleId !== 'secrets/hardcoded-credential-assignment');
      expect(found.map((f) => [f.ruleId, f.location.startLine, f.location.startColumn])).toEqual([[spec.rule, 2, line.indexOf(key) + 1]]);
      expect(found[0]!.message).toContain(spec.provider);
      expect(found[0]!.evidence).toContain(`${spec.shown}`);
      expect(found[0]!.evidence).toContain(`…(${key.length} chars)`);
      for (const finding of run.findings) {
        expect(`${finding.message} ${finding.evidence}`).not.toContain(key.slice(spec.shown.length || 4, (spec.shown.length || 4) + 8));
      }
    });
  }
});
