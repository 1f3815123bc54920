import { describe, expect, it } from 'vitest';
import { directiveApplies, parseInlineDirectives } from './inline.js';

describe('parseInlineDirectives', () => {
  it('reads directives in the comment styles of common languages, with their line and reason', () => {
    const text = [
      'import pickle',
      'x = pickle.load(f)  # aigis: ignore[code/pickle-load] cache written by us, never user input',
      '// aigis: ignore[a/b, c/*] reviewed in SEC-12',
      '/* aigis: ignore[a/b] generated file */',
      '<!-- aigis: ignore[security-docs/missing-threat-model] tracked in JIRA-7 -->',
      'y = 1 # aigis:ignore[a/b]',
    ].join('\n');
    expect(parseInlineDirectives(text)).toEqual([
      { line: 2, rules: ['code/pickle-load'], reason: 'cache written by us, never user input' },
      { line: 3, rules: ['a/b', 'c/*'], reason: 'reviewed in SEC-12' },
      { line: 4, rules: ['a/b'], reason: 'generated file' },
      { line: 5, rules: ['security-docs/missing-threat-model'], reason: 'tracked in JIRA-7' },
      { line: 6, rules: ['a/b'], reason: '' },
    ]);
  });

  it('finds nothing in text without directives', () => {
    expect(parseInlineDirectives('aigis: a scanner\nignore[this]')).toEqual([]);
  });

  it('applies to its own line and the next, for the named rules and analyzer wildcards', () => {
    const [directive] = parseInlineDirectives('\n\n# aigis: ignore[code/*] why');
    expect(directive!.line).toBe(3);
    expect(directiveApplies(directive!, 'code/eval', 3)).toBe(true);
    expect(directiveApplies(directive!, 'code/eval', 4)).toBe(true);
    expect(directiveApplies(directive!, 'code/eval', 5)).toBe(false);
    expect(directiveApplies(directive!, 'other/eval', 4)).toBe(false);
  });
});
