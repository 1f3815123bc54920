import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { githubActionsAnalyzer } from './analyzer.js';

const ownRules = new Set(githubActionsAnalyzer.rules.map((r) => r.id));
const run = (bytes: Uint8Array) => runAnalyzer(githubActionsAnalyzer, { path: '.github/workflows/ci.yml', type: 'yaml' }, bytes);

const WORKFLOW = Buffer.from(
  [
    'on:',
    '  pull_request_target:',
    'jobs:',
    '  build: &job',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          ref: ${{ github.event.pull_request.head.sha }}',
    '      - run: |',
    '          echo "${{ github.event.pull_request.title }}"',
    '      - uses: actions/github-script@v7',
    '        with:',
    '          script: console.log(`${{ github.event.comment.body }}`)',
    '  again: *job',
  ].join('\n'),
);

/** Workflow-shaped soup: keys, indentation, anchors, aliases, flow collections, expressions. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('on:', 'jobs:', 'steps:', 'uses:', 'run:', 'with:', 'ref:', 'script:', '- ', '  ', '\n', '&a ', '*a', '<<: ', '[', ']', '{', '}', ',', '|', '>-', '"', "'", '${{ ', ' }}', 'github.event.issue.title', 'github.head_ref', 'pull_request_target', 'actions/checkout@v4', 'docker://x', '@', '#', '%YAML 1.1\n', '---\n', '!!binary ', '?', ':'),
      fc.stringMatching(/^[a-z0-9_./-]{1,8}$/),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('github-actions analyzer on hostile input', () => {
  it('never throws, never hangs and reports only its own rules on soup, damaged workflows and arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(soup.map((s) => Buffer.from(s)), fc.tuple(fc.constant(WORKFLOW), mutations).map(([file, applied]) => mutate(file, applied)), fc.uint8Array({ maxLength: 300 })), async (bytes) => {
        const started = Date.now();
        const result = await run(bytes);
        expect(Date.now() - started).toBeLessThan(2000);
        for (const finding of result.findings) {
          expect(ownRules.has(finding.ruleId)).toBe(true);
          expect((finding.evidence ?? '').length).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives a billion-laughs alias bomb, deep nesting and a huge file quickly', async () => {
    const bomb = ['on: push', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) bomb.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const stepsBomb = ['on: push', 'x: &s', '  - uses: actions/checkout@v4', 'jobs:'];
    for (let i = 0; i < 1000; i++) stepsBomb.push(`  j${i}: {steps: *s}`);
    const inputs = [
      [...bomb, 'jobs:', '  big:', '    steps: *a11'].join('\n'),
      stepsBomb.join('\n'),
      'on: push\njobs: ' + '['.repeat(100_000) + ']'.repeat(100_000),
      'on: push\njobs:\n  a:\n    steps:\n' + '      - run: echo hi\n'.repeat(5_000),
      'on: push\njobs:\n  a:\n    steps:\n' + '      - run: echo hi\n'.repeat(20_000),
    ];
    const results = [];
    for (const text of inputs) {
      const started = Date.now();
      const result = await run(Buffer.from(text));
      expect(Date.now() - started).toBeLessThan(5000);
      results.push(result);
    }
    // The shared step is one node: reported once, however many jobs alias it.
    expect(results[1]!.findings).toHaveLength(1);
    // Past the size cap the file is not parsed, and says so.
    expect(results.map((r) => r.inconclusive.length)).toEqual([0, 0, 1, 0, 1]);
  });
});
