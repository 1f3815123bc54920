import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPackageJson, readPipfile, readPyproject } from './manifests.js';

/** TOML- and JSON-shaped soup around the tables and keys the manifests are read for. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('[project]', '[tool.poetry.dependencies]', '[packages]', '[[source]]', 'dependencies = [', ']', '"x>=1",', 'python = "^3.11"', 'a = {', '}', '"', "'''", '"""', '=', '\n', '\r\n', '#', ' '),
      fc.constantFrom('{', '}', '"dependencies":', '"devDependencies":', '{"a": "^1"}', ',', ':', '[', '//', '/*', '*/', 'null'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 50 },
  )
  .map((parts) => parts.join(''));

describe('manifest readers on hostile input', () => {
  it('never throw, finish quickly and give positions inside the text', () => {
    fc.assert(
      fc.property(soup, (text) => {
        const started = Date.now();
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const read of [readPyproject, readPipfile, readPackageJson]) {
          const result = read('m', text);
          if (result.fact?.kind === 'manifest') {
            expect(result.fact.position.startLine).toBeGreaterThanOrEqual(1);
            expect(result.fact.position.startLine).toBeLessThanOrEqual(lines);
            expect(result.fact.dependencies).toBeGreaterThan(0);
          }
        }
        expect(Date.now() - started).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
  });

  it('turn deep nesting into a problem, not a stack overflow', () => {
    for (const text of ['a = ' + '['.repeat(100_000), '{"dependencies":' + '['.repeat(200_000), 'x = ' + '{a='.repeat(50_000)]) {
      const started = Date.now();
      for (const read of [readPyproject, readPipfile, readPackageJson]) expect(() => read('m', text)).not.toThrow();
      expect(readPackageJson('package.json', '['.repeat(200_000)).problem).toContain('nested deeper');
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });
});
