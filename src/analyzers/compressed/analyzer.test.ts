import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memberRecorder } from '../../../test/support/member-recorder.js';
import { scanFixtures } from '../../../test/support/scan-fixtures.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { compressedAnalyzer } from './analyzer.js';
import { decompressedName } from './member-name.js';

async function scan(name: string) {
  const recorder = memberRecorder();
  const result = await scanFixtures('compressed', [name], [compressedAnalyzer, recorder.analyzer]);
  const findings = result.findings.filter((f) => f.ruleId.startsWith('compressed/'));
  return {
    file: result.files[0]!,
    members: recorder.members,
    findings,
    rules: findings.map((f) => f.ruleId),
    payloads: result.findings.filter((f) => f.ruleId === 'recorder/payload-seen').map((f) => f.location.member),
  };
}

describe('compressed analyzer: formats', () => {
  it.each([
    ['model.pkl.gz', 'gzip', 'model.pkl'],
    ['model.pkl.bz2', 'bzip2', 'model.pkl'],
    ['model.pkl.xz', 'xz', 'model.pkl'],
    ['model.joblib', 'zlib', 'model.joblib.decompressed'],
  ])('decompresses %s (%s) and hands the content on as %s', async (name, type, member) => {
    const { file, members, payloads, rules } = await scan(name);
    expect(file).toMatchObject({ type, status: 'scanned' });
    expect(members.map((m) => [m.member, m.type, m.size])).toEqual([[member, 'pickle', 25]]);
    expect(payloads).toEqual([member]);
    expect(rules).toEqual([]);
  });

  it('reads every member of a multi-member gzip and every stream of a multi-stream bzip2, as Python does', async () => {
    for (const name of ['multi-member.pkl.gz', 'multi-stream.pkl.bz2']) {
      const { members, payloads } = await scan(name);
      expect(members[0]!.size).toBe(43 + 25);
      expect(payloads).toHaveLength(1);
    }
  });

  it('notes bytes after a complete gzip stream without calling the stream broken', async () => {
    const { file, rules, payloads } = await scan('trailing-junk.pkl.gz');
    expect(rules).toEqual([]);
    expect(file.notes).toEqual(['21 bytes after the gzip stream are not part of it and were not scanned']);
    expect(payloads).toEqual(['trailing-junk.pkl']);
  });

  it('marks zstd inconclusive with what to do, since Node 20 has no zstd decoder', async () => {
    const { file, members } = await scan('model.pkl.zst');
    expect(file).toMatchObject({ type: 'zstd', status: 'inconclusive', reason: expect.stringMatching(/zstd -d/) });
    expect(members).toEqual([]);
  });

  it('stays quiet on benign compressed pickles', async () => {
    for (const name of ['weights.pkl.gz', 'weights.joblib']) expect((await scan(name)).rules).toEqual([]);
  });
});

describe('compressed analyzer: rules', () => {
  it('reports compressed/malformed-stream for truncated and corrupt streams, scanning the payload before the break', async () => {
    const truncated = await scan('truncated.pkl.gz');
    expect(truncated.findings.map((f) => [f.ruleId, f.evidence])).toEqual([['compressed/malformed-stream', 'unexpected end of file']]);
    expect(truncated.payloads).toEqual(['truncated.pkl']);
    expect(truncated.file.status).toBe('scanned');

    const corrupt = await scan('corrupt.pkl.gz');
    expect(corrupt.findings[0]!.message).toMatch(/breaks after 3025 decompressed bytes \(invalid block type\)/);
    expect(corrupt.payloads).toEqual(['corrupt.pkl']);

    const xz = await scan('truncated.pkl.xz');
    expect(xz.findings[0]!.evidence).toBe('the xz data ends before the stream does');
    expect(xz.payloads).toEqual(['truncated.pkl']);
  });

  it('reports a truncated bzip2 stream even though bzip2 yields nothing before a whole block (nor does Python)', async () => {
    const { findings, members } = await scan('truncated.pkl.bz2');
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/breaks after 0 decompressed bytes \(the bzip2 data ends before the stream does\)/)]);
    expect(members).toEqual([]);
  });

  it('reports a gzip header over data that is not deflate', async () => {
    expect((await scan('not-gzip-inside.gz')).rules).toEqual(['compressed/malformed-stream']);
  });

  it('reports compressed/compression-bomb, scans the prefix (payload included) and is inconclusive', async () => {
    const { findings, file, members, payloads } = await scan('bomb.pkl.gz');
    expect(findings.map((f) => f.ruleId)).toEqual(['compressed/compression-bomb']);
    expect(file).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/decompression bomb/) });
    expect(members[0]!.size).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(payloads).toEqual(['bomb.pkl']);
  });
});

describe('decompressedName', () => {
  it('strips the compression extension, maps tar shorthands, and falls back to .decompressed', () => {
    expect(decompressedName('models/model.pkl.gz')).toBe('model.pkl');
    expect(decompressedName('a.zip!inner/weights.PKL.BZ2')).toBe('weights.PKL');
    expect(decompressedName('data/bundle.tgz')).toBe('bundle.tar');
    expect(decompressedName('model.joblib')).toBe('model.joblib.decompressed');
    expect(decompressedName('.gz')).toBe('.gz.decompressed');
  });
});

const corpus = new URL('../../../../shared/corpus/models/', import.meta.url);

describe.skipIf(!existsSync(corpus))('compressed analyzer on the shared corpus (../shared/corpus/models)', () => {
  it('decompresses the zlib joblib file and hands its pickle on', async () => {
    const recorder = memberRecorder();
    const root = makeTree({ 'joblib_zlib.joblib': readFileSync(new URL('malicious/joblib_zlib.joblib', corpus)) });
    try {
      const result = await scanTree(root, [compressedAnalyzer, recorder.analyzer]);
      expect(result.files[0]).toMatchObject({ type: 'zlib', status: 'scanned' });
      expect(recorder.members.map((m) => [m.member, m.type])).toEqual([['joblib_zlib.joblib.decompressed', 'pickle']]);
    } finally {
      removeTree(root);
    }
  });
});
