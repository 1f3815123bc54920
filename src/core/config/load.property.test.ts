import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.js';

const context = { analyzers: [{ id: 'docs' }], ruleIds: new Set(['docs/missing']) };

/** YAML-ish text built from the pieces configs are made of, so the parser sees near-misses, not just noise. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom('ignore:', 'rules:', 'suppressions:', 'analyzers:', 'limits:', '  - ', '    ', 'docs/missing: ', 'reason: ', 'expires: ', '[', ']', '{', '}', ': ', '\n', '- rule: docs/missing', '&a ', '*a', '!!python/object ', '"', "'", '#', '\t'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('parseConfig on arbitrary input', () => {
  it('either returns a config or throws a one-line ConfigError: never anything else', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        try {
          const config = parseConfig(text, 'aigis.yaml', context);
          expect(Array.isArray(config.ignore)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message).toMatch(/^aigis\.yaml(:\d+)?: /);
          expect((error as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('never instantiates YAML tags into objects', () => {
    expect(() => parseConfig('ignore: !!js/function "function () { return 1 }"\n', 'aigis.yaml', context)).toThrow(ConfigError);
  });
});
