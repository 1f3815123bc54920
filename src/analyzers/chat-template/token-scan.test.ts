import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePythonEscapes, scanTokens } from './token-scan.js';

const escapes = (template: string) => [...scanTokens(template).escapes.keys()];

describe('scanTokens (the fallback for templates the parser cannot read)', () => {
  it('decodes Python string escapes as Jinja does', () => {
    expect(decodePythonEscapes('\\137\\x5f\\u005f\\U0000005f\\N{LOW LINE}\\n\\q')).toBe('_____\n\\q');
  });

  it('finds dangerous names in identifiers, escaped strings and strings joined across a region', () => {
    expect(escapes("{{ ().__class__.__base__ }}")).toEqual(['__class__', '__base__']);
    expect(escapes("{{ x['\\137\\137class\\137\\137'] }}")).toEqual(['__class__']);
    expect(escapes("{{ x|attr('__cla' ~ 'ss__') }}")).toEqual(['__class__']);
    expect(escapes("{{ '{0.__init__.__globals__}'.format(x) }}")).toEqual(['__init__', '__globals__']);
    expect(escapes('{{ self._TemplateReference__context }}')).toEqual(['_TemplateReference__context']);
  });

  it('ignores text, comments and raw blocks, which Jinja never evaluates', () => {
    expect(escapes('Python objects have __class__ and __dict__.{# x.__class__ #}{% raw %}{{ x.__class__ }}{% endraw %}{{ message.content }}')).toEqual([]);
  });

  it('reads an unterminated region or string to the end, conservatively', () => {
    expect(escapes("{{ 'unterminated ~ x.__globals__")).toEqual(['__globals__']);
    expect(escapes('{{ x }} {{ y.__globals__')).toEqual(['__globals__']);
  });

  it('flags attr with a computed name and private attributes as suspicious', () => {
    expect([...scanTokens('{{ x|attr(name) }}{{ m._raw }}').suspicious.keys()]).toEqual(['|attr(...) with a name computed at render time', "private attribute '._raw'"]);
    expect([...scanTokens("{{ x|attr('content') }}").suspicious.keys()]).toEqual([]);
  });

  it('never throws and stays linear on any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => void scanTokens(text)), { numRuns: 2000 });
    const started = Date.now();
    scanTokens(`{{ ${"'a' ~ ".repeat(200_000)} }}` + '{{ x }}'.repeat(100_000));
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
