import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { runOnText } from '../../../test/support/run-text.js';
import { secretAssignments } from './assignments.js';
import { secretsAnalyzer } from './analyzer.js';
import { ALNUM, BASE64, FAKE_KEYS, HEX, randomText } from './test-support/fake-keys.js';
import { isPlaceholder, maskedEvidence, shannonEntropy } from './text.js';

const ownRules = new Set(secretsAnalyzer.rules.map((rule) => rule.id));

/** A body of `length` characters of `alphabet`, random enough to be a real key (fast-check likes repeats). */
function body(alphabet: string, length: number) {
  return fc
    .array(fc.nat({ max: alphabet.length - 1 }), { minLength: length, maxLength: length })
    .map((indexes) => indexes.map((i) => alphabet[i]).join(''))
    .filter((text) => shannonEntropy(text) >= 3.6 && !isPlaceholder(text) && /[0-9]/.test(text));
}

/** No report field holds any 10-character window of the secret beyond what the public prefix shows. */
function expectMasked(fields: readonly string[], secret: string, shown: number) {
  for (let i = Math.max(0, shown - 9); i + 10 <= secret.length; i += 3) {
    const window = secret.slice(i, i + 10);
    for (const field of fields) expect(field.includes(window) ? [field, window] : 'ok').toBe('ok');
  }
}

describe('secrets: masking and positions for generated keys of every provider', () => {
  for (const spec of FAKE_KEYS) {
    it(`${spec.provider} (${spec.shown || 'keyword'}): one finding at the key, never the key itself in any field`, async () => {
      await fc.assert(
        fc.asyncProperty(body(spec.alphabet, spec.length), fc.constantFrom('', '    ', 'prod:\n  '), async (random, indent) => {
          const key = spec.make(random);
          const line = spec.line(key);
          const text = `# generated\n${indent}${line}\n`;
          const run = await runOnText(secretsAnalyzer, 'deploy/config.txt', 'text', text);
          const main = run.findings.filter((f) => f.ruleId === spec.rule);
          const lineNo = text.split('\n').findIndex((l) => l.includes(key)) + 1;
          const column = text.split('\n')[lineNo - 1]!.indexOf(key) + 1;
          expect(main.map((f) => [f.location.startLine, f.location.startColumn, f.location.endColumn])).toEqual([[lineNo, column, column + key.length]]);
          for (const finding of run.findings) {
            expectMasked([finding.message, finding.evidence ?? '', finding.title], key, spec.shown.length || 4);
            expect((finding.evidence ?? '').length).toBeLessThanOrEqual(200);
          }
        }),
        { numRuns: 15 },
      );
    });
  }

  it('masks every assigned secret-named value in evidence, whatever its shape', async () => {
    const names = fc.constantFrom('api_key', 'DB_PASSWORD', 'authToken', 'client_secret', '"token"');
    const values = fc.oneof(body(ALNUM, 24), body(HEX, 40), body(BASE64, 44), fc.string({ unit: fc.constantFrom(...'abcXYZ019_-+/=.:'), minLength: 8, maxLength: 60 }));
    await fc.assert(
      fc.asyncProperty(names, values, body(ALNUM, 34), fc.constantFrom('=', ': ', ' = '), async (name, value, hf, sep) => {
        const hfToken = `hf${'_'}${hf}`;
        const line = `${name}${sep}"${value}"; other_token${sep}"${hfToken}", again: "${hfToken}"`;
        const run = await runOnText(secretsAnalyzer, 'app.yaml', 'yaml', `${line}\n`);
        expect(run.findings.length).toBeGreaterThan(0);
        for (const finding of run.findings) {
          expectMasked([finding.message, finding.evidence ?? ''], hfToken, 3);
          if (value.length >= 8) expect(finding.evidence).not.toContain(`"${value}"`);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('secrets analyzer on hostile input', () => {
  const seedFiles = [
    `OPENAI_API_KEY=sk-${'proj'}-${randomText(ALNUM, 120, 31)}\nDB_PASSWORD="${randomText(ALNUM, 20, 32)}7"\n`,
    `{"cells":[{"outputs":[{"text":["hf${'_'}${randomText(ALNUM, 34, 33)}\\n"]}],"source":["token = \\"${randomText(ALNUM, 30, 34)}9\\""]}]}`,
    `-----BEGIN RSA PRIVATE KEY-----\n${randomText(BASE64, 64, 35)}\n-----END RSA PRIVATE KEY-----\n`,
  ].map((text) => new TextEncoder().encode(text));

  it('never throws and reports only its own rules with sane positions, on damaged files and arbitrary text', async () => {
    const inputs = fc.oneof(
      fc.tuple(fc.constantFrom(...seedFiles), mutations).map(([file, applied]) => mutate(file, applied)),
      fc.string({ unit: fc.constantFrom(...'sk-proj_hfAIzaKI0123456789"\'=:\\n\n\r\t {}[]#-----BEGIN PRIVATE KEY'), maxLength: 400 }).map((text) => new TextEncoder().encode(text)),
      fc.uint8Array({ maxLength: 400 }),
    );
    await fc.assert(
      fc.asyncProperty(inputs, fc.constantFrom('.env', 'notes.ipynb', 'x.py'), async (bytes, path) => {
        const run = await runAnalyzer(secretsAnalyzer, { path, type: path.endsWith('.py') ? 'python' : path.endsWith('.ipynb') ? 'notebook' : 'text' }, bytes);
        const lines = new TextDecoder().decode(bytes).split('\n').length;
        for (const finding of run.findings) {
          expect(ownRules.has(finding.ruleId)).toBe(true);
          expect(finding.location.startLine).toBeGreaterThanOrEqual(1);
          expect(finding.location.startLine).toBeLessThanOrEqual(lines);
          expect((finding.evidence ?? '').length).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('assignment scanning and evidence building never throw on arbitrary lines', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab_T"\'`\\=:> \t$.-[]0'), maxLength: 200 }), fc.boolean(), (line, code) => {
        const { assignments } = secretAssignments(`token${line}`, code);
        for (const a of assignments) {
          expect(a.valueStart).toBeLessThanOrEqual(a.valueEnd);
          const span = { start: a.valueStart, end: a.valueEnd, visible: 4 };
          expect(maskedEvidence(`token${line}`, [span], span).length).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 500 },
    );
  });
});
