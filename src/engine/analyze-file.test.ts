import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree, removeTree } from '../../test/support/tree.js';
import type { AnyAnalyzer } from '../core/analyzer.js';
import { analyzerClaims, defineAnalyzer } from '../core/analyzer.js';
import { DEFAULT_LIMITS, type ScanLimits } from '../core/config/types.js';
import type { RuleMeta } from '../core/rule.js';
import { BufferSource } from '../lib/byte-source.js';
import { lineHashes } from '../lib/line-hash.js';
import type { FileTask } from './analyze-file.js';
import { analyzeFileTask } from './analyze-file.js';

const rule = (id: string): RuleMeta => ({ id, title: id, severity: 'high', principle: '2.1', references: {}, description: 'd', fix: 'f' });
const containerRule = rule('box/nested-too-deep');
const markerRule = rule('marker/found');

/** A toy container format: "BOX\n" then members as "name=content" lines; content may itself be "BOX..." escaped with \\n. */
const boxAnalyzer = defineAnalyzer({
  id: 'box',
  version: '1',
  description: 'toy container',
  rules: [containerRule],
  claims: (file) => file.type === 'text' && (file.member ?? file.path).endsWith('.box'),
  async analyzeFile(file, context) {
    const text = new TextDecoder().decode(file.source.read(0, file.size));
    for (const line of text.split('\n').slice(1).filter(Boolean)) {
      const name = line.slice(0, line.indexOf('='));
      const content = line.slice(line.indexOf('=') + 1);
      await context.emitMember(name, new BufferSource(Buffer.from(content.replace(/\\n/g, '\n').replace(/\\\\/g, '\\'))));
    }
  },
});

/** Reports MARK wherever it appears, at its line. */
const markerAnalyzer = defineAnalyzer({
  id: 'marker',
  version: '1',
  description: 'finds MARK',
  rules: [markerRule],
  claims: (file) => (file.member ?? file.path).endsWith('.txt'),
  analyzeFile(file, context) {
    const lines = new TextDecoder().decode(file.source.read(0, file.size)).split('\n');
    lines.forEach((line, index) => {
      if (line.includes('MARK')) context.report(markerRule, { message: 'MARK found', evidence: line, position: { startLine: index + 1 } });
      if (line.includes('NOTE')) context.note(`noted ${line}`);
    });
  },
});

const throwing = defineAnalyzer({ id: 'broken', version: '1', description: 'fails', rules: [], fileTypes: ['text'], analyzeFile() { throw new Error('boom'); } });
const foreignRule = defineAnalyzer({ id: 'thief', version: '1', description: 'reports a rule it does not own', rules: [], fileTypes: ['text'], analyzeFile(_file, context) { context.report(markerRule, { message: 'x' }); } });

const root = makeTree({});
afterAll(() => removeTree(root));

function task(name: string, content: string, analyzers: readonly AnyAnalyzer[]): FileTask {
  const absolutePath = join(root, name);
  writeFileSync(absolutePath, content);
  const candidate = { path: name, type: 'text' as const, size: content.length };
  return { ...candidate, absolutePath, analyzerIds: analyzers.filter((a) => analyzerClaims(a, candidate, {})).map((a) => a.id) };
}

function run(name: string, content: string, analyzers: readonly AnyAnalyzer[], limits: Partial<ScanLimits> = {}) {
  return analyzeFileTask(task(name, content, analyzers), { analyzers, settings: {}, limits: { ...DEFAULT_LIMITS, ...limits } });
}

