import { describe, expect, it } from 'vitest';
import type { ConfigContext } from './load.js';
import { analyzers } from '../../analyzers/index.js';
import { defaultConfig } from './defaults.js';
import { ConfigError, parseConfig } from './load.js';
import { DEFAULT_LIMITS } from './types.js';

const context: ConfigContext = {
  analyzers: [
    {
      id: 'docs',
      settingsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: { extra: { type: 'array', items: { type: 'string' }, default: [] } },
      },
    },
    { id: 'pickle' },
  ],
  ruleIds: new Set(['docs/missing-policy', 'pickle/dangerous-global', 'pickle/unknown-global']),
};

function parse(yaml: string) {
  return parseConfig(yaml, 'aigis.yaml', context);
}

function errorOf(yaml: string): string {
  try {
    parse(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies defaults when the file says nothing', () => {
    const config = defaultConfig(context);
    expect(config).toMatchObject({ ignore: [], rules: {}, suppressions: [], limits: DEFAULT_LIMITS });
    expect(config.analyzers['docs']).toEqual({ extra: [] });
    expect(config.source).toBeUndefined();
  });

  it('builds the same defaults without the validator as the validator gives an empty file, for every analyzer', () => {
    const context = { analyzers, ruleIds: new Set(analyzers.flatMap((a) => a.rules.map((r) => r.id))) };
    const { source, ...validated } = parseConfig('', 'aigis.yaml', context);
    expect(source).toBe('aigis.yaml');
    expect(defaultConfig(context)).toEqual(validated);
  });

  it('reads a full configuration', () => {
    const config = parse(`
ignore: [tests/fixtures/**]
rules:
  pickle/unknown-global: high
  docs/missing-policy: off
  pickle/dangerous-global: { severity: medium }
suppressions:
  - rule: pickle/dangerous-global
    path: models/legacy/**
    reason: vendored model, loaded only in the sandbox
    expires: 2030-01-31
analyzers:
  docs: { extra: [docs/risks.md] }
limits:
  fileTimeoutSeconds: 30
`);
    expect(config.source).toBe('aigis.yaml');
    expect(config.rules).toEqual({ 'pickle/unknown-global': 'high', 'docs/missing-policy': 'off', 'pickle/dangerous-global': { severity: 'medium' } });
    expect(config.suppressions[0]).toMatchObject({ expires: '2030-01-31', path: 'models/legacy/**' });
    expect(config.analyzers['docs']).toEqual({ extra: ['docs/risks.md'] });
    expect(config.limits.fileTimeoutSeconds).toBe(30);
    expect(config.limits.maxArchiveDepth).toBe(DEFAULT_LIMITS.maxArchiveDepth);
  });

  it('names an unknown top-level key and its line', () => {
    expect(errorOf('ignore: []\nrulez:\n  x: off\n')).toBe('aigis.yaml:2: unknown key "rulez"');
  });

  it('names an unknown key inside analyzer settings', () => {
    expect(errorOf('analyzers:\n  docs:\n    extar: []\n')).toBe('aigis.yaml:3: unknown key "analyzers.docs.extar"');
  });

  it('rejects settings for an analyzer that takes none, and unknown analyzers', () => {
    expect(errorOf('analyzers:\n  pickle:\n    strict: true\n')).toMatch(/unknown key "analyzers\.pickle\.strict"/);
    expect(errorOf('analyzers:\n  pickel: {}\n')).toMatch(/^aigis\.yaml:2: unknown key "analyzers\.pickel"/);
  });

  it('rejects a bad severity with the allowed values', () => {
    expect(errorOf('rules:\n  pickle/unknown-global: severe\n')).toMatch(/^aigis\.yaml:2: "rules\.pickle\/unknown-global" must be "off", a severity/);
  });

  it('rejects a rule id that does not exist, pointing to aigis rules', () => {
    expect(errorOf('rules:\n  pickle/dangerous-globals: off\n')).toBe('aigis.yaml:2: unknown rule "pickle/dangerous-globals"; run "aigis rules" to list them');
  });

  it('accepts analyzer wildcards only for analyzers that have rules', () => {
    expect(parse('rules:\n  pickle/*: low\n').rules).toEqual({ 'pickle/*': 'low' });
    expect(errorOf('rules:\n  nothing/*: low\n')).toMatch(/unknown rule "nothing\/\*"/);
  });

  it('requires a reason for every suppression', () => {
    expect(errorOf('suppressions:\n  - rule: pickle/dangerous-global\n')).toBe('aigis.yaml:2: "suppressions.0" is missing "reason"');
    expect(errorOf('suppressions:\n  - rule: pickle/dangerous-global\n    reason: "  "\n')).toMatch(/suppressions\.0\.reason/);
  });

  it('rejects expiry dates that are not real dates', () => {
    expect(errorOf('suppressions:\n  - rule: pickle/dangerous-global\n    reason: r\n    expires: 2026-02-30\n')).toMatch(/^aigis\.yaml:4: suppressions\.0\.expires "2026-02-30" is not a real date/);
    expect(errorOf('suppressions:\n  - rule: pickle/dangerous-global\n    reason: r\n    expires: next week\n')).toMatch(/expires/);
  });

  it('reports invalid YAML with its line', () => {
    expect(errorOf('rules:\n  a: [\n')).toMatch(/^aigis\.yaml:\d+: invalid YAML/);
    expect(errorOf('ignore: []\nignore: []\n')).toMatch(/invalid YAML/);
  });

  it('turns unresolved aliases and alias bombs into config errors (regression: a ReferenceError escaped)', () => {
    expect(errorOf('ignore: *missing\n')).toMatch(/^aigis\.yaml: invalid YAML: Unresolved alias/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`), 'ignore: *h'].join('\n');
    expect(errorOf(bomb)).toMatch(/invalid YAML: .*alias/i);
  });

  it('rejects a document that is not a mapping', () => {
    expect(errorOf('- a\n- b\n')).toMatch(/must be a mapping/);
  });

  it('treats an empty file as defaults', () => {
    expect(parse('').ignore).toEqual([]);
  });

  it('rejects limits that make no sense', () => {
    expect(errorOf('limits:\n  fileTimeoutSeconds: 0\n')).toMatch(/^aigis\.yaml:2: "limits\.fileTimeoutSeconds" must be >= 1/);
  });
});

describe('conformance', () => {
  it('takes principles declared not applicable, each with its reason', () => {
    const config = parse('conformance:\n  notApplicable:\n    "3.2": We call a hosted model API and ship no weights.\n');
    expect(config.conformance.notApplicable).toEqual({ '3.2': 'We call a hosted model API and ship no weights.' });
    expect(parse('').conformance).toEqual({ notApplicable: {} });
  });

  it('refuses an id that is not one of the 17 principles, and a blank reason', () => {
    expect(errorOf('conformance:\n  notApplicable:\n    "1.5": no such principle\n')).toBe('aigis.yaml:3: "1.5" is not one of the 17 principles (1.1-1.4, 2.1-2.4, 3.1-3.5, 4.1-4.4)');
    expect(errorOf('conformance:\n  notApplicable:\n    "9.9": x\n')).toMatch(/^aigis\.yaml:3: .*9\.9/);
    expect(errorOf('conformance:\n  notApplicable:\n    "3.2": "  "\n')).toMatch(/^aigis\.yaml:3: "conformance\.notApplicable\.3\.2" is not in the expected form/);
    expect(errorOf('conformance:\n  notApplicable:\n    - "3.2"\n')).toMatch(/^aigis\.yaml:3?:? ?.*conformance\.notApplicable/);
  });
});
