import { describe, expect, it } from 'vitest';
import { PyLiteralError, parsePyLiteral, pyRepr } from './python-literal.js';

const parse = (text: string, allowLongSuffix = false) => parsePyLiteral(text, { allowLongSuffix });

describe('parsePyLiteral', () => {
  it('reads the header dict numpy writes', () => {
    const value = parse("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }   \n");
    expect(value.kind).toBe('dict');
    if (value.kind !== 'dict') return;
    expect([...value.entries.keys()]).toEqual(['descr', 'fortran_order', 'shape']);
    expect(pyRepr(value)).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4)}");
  });

  it('reads structured descriptors, one-element tuples, empty tuples and nested lists', () => {
    expect(pyRepr(parse("[('x', '<f4'), ('y', '<i8', (2,)), (('title', 'z'), '|O')]"))).toBe("[('x', '<f4'), ('y', '<i8', (2,)), (('title', 'z'), '|O')]");
    expect(pyRepr(parse('()'))).toBe('()');
    expect(pyRepr(parse('(7)'))).toBe('7'); // parentheses alone make no tuple
  });

  it('decodes string escapes and prefixes as Python does, and joins adjacent literals', () => {
    expect(parse("'\\x41\\u00e9\\101\\n'")).toEqual({ kind: 'str', value: 'AéA\n' });
    expect(parse("u'<f4'")).toEqual({ kind: 'str', value: '<f4' });
    expect(parse("r'\\d'")).toEqual({ kind: 'str', value: '\\d' });
    expect(parse("b'<f4'")).toEqual({ kind: 'bytes', value: '<f4' });
    expect(parse("'<' 'f4'")).toEqual({ kind: 'str', value: '<f4' });
    expect(parse("'\\q'")).toEqual({ kind: 'str', value: '\\q' });
  });

  it('reads integers in every Python spelling, exactly, and Python 2 longs only when allowed', () => {
    expect(parse('12_345')).toEqual({ kind: 'int', value: 12345n });
    expect(parse('0x10')).toEqual({ kind: 'int', value: 16n });
    expect(parse('0o17')).toEqual({ kind: 'int', value: 15n });
    expect(parse('- 3')).toEqual({ kind: 'int', value: -3n });
    expect(parse('18446744073709551617')).toEqual({ kind: 'int', value: 18446744073709551617n });
    expect(parse('(2L, 3L)', true)).toEqual({ kind: 'tuple', items: [{ kind: 'int', value: 2n }, { kind: 'int', value: 3n }] });
    expect(() => parse('(2L,)')).toThrow(PyLiteralError);
    expect(parse('1.5e3')).toEqual({ kind: 'float' });
  });

  it('keeps the last value of a repeated key, as Python does, and records the repetition', () => {
    const value = parse("{'descr': '<f4', 'descr': '|O'}");
    expect(value.kind === 'dict' && value.entries.get('descr')).toEqual({ kind: 'str', value: '|O' });
    expect(value.kind === 'dict' && value.repeatedKeys).toEqual(['descr']);
  });

  it('skips comments and continuation lines like the Python tokenizer', () => {
    expect(pyRepr(parse("{'a': 1, # note\n 'b': \\\n 2}"))).toBe("{'a': 1, 'b': 2}");
  });

  it('refuses anything that is not a literal, without evaluating it', () => {
    for (const text of ["{'a': os.system('x')}", '__import__', "{'a': 1", "'unterminated", '[1, 2', '{[1]: 2}', '1 + 2', "{'a': 1 'b': 2}", '', "'\\N{LOW LINE}'"]) {
      expect(() => parse(text), text).toThrow(PyLiteralError);
    }
  });

  it('bounds nesting depth instead of overflowing the stack', () => {
    expect(() => parse('('.repeat(10_000) + ')'.repeat(10_000))).toThrow(/nesting deeper/);
    expect(() => parse('['.repeat(200_000))).toThrow(PyLiteralError);
  });
});