describe('analyzeFileTask', () => {
  it('reports findings at the file path with positions, and collects inline directives of text files', async () => {
    const outcome = await run('notes.txt', 'fine\nMARK here # aigis: ignore[marker/found] test data\n', [markerAnalyzer]);
    expect([outcome.status, outcome.reason]).toEqual(['scanned', undefined]);
    expect(outcome.findings).toEqual([
      expect.objectContaining({ ruleId: 'marker/found', location: { path: 'notes.txt', startLine: 2, lineHash: lineHashes('fine\nMARK here # aigis: ignore[marker/found] test data\n').get(2) } }),
    ]);
    expect(outcome.directives).toEqual([{ line: 2, rules: ['marker/found'], reason: 'test data' }]);
  });

  it('sniffs members and hands them to the analyzers that claim them, naming nested members with !', async () => {
    const analyzers = [boxAnalyzer, markerAnalyzer];
    const outcome = await run('outer.box', 'BOX\na.txt=MARK one\ninner.box=BOX\\nb.txt=MARK two\n', analyzers);
    expect([outcome.status, outcome.reason]).toEqual(['scanned', undefined]);
    expect(outcome.findings.map((f) => [f.location.path, f.location.member, f.evidence])).toEqual([
      ['outer.box', 'a.txt', 'MARK one'],
      ['outer.box', 'inner.box!b.txt', 'MARK two'],
    ]);
  });

  it('marks the file inconclusive, keeping what it found, when archives nest past the depth budget', async () => {
    const nested = 'BOX\\nl2.box=BOX\\\\nfile.txt=MARK deep';
    const outcome = await run('deep.box', `BOX\nshallow.txt=MARK top\nl1.box=${nested}\n`, [boxAnalyzer, markerAnalyzer], { maxArchiveDepth: 1 });
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toMatch(/nest deeper than 1 levels at member l1\.box!l2\.box/);
    expect(outcome.findings.map((f) => f.evidence)).toEqual(['MARK top']);
  });

  it('stops at the member-count and expanded-size budgets', async () => {
    const many = await run('many.box', `BOX\n${Array.from({ length: 5 }, (_, i) => `m${i}.txt=MARK`).join('\n')}\n`, [boxAnalyzer, markerAnalyzer], { maxMembers: 3 });
    expect(many.status).toBe('inconclusive');
    expect(many.reason).toMatch(/more than 3 archive members/);
    expect(many.findings).toHaveLength(3);
    const big = await run('big.box', `BOX\na.txt=${'x'.repeat(60)}\nb.txt=${'y'.repeat(60)}\n`, [boxAnalyzer], { maxExpandedBytes: 100 });
    expect(big.status).toBe('inconclusive');
    expect(big.reason).toMatch(/expand past 100 bytes at member b\.txt/);
  });

  it('keeps notes on the record, deduplicated, prefixed with the member, and bounded', async () => {
    const outcome = await run('notes.box', `BOX\na.txt=NOTE x\nb.txt=NOTE x\n`, [boxAnalyzer, markerAnalyzer]);
    expect(outcome.notes).toEqual(['a.txt: noted NOTE x', 'b.txt: noted NOTE x']);
    const many = await run('many-notes.txt', Array.from({ length: 300 }, (_, i) => `NOTE ${i % 150}`).join('\n'), [markerAnalyzer]);
    expect(many.notes).toHaveLength(100);
    expect(new Set(many.notes).size).toBe(100);
  });

  it('does not count windows of the file itself against the expanded-size budget', async () => {
    const slicer = defineAnalyzer({
      id: 'slicer',
      version: '1',
      description: 'emits halves of the file as stored members',
      rules: [],
      claims: (file) => file.member === undefined && file.path.endsWith('.stored'),
      async analyzeFile(file, context) {
        expect(context.limits.maxExpandedBytes).toBe(100);
        await context.emitMember('a.txt', file.source.slice(0, 80));
        await context.emitMember('b.txt', file.source.slice(80, 80));
      },
    });
    const outcome = await run('big.stored', 'MARK'.repeat(40), [slicer, markerAnalyzer], { maxExpandedBytes: 100 });
    expect([outcome.status, outcome.reason]).toEqual(['scanned', undefined]);
    expect(outcome.findings.map((f) => f.location.member)).toEqual(['a.txt', 'b.txt']);
  });

  it('marks the file as an error when an analyzer throws, and keeps the other analyzers\' findings', async () => {
    const outcome = await run('x.txt', 'MARK\n', [throwing, markerAnalyzer]);
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toBe('broken analyzer failed: boom');
    expect(outcome.findings).toHaveLength(1);
  });

  it('refuses a report against a rule the analyzer does not own', async () => {
    const outcome = await run('y.txt', 'text\n', [foreignRule, markerAnalyzer]);
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toMatch(/rule marker\/found is not one of thief's rules/);
  });

  it('reports a file that vanished before analysis as an error, not as clean', async () => {
    const outcome = await analyzeFileTask(
      { path: 'gone.txt', absolutePath: join(root, 'gone.txt'), type: 'text', size: 1, analyzerIds: ['marker'] },
      { analyzers: [markerAnalyzer], settings: {}, limits: DEFAULT_LIMITS },
    );
    expect(outcome).toMatchObject({ status: 'error', reason: 'cannot open: ENOENT' });
  });
});
