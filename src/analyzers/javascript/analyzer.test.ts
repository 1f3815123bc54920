import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { analyzerClaims } from '../../core/analyzer.js';
import { grammarFor, javascriptAnalyzer, looksMinified } from './analyzer.js';

const AGENT = dedent(`
  import OpenAI from 'openai';
  import { exec } from 'node:child_process';

  const client = new OpenAI();

  export async function run<T extends string>(task: T): Promise<void> {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: task }] });
    const command = completion.choices[0]?.message.content ?? '';
    exec(command);
  }
`);

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

describe('javascript analyzer', () => {
  it('runs in the engine: sniffed scripts, settings from aigis.yaml and inline directives', async () => {
    const root = makeTree({
      'src/agent.ts': AGENT.replace('  exec(command);', '  // aigis: ignore[javascript/llm-output-to-shell] sandboxed runner\n  exec(command);'),
      'bin/agent': `#!/usr/bin/env node\n${AGENT.replace('<T extends string>', '').replace('task: T', 'task').replace(': Promise<void>', '')}`,
      'web/huge.js': `import OpenAI from 'openai';\n${'// padding line\n'.repeat(400)}`,
    });
    roots.push(root);
    const result = await scanTree(root, [javascriptAnalyzer], 'analyzers:\n  javascript:\n    maxFileBytes: 4096\n');
    const records = Object.fromEntries(result.files.map((file) => [file.path, [file.type, file.status]]));
    expect(records).toEqual({
      'bin/agent': ['javascript', 'scanned'],
      'src/agent.ts': ['typescript', 'scanned'],
      'web/huge.js': ['javascript', 'inconclusive'],
    });
    expect(result.findings.map((f) => [f.location.path, f.ruleId, f.location.startLine])).toEqual([
      ['bin/agent', 'javascript/llm-output-to-shell', 10],
      ['src/agent.ts', 'javascript/llm-output-to-shell', 10],
    ]);
    expect(result.directives.get('src/agent.ts')).toEqual([{ line: 9, rules: ['javascript/llm-output-to-shell'], reason: 'sandboxed runner' }]);
  });

  it('claims JavaScript and TypeScript files and picks the grammar by extension', () => {
    const claims = (path: string, type: 'javascript' | 'typescript' | 'python') => analyzerClaims(javascriptAnalyzer, { path, type, size: 10 }, {});
    expect([claims('a.js', 'javascript'), claims('a.mts', 'typescript'), claims('a.py', 'python')]).toEqual([true, true, false]);
    expect(['a.jsx', 'a.cjs', 'bin/tool', 'a.ts', 'a.cts', 'a.tsx', 'A.TSX'].map((p) => grammarFor(p, /\.[cm]?tsx?$/i.test(p) ? 'typescript' : 'javascript'))).toEqual([
      'javascript',
      'javascript',
      'javascript',
      'typescript',
      'typescript',
      'tsx',
      'tsx',
    ]);
  });

  it('parses TypeScript generics and type assertions with the typescript grammar, TSX with tsx', async () => {
    const ts = await runOnText(javascriptAnalyzer, 'agent.ts', 'typescript', `${AGENT}const n = <number>(<unknown>1);\n`);
    expect(ts.notes).toEqual([]);
    expect(ts.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['javascript/llm-output-to-shell', 9]]);
    const tsx = await runOnText(javascriptAnalyzer, 'Agent.tsx', 'typescript', `${AGENT}export const View = () => <pre>{String(client)}</pre>;\n`);
    expect(tsx.notes).toEqual([]);
    expect(tsx.findings).toHaveLength(1);
  });

  it('notes a syntax error and still analyses the rest of the file', async () => {
    const run = await runOnText(javascriptAnalyzer, 'broken.js', 'javascript', AGENT.replace('task: T', 'task').replace('<T extends string>', '').replace(': Promise<void>', '') + '\nfunction broken( {\n');
    expect(run.notes).toHaveLength(1);
    expect(run.notes[0]).toMatch(/^syntax error near line \d+/);
    expect(run.findings.map((f) => f.location.startLine)).toEqual([9]);
  });

  it('marks NUL-laden and oversized files inconclusive without parsing them', async () => {
    const nul = await runOnText(javascriptAnalyzer, 'x.js', 'javascript', `import OpenAI from 'openai';\u0000`);
    expect(nul.inconclusive[0]).toContain('NUL');
    const started = Date.now();
    // a 5 MB minified bundle: over the default 4 MiB cap
    const chunk = 'var a=function(e,t){return e.map(function(n){return n*t+"openai"})},b={c:1,d:[1,2,3]};';
    const bundle = chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length));
    const big = await runOnText(javascriptAnalyzer, 'dist/app.min.js', 'javascript', bundle);
    expect(big.inconclusive[0]).toMatch(/over the 4194304-byte limit/);
    expect(big.findings).toEqual([]);
    // 1.5 MB minified: under the cap but too slow to parse, so skipped with a reason
    const mid = await runOnText(javascriptAnalyzer, 'dist/vendor.js', 'javascript', bundle.slice(0, 1_500_000));
    expect(mid.inconclusive[0]).toMatch(/looks minified/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('skips files that mention no LLM SDK: nothing could be found in them', async () => {
    const run = await runOnText(javascriptAnalyzer, 'util.js', 'javascript', 'const { exec } = require("child_process");\nexec(process.argv[2]);\n');
    expect([run.findings, run.notes, run.inconclusive]).toEqual([[], [], []]);
    expect(looksMinified('x'.repeat(10_000))).toBe(true);
    expect(looksMinified('const x = 1;\n'.repeat(1000))).toBe(false);
  });

  it('survives deeply nested and pathological input', async () => {
    const deep = `import OpenAI from 'openai';\nconst x = ${'('.repeat(5000)}1${')'.repeat(5000)};\nconst y = ${'a + '.repeat(20000)}b;\nconst z = ${'['.repeat(3000)};\n`;
    const run = await runOnText(javascriptAnalyzer, 'deep.js', 'javascript', deep);
    expect(run.findings).toEqual([]);
    const chain = `import OpenAI from 'openai';\nconst c = new OpenAI();\nconst r = await c.responses.create({});\nlet t = r.output_text;\n${'t = t + "x";\n'.repeat(3000)}eval(t);\n`;
    const long = await runOnText(javascriptAnalyzer, 'chain.js', 'javascript', chain);
    expect(long.findings.map((f) => f.ruleId)).toEqual(['javascript/llm-output-to-code-execution']);
  });

  it('never throws on random or mutated input', async () => {
    const fragments = AGENT.split(/(?<=[\s;{}()])/);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.array(fc.constantFrom(...fragments, '`${', '}`', '/*', '*/', '<div>', '</', '=>', '"', "'", 'require(', 'import(', '\\', '\n'), { maxLength: 80 }).map((parts) => `import OpenAI from 'openai';\n${parts.join('')}`),
          fc.tuple(fc.nat(AGENT.length), fc.nat(AGENT.length), fc.string({ maxLength: 20 })).map(([a, b, s]) => AGENT.slice(0, Math.min(a, b)) + s + AGENT.slice(Math.max(a, b))),
        ),
        fc.constantFrom('x.js', 'x.ts', 'x.tsx'),
        async (text, path) => {
          const run = await runOnText(javascriptAnalyzer, path, path === 'x.js' ? 'javascript' : 'typescript', text);
          for (const finding of run.findings) expect((finding.evidence ?? '').length).toBeLessThanOrEqual(200);
        },
      ),
      { numRuns: 150 },
    );
  });
});
