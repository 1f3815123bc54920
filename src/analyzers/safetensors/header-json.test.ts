import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderJsonError, MAX_JSON_DEPTH, asUsize, parseHeaderJson } from './header-json.js';

describe('parseHeaderJson', () => {
  it('keeps repeated members, key order and numbers as written', () => {
    const { value } = parseHeaderJson('{"w": {"data_offsets": [0, 18446744073709551615]}, "w": 1.5e3}   ');
    expect(value).toEqual({
      kind: 'object',
      members: [
        ['w', { kind: 'object', members: [['data_offsets', { kind: 'array', items: [{ kind: 'number', text: '0' }, { kind: 'number', text: '18446744073709551615' }] }]] }],
        ['w', { kind: 'number', text: '1.5e3' }],
      ],
    });
  });

  it('decodes escapes, surrogate pairs included, and notes lone surrogates that serde_json refuses', () => {
    expect(parseHeaderJson('"\\u005f\\u005fmetadata\\u005f\\u005f \\ud83d\\ude00 \\n"')).toEqual({ value: { kind: 'string', value: '__metadata__ 😀 \n' }, loneSurrogate: false });
    expect(parseHeaderJson('{"\\udc00": 1}').loneSurrogate).toBe(true);
  });

  it('refuses what RFC 8259 refuses: trailing garbage, comments, NaN, single quotes, control characters', () => {
    for (const text of ['{} x', '{"a": 1,}', '[1 2]', 'NaN', "{'a': 1}", '{"a": 01}', '"\u0001"', '{"a" 1}', '/* c */ {}', '{"a": tru}', '']) {
      expect(() => parseHeaderJson(text), JSON.stringify(text)).toThrow(HeaderJsonError);
    }
  });

  it('stops at serde_json\'s depth limit instead of the call stack', () => {
    expect(() => parseHeaderJson('['.repeat(MAX_JSON_DEPTH + 2) + ']'.repeat(MAX_JSON_DEPTH + 2))).toThrow(/nesting deeper/);
    expect(() => parseHeaderJson('['.repeat(1_000_000))).toThrow(HeaderJsonError);
  });

  it('agrees with JSON.parse on every valid document it is given', () => {
    const plain = (v: ReturnType<typeof parseHeaderJson>['value']): unknown => {
      switch (v.kind) {
        case 'null': return null;
        case 'bool': return v.value;
        case 'number': return Number(v.text);
        case 'string': return v.value;
        case 'array': return v.items.map(plain);
        case 'object': return Object.fromEntries(v.members.map(([k, m]) => [k, plain(m)]));
      }
    };
    fc.assert(fc.property(fc.json({ maxDepth: 6 }), (text) => {
      expect(plain(parseHeaderJson(text).value)).toEqual(JSON.parse(text));
    }), { numRuns: 1000 });
  });

  it('reads usize values as serde does: plain non-negative integers below 2^64', () => {
    expect(asUsize({ kind: 'number', text: '18446744073709551615' })).toBe(2n ** 64n - 1n);
    for (const text of ['18446744073709551616', '-1', '1.0', '1e3', '-0']) expect(asUsize({ kind: 'number', text })).toBeUndefined();
    expect(asUsize({ kind: 'string', value: '3' })).toBeUndefined();
  });
});
