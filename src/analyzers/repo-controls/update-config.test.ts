import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedent } from '../../../test/support/run-text.js';
import { ecosystemsOf } from './ecosystems.js';
import { json5ToJson, parseDependabot, parseRenovateText, readRenovate, renovateRuns } from './update-config.js';

describe('parseDependabot', () => {
  it('reads each update entry: ecosystem, directories, interval and line', () => {
    const config = parseDependabot(dedent(`
      version: 2
      updates:
        - package-ecosystem: "npm"
          directory: "/"
          schedule:
            interval: "weekly"
        - package-ecosystem: pip
          directories: ["/services/*", "/"]
          schedule: { interval: daily }
        - package-ecosystem: docker
          directory: /
          schedule:
            interval: weekly
          open-pull-requests-limit: 0
        - package-ecosystem: github-actions
          directory: /
          schedule:
            interval: weekly
          ignore:
            - dependency-name: "*"
        - package-ecosystem: cargo
          directory: /
    `));
    expect(config.error).toBeUndefined();
    expect(config.updates).toEqual([
      { ecosystem: 'npm', directories: ['/'], interval: 'weekly', line: 3 },
      { ecosystem: 'pip', directories: ['/services/*', '/'], interval: 'daily', line: 7 },
      { ecosystem: 'docker', directories: ['/'], interval: 'weekly', line: 10, inactive: 'open-pull-requests-limit: 0 turns version updates off' },
      { ecosystem: 'github-actions', directories: ['/'], interval: 'weekly', line: 15, inactive: 'it ignores every dependency (dependency-name: "*")' },
      { ecosystem: 'cargo', directories: ['/'], line: 21, inactive: 'no schedule.interval, which Dependabot requires' },
    ]);
  });

  it('says why a config cannot be used instead of throwing', () => {
    expect(parseDependabot('version: 1\nupdates: []\n').error).toBe('its version is 1, not 2');
    expect(parseDependabot('version: 2\n').error).toBe('it has no updates list');
    expect(parseDependabot('version: 2\nupdates:\n  - package-ecosystem: npm\n   directory: /\n').error).toMatch(/^it is not valid YAML \(line \d\)/);
    expect(parseDependabot('- just\n- a list\n').error).toBe('it is not a YAML mapping');
    expect(parseDependabot(`version: 2\nupdates: ${'['.repeat(200)}`).error).toBe('it nests too deeply to be a Dependabot config');
  });

  it('does not expand a billion-laughs alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`), 'version: 2', 'updates: *j'].join('\n');
    const start = Date.now();
    expect(parseDependabot(bomb).error).toMatch(/^it could not be read/);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('never throws on arbitrary or mutated text', () => {
    const valid = 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n';
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(valid.length), fc.string({ maxLength: 10 }), (text, at, insert) => {
        parseDependabot(text);
        parseDependabot(valid.slice(0, at) + insert + valid.slice(at));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Renovate configs', () => {
  it('turns JSON5 into JSON: single quotes, bare keys, comments and trailing commas', () => {
    const text = dedent(`
      // Renovate config for the monorepo
      {
        $schema: 'https://docs.renovatebot.com/renovate-schema.json',
        extends: ['config:recommended'],
        enabledManagers: ['npm', "github-actions",],
        /* Python is handled by the platform team */
        pip_requirements: { enabled: false },
        description: 'don\\'t "touch"',
      }
    `);
    expect(json5ToJson("{a: 'x\"y'}")).toBe('{"a": "x\\"y"}');
    const parsed = parseRenovateText(text, true);
    expect(parsed.error).toBeUndefined();
    expect(parsed.value).toMatchObject({ enabledManagers: ['npm', 'github-actions'], description: 'don\'t "touch"' });
    const config = readRenovate(parsed.value);
    expect(config).toEqual({ enabled: true, enabledManagers: ['npm', 'github-actions'], disabledManagers: ['pip_requirements'], extends: ['config:recommended'] });
    expect(renovateRuns(config, 'npm')).toBe(true);
    expect(renovateRuns(config, 'dockerfile')).toBe(false);
    expect(renovateRuns(config, 'pip_requirements')).toBe(false);
  });

  it('runs every manager by default, and none when enabled is false', () => {
    const open = readRenovate({ extends: 'config:base' });
    expect(renovateRuns(open, 'dockerfile')).toBe(true);
    expect(renovateRuns(readRenovate({ enabled: false }), 'npm')).toBe(false);
  });

  it('turns a manager off through a package rule that matches only managers, not one that matches packages too', () => {
    const config = readRenovate({
      packageRules: [
        { matchManagers: ['dockerfile'], enabled: false },
        { matchManagers: ['npm'], matchPackageNames: ['left-pad'], enabled: false },
      ],
    });
    expect(config.disabledManagers).toEqual(['dockerfile']);
    expect(renovateRuns(config, 'npm')).toBe(true);
  });

  it('reports JSON it cannot parse', () => {
    expect(parseRenovateText('{"extends": ["config:recommended"', false).error).toMatch(/^it is not valid JSON \(/);
    expect(readRenovate(['config:base']).error).toBe('it is not a JSON object');
  });

  it('never throws on arbitrary text, as JSON or JSON5', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (text, json5) => {
        const parsed = parseRenovateText(text, json5);
        if (parsed.error === undefined) readRenovate(parsed.value);
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('{', '}', '[', ']', "'", '"', '\\', ':', ',', '//', '/*', '*/', 'key', 'enabled', 'false', '\n', ' '), { maxLength: 60 }), (parts) => {
        const parsed = parseRenovateText(parts.join(''), true);
        if (parsed.error === undefined) readRenovate(parsed.value);
      }),
      { numRuns: 400 },
    );
  });
});

describe('ecosystemsOf', () => {
  it('finds the ecosystems from manifest names, shallowest file first, ignoring fixtures and tests', () => {
    const uses = ecosystemsOf([
      'package.json', 'web/package.json', 'requirements-dev.txt', 'services/rag/pyproject.toml', 'Dockerfile', 'deploy/api.Dockerfile',
      '.github/workflows/ci.yml', '.github/workflows/README.md', 'tests/fixtures/go.mod', 'examples/demo/requirements.txt', 'src/app.py',
    ]);
    expect(uses.map((u) => [u.ecosystem, u.files])).toEqual([
      ['npm', ['package.json', 'web/package.json']],
      ['pip', ['requirements-dev.txt', 'services/rag/pyproject.toml']],
      ['docker', ['Dockerfile', 'deploy/api.Dockerfile']],
      ['github-actions', ['.github/workflows/ci.yml']],
    ]);
  });
});
