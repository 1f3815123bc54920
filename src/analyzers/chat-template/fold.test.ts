import { parse, tokenize } from '@huggingface/jinja';
import { describe, expect, it } from 'vitest';
import type { Node } from './ast.js';
import { print } from './ast.js';
import { allNodes, bindVariables } from './bindings.js';
import { Folder, stringsOf } from './fold.js';

/** Folds the last `{{ ... }}` of a template, with the template's variables bound. */
function fold(template: string) {
  const program = parse(tokenize(template)) as unknown as Node & { body: Node[] };
  const folder = new Folder(bindVariables(allNodes(program)));
  const value = folder.fold(program.body.at(-1)!);
  return { ...stringsOf(value), built: value.built, unknown: value.unknown };
}

describe('Folder', () => {
  it.each([
    ["{{ '__cla' ~ 'ss__' }}", '__class__'],
    ["{{ '__cla' + 'ss__' }}", '__class__'],
    ["{{ '_' * 2 ~ 'init' ~ 2 * '_' }}", '__init__'],
    ["{{ '%s%sclass%s%s' % ('_', '_', '_', '_') }}", '__class__'],
    ["{{ '%s%sclass%s%s'|format('_', '_', '_', '_') }}", '__class__'],
    ["{{ '{}{}class{}{}'.format('_', '_', '_', '_') }}", '__class__'],
    ["{{ ['__', 'class', '__']|join }}", '__class__'],
    ["{{ ''.join(['__', 'class', '__']) }}", '__class__'],
    ["{{ ['_', '_class_', '_']|join('') }}", '__class__'],
    ["{{ 'XXclassXX'|replace('X', '_') }}", '__class__'],
    ["{{ '__CLASS__'|lower }}", '__class__'],
    ["{{ '__ssalc__'|reverse }}", '__class__'],
    ["{{ '__ssalc__'[::-1] }}", '__class__'],
    ["{{ 'a__class__b'[1:-1] }}", '__class__'],
    ["{{ ['x', '__class__']|last }}", '__class__'],
    ["{{ ['x', '__class__'][1] }}", '__class__'],
    ["{{ undefined_name|default('__class__') }}", '__class__'],
    ["{% set a = '__cla' %}{% set b = a ~ 'ss__' %}{{ b }}", '__class__'],
    ["{% set ns = namespace(p='__glo') %}{{ ns.p ~ 'bals__' }}", '__globals__'],
    ['{% set a %}__cla{% endset %}{{ a ~ "ss__" }}', '__class__'],
    ["{% macro m(x='__cla') %}{% endmacro %}{{ x ~ 'ss__' }}", '__class__'],
    ["{% macro m(x) %}{% endmacro %}{{ m('__init__') }}{{ x }}", '__init__'],
    ["{% for p in ['__init__'] %}{% endfor %}{{ p }}", '__init__'],
    ["{{ 'a' if cond else '__class__' }}", '__class__'],
    ["{{ '%c%cclass%c%c' % (95, 95, 95, 95) }}", '__class__'],
  ])('resolves %s', (template, expected) => {
    expect(fold(template).strings).toContain(expected);
  });

  it('marks values produced by an operation as built, literals and plain variables as not', () => {
    expect(fold("{{ 'x' }}")).toMatchObject({ built: false, unknown: false });
    expect(fold("{{ 'x' ~ 'y' }}")).toMatchObject({ built: true, strings: ['xy'] });
    expect(fold('{{ message.role }}')).toMatchObject({ built: false, unknown: true });
    expect(fold("{{ message.role ~ 'x' }}")).toMatchObject({ built: true, unknown: true });
  });

  it('gives up with an unknown, built value past its caps instead of growing without bound', () => {
    expect(fold("{{ 'a' * 100000 }}")).toMatchObject({ strings: [], unknown: true, built: true });
    const many = `{{ (${Array.from({ length: 20 }, (_, i) => `'${i}' if c${i} else '${i}x'`).join(') ~ (')}) }}`;
    expect(fold(many)).toMatchObject({ unknown: true, built: true });
    const chain = `{{ ${Array.from({ length: 5000 }, () => "'a'").join(' ~ ')} }}`;
    expect(fold(chain)).toMatchObject({ unknown: true, built: true });
  });

  it('accumulates a loop variable one step, and says more steps are unknown', () => {
    const value = fold("{% set ns = namespace(n='') %}{% for c in ['a', 'b'] %}{% set ns.n = ns.n ~ c %}{% endfor %}{{ ns.n }}");
    expect(value.strings).toEqual(expect.arrayContaining(['', 'a', 'b']));
    expect(value.unknown).toBe(true);
  });

  it('prints expressions back as template text for evidence', () => {
    const program = parse(tokenize("{{ ''.__class__.__mro__[1]|attr('x')(a, k=2) ~ -1 }}")) as unknown as Node & { body: Node[] };
    expect(print(program.body[0])).toBe("''.__class__.__mro__[1]|attr('x')(a, k=2) ~ -1");
  });
});
