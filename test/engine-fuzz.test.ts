/**
 * Hostile bytes through the whole engine: a mutated fixture may be sniffed as another type than the one it
 * was made as, so every analyzer must survive every other analyzer's fixtures, damaged. Each scan must end
 * (no hang), and every file must come out with a status: scanned, inconclusive or error with a reason, never
 * a crashed scan.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzers } from '../src/analyzers/index.js';
import { defaultConfig } from '../src/core/config/defaults.js';
import { scan } from '../src/engine/scan.js';
import { mutate, mutations } from './support/mutations.js';
import { makeTree, removeTree } from './support/tree.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
// The bundled example adds realistic source and configuration: Python, a notebook, a Dockerfile, a workflow,
// MCP and dependency files, .env.
const EXAMPLE = fileURLToPath(new URL('../examples/', import.meta.url));
/** Draws per run; `AIGIS_FUZZ_RUNS=20000 npm run fuzz` for a long campaign. */
const RUNS = Number(process.env['AIGIS_FUZZ_RUNS'] ?? 300);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

// Small fixtures of every format, so a few hundred scans stay fast.
// The HDF5 file that loops the HDF5 library forever is left out: the keras tests show its deadline works, and
// here it would cost that deadline on every draw.
const fixtures = new Map(
  [...filesUnder(FIXTURES).map((path) => [path, path.slice(FIXTURES.length)]), ...filesUnder(EXAMPLE).map((path) => [path, `examples/${path.slice(EXAMPLE.length)}`])]
    .filter(([path]) => statSync(path!).size <= 256 * 1024 && !path!.endsWith('hdf5-endless-loop.h5'))
    .map(([path, name]) => [name!, readFileSync(path!)]),
);
const config = { ...defaultConfig({ analyzers }), limits: { ...defaultConfig({ analyzers }).limits, maxExpandedBytes: 64 * 1024 * 1024 } };
const root = makeTree({});
afterAll(() => removeTree(root));

describe('the whole engine on damaged fixtures of every format', () => {
  it('has fixtures of many formats to work with', () => {
    expect(new Set([...fixtures.keys()].map((name) => name.split('/')[0])).size).toBeGreaterThanOrEqual(10);
  });

  it('always finishes with a status for the file, whatever the bytes', async () => {
    let run = 0;
    await fc.assert(
      // Fixtures are drawn by name, so a counterexample names the fixture instead of printing its bytes.
      fc.asyncProperty(fc.constantFrom(...fixtures.keys()), mutations, async (fixture, changes) => {
        // Keep the fixture's name: analyzers and the sniffer look at it.
        const name = `case-${run++}-${fixture.replace(/\//g, '_')}`;
        writeFileSync(join(root, name), mutate(fixtures.get(fixture)!, changes));
        const started = Date.now();
        const result = await scan({
          scanRoot: root,
          roots: [join(root, name)],
          projectRoots: [],
          analyzers,
          analyzerModule: '',
          config,
          include: [],
          exclude: [],
          useGitignore: false,
          workers: 0,
        });
        // Inline (no pool timeout), the slowest bound is the HDF5 reader's own 15 s deadline.
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(result.files).toHaveLength(1);
        const [record] = result.files;
        expect(['scanned', 'skipped', 'inconclusive', 'error']).toContain(record!.status);
        if (record!.status !== 'scanned') expect(record!.reason).toBeTruthy();
        // An analyzer that threw is a bug to fix, even though the engine contains it: name it.
        expect(record!.reason ?? '').not.toMatch(/analyzer failed/);
      }),
      { numRuns: RUNS },
    );
  }, 240_000 + RUNS * 1_000);
});
