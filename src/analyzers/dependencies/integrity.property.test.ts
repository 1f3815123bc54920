import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrityLockKind, lockIntegrity, MAX_NAMES, type IntegrityLock } from './integrity.js';

const KINDS: readonly IntegrityLock[] = ['npm', 'yarn', 'pnpm', 'pipenv', 'toml'];

/** Lockfile-shaped soup: the keys and lines the integrity readers look for, cut and shuffled. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('{"lockfileVersion":3,"packages":{', '"node_modules/a":{', '"integrity":"sha512-x"', '"link":true', '"dependencies":{', '}', ',', '"default":{"r":{"hashes":["sha256:1"]}}'),
      fc.constantFrom('packages:\n', '  a@1.0.0:\n', '    resolution: {integrity: sha512-x}\n', '    resolution: {directory: ../x, type: directory}\n', 'x@^1:\n', '  integrity sha512-y\n', '  checksum: 10c0/z\n', '"b@workspace:.":\n'),
      fc.constantFrom('[[package]]\n', 'name = "p"\n', 'source = { editable = "." }\n', 'wheels = [{ hash = "sha256:1" }]\n', '[metadata.files]\n', 'p = [{file = "f", hash = "h"}]\n', '[[packages]]\n', '"'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('lockfile integrity readers on hostile input', () => {
  it('never throw, finish quickly and keep their counts consistent', () => {
    fc.assert(
      fc.property(soup, (text) => {
        const started = Date.now();
        for (const kind of KINDS) {
          const result = lockIntegrity(kind, text);
          expect(result.withIntegrity).toBeLessThanOrEqual(result.packages);
          expect(result.without.length).toBeLessThanOrEqual(Math.min(MAX_NAMES, result.packages - result.withIntegrity));
        }
        expect(Date.now() - started).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });

  it('turn deep nesting and huge lines into a problem or a bounded answer', () => {
    const started = Date.now();
    for (const text of ['{"dependencies":' + '{"a":'.repeat(100_000), '['.repeat(200_000), 'a = ' + '['.repeat(100_000), 'x'.repeat(2_000_000), 'packages:\n' + '  a@1:\n'.repeat(50_000)]) {
      for (const kind of KINDS) expect(() => lockIntegrity(kind, text)).not.toThrow();
    }
    expect(lockIntegrity('npm', '{"dependencies":' + '{"a":'.repeat(100_000)).problem).toMatch(/nested too deeply/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('knows lockfiles by name only', () => {
    expect(['package-lock.json', 'a/npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'Pipfile.lock', 'uv.lock', 'poetry.lock', 'pdm.lock', 'pylock.toml', 'pylock.dev.toml'].map(integrityLockKind)).toEqual([
      'npm', 'npm', 'yarn', 'pnpm', 'pipenv', 'toml', 'toml', 'toml', 'toml', 'toml',
    ]);
    expect(['package.json', 'yarn.lock.bak', 'bun.lock', 'requirements.lock', 'mylock.toml'].map(integrityLockKind)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
