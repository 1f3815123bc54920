/**
 * @module The shapes of the @huggingface/jinja AST nodes this analyzer looks at, described structurally (the
 * package does not export its node classes), plus a child walk and a printer that turns an expression back
 * into template-like text for evidence. Nothing here evaluates a template.
 */

export interface Node {
  readonly type: string;
}

export interface IdentifierNode extends Node {
  readonly type: 'Identifier';
  readonly value: string;
}
export interface StringNode extends Node {
  readonly type: 'StringLiteral';
  readonly value: string;
}
export interface NumberNode extends Node {
  readonly type: 'IntegerLiteral' | 'FloatLiteral';
  readonly value: number;
}
export interface ListNode extends Node {
  readonly type: 'ArrayLiteral' | 'TupleLiteral';
  readonly value: readonly Node[];
}
export interface MemberNode extends Node {
  readonly type: 'MemberExpression';
  readonly object: Node;
  readonly property: Node;
  readonly computed: boolean;
}
export interface CallNode extends Node {
  readonly type: 'CallExpression';
  readonly callee: Node;
  readonly args: readonly Node[];
}
export interface FilterNode extends Node {
  readonly type: 'FilterExpression';
  readonly operand: Node;
  readonly filter: Node;
}
export interface BinaryNode extends Node {
  readonly type: 'BinaryExpression';
  readonly operator: { readonly value: string };
  readonly left: Node;
  readonly right: Node;
}
export interface KeywordNode extends Node {
  readonly type: 'KeywordArgumentExpression';
  readonly key: IdentifierNode;
  readonly value: Node;
}
export interface SliceNode extends Node {
  readonly type: 'SliceExpression';
  readonly start?: Node;
  readonly stop?: Node;
  readonly step?: Node;
}
export interface SetNode extends Node {
  readonly type: 'Set';
  readonly assignee: Node;
  readonly value: Node | null;
  readonly body: readonly Node[];
}
export interface ForNode extends Node {
  readonly type: 'For';
  readonly loopvar: Node;
  readonly iterable: Node;
}
export interface MacroNode extends Node {
  readonly type: 'Macro';
  readonly name: IdentifierNode;
  readonly args: readonly Node[];
}
export interface TernaryNode extends Node {
  readonly type: 'Ternary';
  readonly condition: Node;
  readonly trueExpr: Node;
  readonly falseExpr: Node;
}

export const is = {
  identifier: (n: Node | undefined | null): n is IdentifierNode => n?.type === 'Identifier',
  string: (n: Node | undefined | null): n is StringNode => n?.type === 'StringLiteral',
  number: (n: Node | undefined | null): n is NumberNode => n?.type === 'IntegerLiteral' || n?.type === 'FloatLiteral',
  list: (n: Node | undefined | null): n is ListNode => n?.type === 'ArrayLiteral' || n?.type === 'TupleLiteral',
  member: (n: Node | undefined | null): n is MemberNode => n?.type === 'MemberExpression',
  call: (n: Node | undefined | null): n is CallNode => n?.type === 'CallExpression',
  filter: (n: Node | undefined | null): n is FilterNode => n?.type === 'FilterExpression',
  binary: (n: Node | undefined | null): n is BinaryNode => n?.type === 'BinaryExpression',
  keyword: (n: Node | undefined | null): n is KeywordNode => n?.type === 'KeywordArgumentExpression',
  slice: (n: Node | undefined | null): n is SliceNode => n?.type === 'SliceExpression',
  set: (n: Node | undefined | null): n is SetNode => n?.type === 'Set',
  for: (n: Node | undefined | null): n is ForNode => n?.type === 'For',
  macro: (n: Node | undefined | null): n is MacroNode => n?.type === 'Macro',
  ternary: (n: Node | undefined | null): n is TernaryNode => n?.type === 'Ternary',
};

/** Statement kinds: an expression directly under one of these is a root for evidence. */
export const STATEMENT_TYPES = new Set(['Program', 'If', 'For', 'Break', 'Continue', 'Set', 'Macro', 'Comment', 'FilterStatement', 'CallStatement']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Direct child nodes. `operator` holds a lexer token, not a node. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'operator' || key === 'type') continue;
    // No spread into push: an array literal may hold more items than a call takes arguments.
    const items: unknown[] = Array.isArray(value) ? value : value instanceof Map ? [...value].flat() : [value];
    for (const item of items) if (isNode(item)) out.push(item);
  }
  return out;
}

/** The name a filter or call is known by: `x|attr(...)` is `attr`, `a.b.format(...)` is `format`. */
export function calleeName(node: Node): string | undefined {
  const callee = is.call(node) ? node.callee : node;
  if (is.identifier(callee)) return callee.value;
  if (is.member(callee) && !callee.computed && is.identifier(callee.property)) return callee.property.value;
  return undefined;
}

export function filterArgs(filter: Node): readonly Node[] {
  return is.call(filter) ? filter.args : [];
}

const MAX_PRINT_DEPTH = 40;

/** An expression as compact template text, for evidence (shortened by the finding model). */
export function print(node: Node | null | undefined, depth = 0): string {
  if (!node) return '';
  if (depth > MAX_PRINT_DEPTH) return '...';
  const p = (n: Node | null | undefined) => print(n, depth + 1);
  if (is.identifier(node)) return node.value;
  if (is.string(node)) return `'${node.value.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}'`;
  if (is.number(node)) return String(node.value);
  if (is.list(node)) return node.type === 'ArrayLiteral' ? `[${node.value.map(p).join(', ')}]` : `(${node.value.map(p).join(', ')})`;
  if (is.member(node)) return node.computed ? `${p(node.object)}[${p(node.property)}]` : `${p(node.object)}.${p(node.property)}`;
  if (is.call(node)) return `${p(node.callee)}(${node.args.map(p).join(', ')})`;
  if (is.filter(node)) return `${p(node.operand)}|${p(node.filter)}`;
  if (is.binary(node)) return `${p(node.left)} ${node.operator.value} ${p(node.right)}`;
  if (is.keyword(node)) return `${p(node.key)}=${p(node.value)}`;
  if (is.slice(node)) return `${p(node.start)}:${p(node.stop)}${node.step ? `:${p(node.step)}` : ''}`;
  if (is.ternary(node)) return `${p(node.trueExpr)} if ${p(node.condition)} else ${p(node.falseExpr)}`;
  if (is.set(node)) return `set ${p(node.assignee)} = ${node.value ? p(node.value) : '...'}`;
  return children(node).map(p).join(' ');
}
