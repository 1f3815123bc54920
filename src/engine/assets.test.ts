import { afterAll, describe, expect, it } from 'vitest';
import { scanTree } from '../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../test/support/tree.js';
import { defineAnalyzer } from '../core/analyzer.js';

// Records the model ids a file names, one per line, as a file pass would; and a package from the project pass.
const probe = defineAnalyzer({
  id: 'probe',
  version: '1',
  description: 'test analyzer',
  rules: [],
  fileTypes: ['text'],
  analyzeFile(file, context) {
    const text = new TextDecoder().decode(file.source.read(0, file.size));
    text.split('\n').forEach((line, index) => {
      if (line.trim()) context.asset({ kind: 'model', name: line.trim(), position: { startLine: index + 1 }, properties: { source: 'hub' } });
    });
  },
  analyzeProject(project, context) {
    context.asset({ kind: 'package', name: 'torch', version: '2.4.0', location: { path: `${project.root ? `${project.root}/` : ''}requirements.txt` }, properties: { ecosystem: 'pypi' } });
  },
});

const root = makeTree({ 'b.txt': 'org/zeta\n\norg/alpha\n', 'a.txt': 'org/alpha\n' });
afterAll(() => removeTree(root));

describe('assets', () => {
  it('are collected from file and project passes with their locations, in a stable order', async () => {
    const result = await scanTree(root, [probe]);
    expect(result.assets).toEqual([
      { kind: 'model', name: 'org/alpha', location: { path: 'a.txt', startLine: 1 }, properties: { source: 'hub' } },
      { kind: 'model', name: 'org/alpha', location: { path: 'b.txt', startLine: 3 }, properties: { source: 'hub' } },
      { kind: 'model', name: 'org/zeta', location: { path: 'b.txt', startLine: 1 }, properties: { source: 'hub' } },
      { kind: 'package', name: 'torch', version: '2.4.0', location: { path: 'requirements.txt' }, properties: { ecosystem: 'pypi' } },
    ]);
  });
});
