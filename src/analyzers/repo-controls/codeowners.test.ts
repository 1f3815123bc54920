import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { dedent } from '../../../test/support/run-text.js';
import { compilePattern, matchSegment, ownerRule, ownersOf, parseCodeowners, patternCovers } from './codeowners.js';

const covers = (pattern: string, path: string) => patternCovers(compilePattern(pattern)!, path);

describe('CODEOWNERS patterns', () => {
  it('anchors a pattern with a leading or inner slash, and lets a bare name match at any depth', () => {
    expect(covers('/models/', 'models/llm/weights.safetensors')).toBe(true);
    expect(covers('/models/', 'vendor/models/weights.safetensors')).toBe(false);
    expect(covers('src/prompts', 'src/prompts/system.txt')).toBe(true);
    expect(covers('src/prompts', 'app/src/prompts/system.txt')).toBe(false);
    expect(covers('prompts/', 'app/agents/prompts/triage.md')).toBe(true);
    expect(covers('prompts', 'prompts')).toBe(true);
  });

  it('matches a trailing-slash pattern against folders only', () => {
    expect(covers('data/', 'data')).toBe(false);
    expect(covers('data/', 'data/train.jsonl')).toBe(true);
    expect(covers('data', 'data')).toBe(true);
  });

  it("gives `docs/*` only the folder's direct children, as GitHub documents", () => {
    expect(covers('docs/*', 'docs/getting-started.md')).toBe(true);
    expect(covers('docs/*', 'docs/build-app/troubleshooting.md')).toBe(false);
    expect(covers('docs/**', 'docs/build-app/troubleshooting.md')).toBe(true);
    expect(covers('docs/**', 'docs')).toBe(false);
  });

  it('keeps `*` and `?` inside one segment and lets `**` span any number', () => {
    expect(covers('*.safetensors', 'models/a/b/model.safetensors')).toBe(true);
    expect(covers('/models/*.gguf', 'models/q4/model.gguf')).toBe(false);
    expect(covers('/models/**/*.gguf', 'models/q4/model.gguf')).toBe(true);
    expect(covers('/models/**/*.gguf', 'models/model.gguf')).toBe(true);
    expect(covers('**/logs', 'deep/down/logs/app.log')).toBe(true);
    expect(covers('model-?.bin', 'model-1.bin')).toBe(true);
    expect(covers('model-?.bin', 'model-10.bin')).toBe(false);
    expect(covers('*', '.github/workflows/ci.yml')).toBe(true);
  });

  it('takes a backslash-escaped character literally', () => {
    expect(covers('\\#notes.md', '#notes.md')).toBe(true);
    expect(covers('a\\*b', 'a*b')).toBe(true);
    expect(covers('a\\*b', 'axb')).toBe(false);
    expect(covers('my\\ prompts/', 'my prompts/x.txt')).toBe(true);
  });

  it('treats brackets, braces and parentheses as literal characters (GitHub supports no ranges)', () => {
    expect(covers('[abc].txt', '[abc].txt')).toBe(true);
    expect(covers('[abc].txt', 'a.txt')).toBe(false);
    expect(covers('{a,b}.txt', 'a.txt')).toBe(false);
    expect(covers('f(x).py', 'f(x).py')).toBe(true);
  });

  it('agrees with picomatch on ordinary patterns', () => {
    // The reference: the same anchoring and folder rules, with picomatch deciding each glob.
    const reference = (pattern: string, path: string): boolean => {
      let text = pattern;
      let directoryOnly = false;
      while (text.endsWith('/')) {
        text = text.slice(0, -1);
        directoryOnly = true;
      }
      const anchored = text.includes('/');
      text = text.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
      if (!anchored && text !== '**' && !text.startsWith('**/')) text = `**/${text}`;
      // gitignore: a trailing `/**` matches everything inside, which picomatch also lets match the folder.
      if (text.endsWith('/**')) text = `${text}/*`;
      const isMatch = picomatch(text, { dot: true });
      const parts = path.split('/');
      if (!directoryOnly && isMatch(path)) return true;
      if (!directoryOnly && text.endsWith('/*') && text !== '**/*') return false;
      if (!directoryOnly && text === '**/*') return isMatch(path);
      for (let depth = parts.length - 1; depth >= 1; depth--) if (isMatch(parts.slice(0, depth).join('/'))) return true;
      return false;
    };
    const segment = fc.constantFrom('a', 'b', '*', '?', 'a*', '*b', '**', 'a?b', 'x.a');
    const pattern = fc
      .tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([lead, segments, trail]) => `${lead ? '/' : ''}${segments.join('/')}${trail ? '/' : ''}`)
      .filter((p) => !/\*\*\/\*\*/.test(p) && p.replace(/\//g, '') !== '');
    const path = fc.array(fc.constantFrom('a', 'b', 'ab', 'ba', 'aab', 'x.a', '.a'), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(pattern, path, (p, s) => {
        expect([p, s, covers(p, s)]).toEqual([p, s, reference(p, s)]);
      }),
      { numRuns: 400 },
    );
  });

  it('matches hostile patterns in time linear-ish in the input, never by backtracking', () => {
    const start = Date.now();
    expect(matchSegment('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(255))).toBe(false);
    expect(covers('**/a/**/a/**/a/**/a/**/b', `${'a/'.repeat(500)}c`)).toBe(false);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe('parseCodeowners', () => {
  const file = dedent(`
    # Default owners for everything in the repo
    *                       @acme/platform

    # AI assets need the ML security team
    /models/                @acme/ml-security @alice
    /prompts/**/*.txt       @acme/ml-security  # inline comment
    \\#scratch.md            @bob
    data/                   ml-team@acme.example

    # Generated files have no owner
    /models/generated/

    !/models/public/        @acme/platform
    /docs/                  not-an-owner
  `);

  it('reads rules, owners, comments, escapes and e-mail owners, with line numbers', () => {
    const parsed = parseCodeowners(file);
    expect(parsed.rules.map((r) => [r.pattern, r.owners, r.line])).toEqual([
      ['*', ['@acme/platform'], 2],
      ['/models/', ['@acme/ml-security', '@alice'], 5],
      ['/prompts/**/*.txt', ['@acme/ml-security'], 6],
      ['\\#scratch.md', ['@bob'], 7],
      ['data/', ['ml-team@acme.example'], 8],
      ['/models/generated/', [], 11],
    ]);
    expect(parsed.skipped).toEqual([
      { line: 13, reason: 'negation (!) is not supported in CODEOWNERS' },
      { line: 14, reason: 'invalid owner not-an-owner' },
    ]);
    expect(parsed.skippedCount).toBe(2);
    expect(parsed.truncated).toBe(false);
  });

  it('lets the last matching pattern win, and a pattern without owners take ownership away', () => {
    const { rules } = parseCodeowners(file);
    expect(ownersOf(rules, 'models/llama/model.safetensors')).toEqual(['@acme/ml-security', '@alice']);
    expect(ownersOf(rules, 'models/generated/merged.safetensors')).toEqual([]);
    expect(ownerRule(rules, 'models/generated/merged.safetensors')?.line).toBe(11);
    expect(ownersOf(rules, 'prompts/support/system.txt')).toEqual(['@acme/ml-security']);
    // Not a .txt file: the catch-all is the last match.
    expect(ownersOf(rules, 'prompts/support/system.md')).toEqual(['@acme/platform']);
    expect(ownersOf(rules, 'services/rag/data/faq.jsonl')).toEqual(['ml-team@acme.example']);
    expect(ownersOf(rules, '#scratch.md')).toEqual(['@bob']);
  });

  it('gives nothing an owner when no pattern matches', () => {
    const { rules } = parseCodeowners('/docs/ @acme/docs\n');
    expect(ownersOf(rules, 'prompts/system.txt')).toEqual([]);
    expect(ownerRule(rules, 'prompts/system.txt')).toBeUndefined();
  });

  it('applies a GitLab section default owners to entries that name none', () => {
    const { rules } = parseCodeowners('[ML] @acme/ml\n/models/\n/docs/ @acme/docs\n');
    expect(ownersOf(rules, 'models/a.onnx')).toEqual(['@acme/ml']);
    expect(ownersOf(rules, 'docs/a.md')).toEqual(['@acme/docs']);
  });

  it('reads CRLF line ends', () => {
    const { rules } = parseCodeowners('/prompts/ @a\r\n/data/ @b\r\n');
    expect(rules.map((r) => [r.pattern, r.owners, r.line])).toEqual([['/prompts/', ['@a'], 1], ['/data/', ['@b'], 2]]);
  });

  it('never throws and finishes quickly on arbitrary text, and matches any pattern against any path', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 80 }), (text, path) => {
        const parsed = parseCodeowners(text);
        for (const rule of parsed.rules.slice(0, 20)) {
          const compiled = compilePattern(rule.pattern);
          if (compiled) patternCovers(compiled, path);
        }
        ownersOf(parsed.rules, path);
      }),
      { numRuns: 300 },
    );
    const lines = fc.array(
      fc.oneof(fc.constantFrom('*', '**', '/', '\\', '#', '!', '[', ']', ' ', '@a', '@o/t', 'a', '/x/', '*.py', '\t'), fc.string({ maxLength: 6 })),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(fc.array(lines.map((l) => l.join('')), { maxLength: 30 }), fc.array(fc.constantFrom('a', 'x', 'b.py', '*', '.'), { minLength: 1, maxLength: 8 }), (fileLines, segments) => {
        ownersOf(parseCodeowners(fileLines.join('\n')).rules, segments.join('/'));
      }),
      { numRuns: 300 },
    );
  });
});
