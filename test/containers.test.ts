/**
 * The container analyzers together: a payload nested in zip in zip in tar in gzip reaches the analyzers that
 * claim pickles, and the engine's budgets still bound what the containers hand on.
 */
import { describe, expect, it } from 'vitest';
import { compressedAnalyzer } from '../src/analyzers/compressed/analyzer.js';
import { sevenZipAnalyzer } from '../src/analyzers/sevenzip/analyzer.js';
import { tarAnalyzer } from '../src/analyzers/tar/analyzer.js';
import { zipAnalyzer } from '../src/analyzers/zip/analyzer.js';
import { memberRecorder } from './support/member-recorder.js';
import { scanFixtures } from './support/scan-fixtures.js';

const containers = [compressedAnalyzer, sevenZipAnalyzer, tarAnalyzer, zipAnalyzer];

describe('container analyzers together', () => {
  it('follow a payload through gzip, tar, zip and zip', async () => {
    const recorder = memberRecorder();
    const result = await scanFixtures('compressed', ['nested.tar.gz'], [...containers, recorder.analyzer]);
    expect(recorder.members.map((m) => [m.member, m.type])).toEqual([
      ['nested.tar!bundle/outer.zip!inner.zip!payload.pkl', 'pickle'],
      ['nested.tar!bundle/outer.zip!inner.zip', 'zip'],
      ['nested.tar!bundle/outer.zip', 'zip'],
      ['nested.tar!bundle/README.md', 'markdown'],
      ['nested.tar', 'tar'],
    ]);
    expect(result.findings.map((f) => [f.ruleId, f.location.path, f.location.member])).toEqual([
      ['recorder/payload-seen', 'nested.tar.gz', 'nested.tar!bundle/outer.zip!inner.zip!payload.pkl'],
    ]);
    expect(result.files[0]!.status).toBe('scanned');
  });

  it('stop at the archive depth budget and say so', async () => {
    const recorder = memberRecorder();
    const result = await scanFixtures('compressed', ['nested.tar.gz'], [...containers, recorder.analyzer], 'limits:\n  maxArchiveDepth: 2\n');
    expect(result.files[0]).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/nest deeper than 2 levels/) });
    expect(result.findings).toEqual([]);
  });

  it('never inflate a member the expanded-size budget refuses', async () => {
    const recorder = memberRecorder();
    const started = performance.now();
    const result = await scanFixtures('zip', ['bomb.zip'], [...containers, recorder.analyzer], 'limits:\n  maxExpandedBytes: 1000000\n');
    expect(result.files[0]).toMatchObject({ status: 'inconclusive' });
    expect(recorder.members).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
