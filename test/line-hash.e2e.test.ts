/** GitHub's primaryLocationLineHash travels from the engine to SARIF for findings on a line of a text file. */
import { afterAll, describe, expect, it } from 'vitest';
import { pythonAnalyzer } from '../src/analyzers/python/analyzer.js';
import { buildScanReport } from '../src/core/scan-report.js';
import { lineHashes } from '../src/lib/line-hash.js';
import { toSarif } from '../src/reporters/sarif/index.js';
import { scanTree } from './support/scan-tree.js';
import { makeTree, removeTree } from './support/tree.js';

const CODE = 'import torch\n\n\ndef restore(path):\n    return torch.load(path)\n';
const root = makeTree({ 'train.py': CODE });
afterAll(() => removeTree(root));

describe('line hashes', () => {
  it('are added by the engine and written as SARIF primaryLocationLineHash', async () => {
    const result = await scanTree(root, [pythonAnalyzer]);
    const finding = result.findings.find((f) => f.ruleId === 'python/torch-load-without-weights-only')!;
    expect(finding.location.startLine).toBe(5);
    expect(finding.location.lineHash).toBe(lineHashes(CODE).get(5));
    const sarif = toSarif(
      buildScanReport({ tool: { name: 'aigis', version: '0.0.0' }, scanRoot: root, failOn: 'high', findings: result.findings, suppressed: [], files: result.files, notices: [], rules: pythonAnalyzer.rules }),
    );
    const sarifResult = sarif.runs[0]!.results!.find((r) => r.ruleId === finding.ruleId)!;
    expect(sarifResult.partialFingerprints).toEqual({ 'aigis/v1': finding.fingerprint, primaryLocationLineHash: finding.location.lineHash });
  });
});
