import { afterAll, describe, expect, it } from 'vitest';
import { scanTree } from '../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../test/support/tree.js';
import { defineAnalyzer } from '../core/analyzer.js';
import { parseConfig } from '../core/config/load.js';
import { scan } from './scan.js';

// A file pass that records a model id per line, and a project pass that reports what the inventory holds as evidence.
const names = defineAnalyzer({
  id: 'names',
  version: '1',
  description: 'test analyzer',
  rules: [],
  fileTypes: ['text'],
  analyzeFile(file, context) {
    const text = new TextDecoder().decode(file.source.read(0, file.size));
    for (const line of text.split('\n')) if (line.trim()) context.asset({ kind: 'model', name: line.trim(), properties: { source: 'hub' } });
  },
  analyzeProject(project, context) {
    context.asset({ kind: 'package', name: 'torch', location: { path: 'requirements.txt' } });
    context.evidence({
      check: 'threat-model-names-assets',
      summary: `inventory seen by the project pass: ${project.assets.map((a) => a.name).join(', ')}\u001b[31m`,
      location: { path: 'THREAT_MODEL.md', startLine: 3 },
      shortfall: 'x'.repeat(1000),
    });
    context.evidence({ check: 'security-policy', summary: 'SECURITY.md' });
  },
});

const unknownCheck = defineAnalyzer({
  id: 'unknown-check',
  version: '1',
  description: 'test analyzer',
  rules: [],
  analyzeProject(_project, context) {
    context.evidence({ check: 'not-a-check', summary: 'nothing' });
  },
});

const root = makeTree({ 'a.txt': 'org/alpha\n', 'sub/b.txt': 'org/beta\n' });
afterAll(() => removeTree(root));

describe('evidence', () => {
  it('is collected from project passes with the analyzer id, sorted, and made printable and bounded', async () => {
    const result = await scanTree(root, [names]);
    expect(result.evidence.map((e) => [e.check, e.analyzer])).toEqual([
      ['security-policy', 'names'],
      ['threat-model-names-assets', 'names'],
    ]);
    const [, named] = result.evidence;
    // The project pass sees the file passes' inventory, not what project passes add.
    expect(named!.summary).toBe('inventory seen by the project pass: org/alpha, org/beta\\x1b[31m');
    expect(named!.location).toEqual({ path: 'THREAT_MODEL.md', startLine: 3 });
    expect(named!.shortfall!.length).toBeLessThanOrEqual(400);
  });

  it('turns evidence for a check that is not in the catalogue into an error notice', async () => {
    const result = await scanTree(root, [unknownCheck]);
    expect(result.evidence).toEqual([]);
    expect(result.notices).toEqual([
      { level: 'error', message: 'unknown-check analyzer failed on the project .: evidence for not-a-check, which is not a conformance check' },
    ]);
  });
});

describe('facts kept for the project pass', () => {
  const keeper = defineAnalyzer<{ text: string }>({
    id: 'keeper',
    version: '1',
    description: 'test analyzer',
    rules: [],
    fileTypes: ['text'],
    analyzeFile(file, context) {
      context.fact({ text: new TextDecoder().decode(file.source.read(0, file.size)) });
    },
    analyzeProject(project, context) {
      context.evidence({ check: 'threat-model', summary: `${project.facts.length} facts` });
    },
  });

  it('stop at a total budget: files past it are inconclusive with the reason, never silently clean', async () => {
    const tree = makeTree(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`doc-${i}.txt`, 'x'.repeat(1000)])));
    try {
      const config = parseConfig('', 'aigis.yaml', { analyzers: [keeper], ruleIds: new Set() });
      const result = await scan({ scanRoot: tree, roots: [tree], projectRoots: [''], analyzers: [keeper], analyzerModule: '', config, include: [], exclude: [], useGitignore: true, workers: 0, maxFactBytes: 4500 });
      const dropped = result.files.filter((f) => f.status === 'inconclusive');
      expect(dropped).toHaveLength(6);
      expect(dropped[0]!.reason).toMatch(/analyzer data was already kept for the project pass; what this file added was dropped$/);
      expect(result.evidence[0]!.summary).toBe('4 facts');
    } finally {
      removeTree(tree);
    }
  });
});
