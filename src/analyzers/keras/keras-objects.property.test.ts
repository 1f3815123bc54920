import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutation } from '../../../test/support/mutations.js';
import { runAnalyzer, storedZipMember } from '../../../test/support/run-analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import { kerasAnalyzer } from './analyzer.js';
import { parseConfigJson } from './config-json.js';
import { readKerasMetadata } from './keras-metadata.js';
import { kerasObjects } from './keras-objects.js';

const folder = new URL('../../../test/fixtures/keras/', import.meta.url);
const configs = readdirSync(folder)
  .filter((name) => name.endsWith('.keras'))
  .map((name) => storedZipMember(readFileSync(new URL(name, folder)), 'config.json'));

/** The number of objects with a string class_name, counted recursively: the walk's oracle on shallow values. */
function countClassNamed(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countClassNamed(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  const own = typeof (value as Record<string, unknown>)['class_name'] === 'string' ? 1 : 0;
  return own + Object.values(value).reduce((sum: number, item) => sum + countClassNamed(item), 0);
}

const markers = new Set(['__keras_tensor__', '__tensor__', '__numpy__', '__bytes__', '__slice__', '__ellipsis__']);
const keraslike = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('object'), fc.array(tie('value'), { maxLength: 4 })),
  object: fc.record(
    {
      class_name: fc.oneof(fc.constantFrom('Dense', 'function', 'Lambda', '__lambda__', '__numpy__', 'TFSMLayer'), fc.string()),
      module: fc.oneof(fc.constantFrom('keras.layers', 'os', 'builtins', 'my.pkg', ''), fc.string(), fc.constant(null)),
      config: tie('value'),
      registered_name: fc.oneof(fc.string(), fc.constant(null)),
    },
    { requiredKeys: ['class_name'] },
  ),
}));

describe('keras config walk under hostile input', () => {
  it('finds every object with a string class_name, markers aside, and never throws', () => {
    fc.assert(
      fc.property(keraslike.value, (value) => {
        const found = [...kerasObjects(value)];
        const expected = countClassNamed(value);
        expect(found.length).toBeLessThanOrEqual(expected);
        const markerCount = expected - found.length;
        expect(markerCount).toBeGreaterThanOrEqual(0);
        for (const object of found) {
          expect(markers.has(object.className)).toBe(false);
          expect(typeof object.path()).toBe('string');
          expect(typeof object.label()).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('walks 200,000 nested lists and objects without a stack overflow, and cuts long paths', () => {
    const lists = `${'['.repeat(200_000)}{"class_name": "function", "module": "os", "config": "system"}${']'.repeat(200_000)}`;
    const parsed = parseConfigJson(lists);
    expect('value' in parsed).toBe(true);
    const found = [...kerasObjects((parsed as { value: unknown }).value)];
    expect(found.map((o) => o.importName)).toEqual(['system']);
    expect(found[0]!.path()).toBe('...[0][0][0][0][0][0][0][0][0][0][0][0]');
    const objects = `${'{"config": '.repeat(200_000)}{"class_name": "Lambda"}${'}'.repeat(200_000)}`;
    expect([...kerasObjects((parseConfigJson(objects) as { value: unknown }).value)].map((o) => o.className)).toEqual(['Lambda']);
  });

  it('parses any text without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.constantFrom('NaN', '[-Infinity]', '{"a": NaN}', '"\\"NaN"')), (text) => {
        const parsed = parseConfigJson(text);
        expect('value' in parsed || 'error' in parsed).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads mutated keras_metadata.pb files without throwing', () => {
    const metadata = readFileSync(new URL('../../../test/fixtures/tensorflow/keras-savedmodel-lambda/keras_metadata.pb', import.meta.url));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const result = readKerasMetadata(new BufferSource(mutate(metadata, mutations)), 1024 * 1024);
        expect('nodes' in result || 'broken' in result).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('runs the analyzer on mutated .keras configs without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...configs), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (config, mutations) => {
        const run = await runAnalyzer(kerasAnalyzer, { path: 'm.keras', member: 'config.json', type: 'json' }, mutate(config, mutations));
        const malformed = run.findings.some((f) => f.ruleId === 'keras/malformed-config');
        expect(malformed).toBe(run.inconclusive.length > 0);
      }),
      { numRuns: 1000 },
    );
  });
});
