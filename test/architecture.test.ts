/**
 * Who may import what (see the house plan): data flows one way, analyzers and reporters never know each other,
 * and core knows nothing of the parts that use it. A forbidden import fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

interface Edge {
  readonly from: string;
  readonly to: string;
}

/** Relative imports between files of src/, as paths relative to src/. */
function edges(): Edge[] {
  return sourceFiles(src).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2]!)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from: relative(src, file), to: relative(src, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') }));
  });
}

/**
 * The part a file belongs to: `core`, `lib`, `parsers` (wrappers of third-party parsers shared by analyzers),
 * `engine`, `commands`, `cli`, `analyzers/<a>`, `reporters/<r>`, or an index.
 */
function partOf(path: string): string {
  const [top, second] = path.split('/');
  if (top === 'analyzers' || top === 'reporters') return second === 'index.ts' ? `${top}/index` : `${top}/${second}`;
  return top === 'cli.ts' ? 'cli' : top!;
}

function allowed(from: string, to: string): boolean {
  const target = partOf(to);
  const source = partOf(from);
  if (source === target) return true;
  if (target === 'lib') return source !== 'lib';
  if (target === 'core') return source !== 'lib' && source !== 'parsers';
  if (target === 'parsers') return source.startsWith('analyzers/') && source !== 'analyzers/index';
  switch (source) {
    case 'parsers':
      return false; // lib only (handled above)
    case 'lib':
    case 'core':
      return false;
    case 'engine':
      return false; // core and lib only (handled above)
    case 'analyzers/index':
      return target.startsWith('analyzers/');
    case 'reporters/index':
      return target.startsWith('reporters/');
    case 'commands':
      return target !== 'cli';
    case 'cli':
      return target === 'commands';
    default:
      // an analyzer or a reporter folder: core, lib and itself only
      return false;
  }
}

describe('architecture', () => {
  const all = edges();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all).toContainEqual({ from: 'engine/scan.ts', to: 'engine/discover.ts' });
  });

  it('has no forbidden imports', () => {
    const forbidden = all.filter((edge) => !allowed(edge.from, edge.to)).map((edge) => `${edge.from} -> ${edge.to}`);
    expect(forbidden).toEqual([]);
  });

  it('keeps lib free of third-party packages and core free of engine-level packages', () => {
    const thirdParty = sourceFiles(src).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(IMPORT)]
        .map((m) => m[1] ?? m[2]!)
        .filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:'))
        .map((spec) => `${partOf(relative(src, file))} ${spec}`);
    });
    expect(thirdParty.filter((entry) => entry.startsWith('lib '))).toEqual([]);
    expect(thirdParty.filter((entry) => entry.startsWith('core ') && !/ (yaml|ajv|picomatch)$/.test(entry))).toEqual([]);
  });

  it('checks the checker: a reporter importing an analyzer would be caught', () => {
    expect(allowed('reporters/sarif/index.ts', 'analyzers/security-docs/analyzer.ts')).toBe(false);
    expect(allowed('analyzers/a/x.ts', 'analyzers/b/y.ts')).toBe(false);
    expect(allowed('engine/scan.ts', 'analyzers/index.ts')).toBe(false);
    expect(allowed('core/finding.ts', 'engine/scan.ts')).toBe(false);
    expect(allowed('commands/scan/index.ts', 'engine/scan.ts')).toBe(true);
    expect(allowed('analyzers/python/analyzer.ts', 'parsers/tree-sitter.ts')).toBe(true);
    expect(allowed('parsers/tree-sitter.ts', 'core/finding.ts')).toBe(false);
    expect(allowed('reporters/html/index.ts', 'parsers/tree-sitter.ts')).toBe(false);
  });
});
