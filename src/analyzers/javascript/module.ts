/**
 * @module What rules need to know about one JavaScript or TypeScript module, computed once from its syntax tree:
 * which names its imports bind (`import`, `import * as`, `require`, destructured `require`, `await import()`),
 * where each local name is declared (function scopes; blocks are folded into their function), what values are
 * bound to it, and every call and `new` with its callee resolved to a dotted name such as
 * `openai().chat.completions.create` or `child_process.exec`. Resolution is lexical and flow-insensitive:
 * it sees through aliases, destructuring, `const client = new OpenAI()`, `this.client = ...` and class fields.
 *
 * Naming: a module's default or namespace import is the module name (`openai`, `child_process`), a named
 * import is `module.name`, and `()` marks a call or `new` on the way (`openai.OpenAI().chat`). `node:` prefixes
 * are dropped. A name declared nowhere in the file resolves to itself (a global such as `eval` or `fetch`).
 */
import type { SyntaxNode } from '../../parsers/tree-sitter.js';

const MAX_RESOLVE_DEPTH = 24;

/** What a declaration binds a name to. */
export type Binding =
  /** `const x = value`, `x = value`, `x += value`; `prop` set for a destructured property (`const { a } = v`). */
  | { readonly kind: 'value'; readonly node: SyntaxNode; readonly value: SyntaxNode; readonly prop?: string; readonly op?: string }
  /** A function's parameter (its index in the parameter list). */
  | { readonly kind: 'param'; readonly node: SyntaxNode; readonly fn: SyntaxNode; readonly index: number; readonly type?: SyntaxNode }
  /** `for (const x of iterable)`. */
  | { readonly kind: 'iter'; readonly node: SyntaxNode; readonly value: SyntaxNode }
  /** `const [value, setValue] = useState(initial)`: the value is whatever the setter is called with. */
  | { readonly kind: 'state'; readonly node: SyntaxNode; readonly initial: SyntaxNode | undefined; readonly setter: SyntaxNode }
  /** `function f() {}` or `class C {}`. */
  | { readonly kind: 'function'; readonly node: SyntaxNode; readonly fn: SyntaxNode }
  /** An import: `target` is the resolved name. */
  | { readonly kind: 'import'; readonly node: SyntaxNode; readonly target: string };

export interface CallSite {
  /** A `call_expression` or `new_expression`. */
  readonly node: SyntaxNode;
  readonly isNew: boolean;
  /** The callee expression (the function or constructor). */
  readonly callee: SyntaxNode | undefined;
  /** The callee resolved through imports and bindings; undefined if unknown. */
  readonly resolved: string | undefined;
  /** The callee as written, e.g. `client.chat.completions.create`. */
  readonly calleeText: string;
  /** Argument expressions; a tagged template has its template as the one argument. */
  readonly args: readonly SyntaxNode[];
  readonly taggedTemplate: boolean;
}

export interface JsModule {
  readonly root: SyntaxNode;
  /** Modules imported anywhere (normalised: no `node:` prefix). */
  readonly importedModules: ReadonlySet<string>;
  readonly calls: readonly CallSite[];
  /** `left = right` and `left op= right` expressions. */
  readonly assignments: readonly SyntaxNode[];
  readonly jsxAttributes: readonly SyntaxNode[];
  /** Class declarations and expressions. */
  readonly classes: readonly SyntaxNode[];
  /** Function-like node id -> the expressions it returns (an arrow's expression body included). */
  readonly returns: ReadonlyMap<number, readonly SyntaxNode[]>;
  /** Function-like node id -> the calls that call it by name. */
  readonly callersOf: ReadonlyMap<number, readonly CallSite[]>;
  /** The call site for a call or new node id. */
  readonly callAt: ReadonlyMap<number, CallSite>;
  /** The key of the declaration an identifier refers to, or undefined when it is declared nowhere in the file. */
  declarationOf(identifier: SyntaxNode): string | undefined;
  bindingsOf(key: string): readonly Binding[];
  /** The dotted name an expression denotes, through imports and bindings; undefined when not known. */
  resolve(node: SyntaxNode): string | undefined;
}

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function',
  'generator_function_declaration',
]);

export function isFunctionNode(node: SyntaxNode | null | undefined): boolean {
  return !!node && FUNCTION_TYPES.has(node.type);
}

const CONTAINER_WRITES = new Set(['push', 'unshift', 'splice', 'set', 'add', 'append', 'write']);

const WRAPPERS = new Set(['parenthesized_expression', 'await_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

/** The expression inside parentheses, `await`, `as T`, `x!` and `<T>x`. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (let i = 0; i < 32 && WRAPPERS.has(current.type); i++) {
    const inner = current.type === 'type_assertion' ? current.namedChildren[current.namedChildCount - 1] : current.namedChildren[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** Module specifier normalised: `node:fs` -> `fs`. */
export function normaliseModule(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

/** A string literal's value (a template without substitutions included); undefined for anything else. */
export function stringValue(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') {
    let text = '';
    for (const part of node.namedChildren) if (part) text += part.type === 'escape_sequence' ? unescape(part.text) : part.text;
    return text;
  }
  if (node.type === 'template_string') {
    let text = '';
    for (const part of node.namedChildren) {
      if (!part) continue;
      if (part.type === 'template_substitution') return undefined;
      text += part.type === 'escape_sequence' ? unescape(part.text) : part.text;
    }
    return text;
  }
  if (node.type === 'parenthesized_expression') {
    const inner = unwrap(node);
    return inner === node ? undefined : stringValue(inner);
  }
  return undefined;
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
  const char = sequence.slice(1);
  return simple[char] ?? (char.length === 1 ? char : sequence);
}

/** The value of `key` in an object literal `{ key: value }` (shorthand `{ key }` gives the identifier). */
export function objectProperty(object: SyntaxNode | null | undefined, key: string): SyntaxNode | undefined {
  if (!object || object.type !== 'object') return undefined;
  let found: SyntaxNode | undefined;
  for (const entry of object.namedChildren) {
    if (!entry) continue;
    if (entry.type === 'pair') {
      const name = entry.childForFieldName('key');
      if (name && propertyName(name) === key) found = entry.childForFieldName('value') ?? undefined;
    } else if (entry.type === 'shorthand_property_identifier' && entry.text === key) {
      found = entry;
    }
  }
  return found;
}

/** The name of a property key: `a`, `'a'`, `"a"`; undefined for computed keys. */
export function propertyName(key: SyntaxNode): string | undefined {
  if (key.type === 'property_identifier' || key.type === 'identifier' || key.type === 'private_property_identifier') return key.text;
  return stringValue(key);
}

/** Every identifier a binding pattern declares, with the property it takes (for `{ a: b }`, b takes a). */
function patternNames(pattern: SyntaxNode, out: { name: SyntaxNode; prop?: string }[], prop?: string, depth = 0): void {
  if (depth > 32) return;
  switch (pattern.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      out.push({ name: pattern, prop: prop ?? (pattern.type === 'shorthand_property_identifier_pattern' ? pattern.text : undefined) });
      return;
    case 'object_pattern':
      for (const entry of pattern.namedChildren) {
        if (!entry) continue;
        if (entry.type === 'shorthand_property_identifier_pattern') out.push({ name: entry, prop: entry.text });
        else if (entry.type === 'pair_pattern') {
          const key = entry.childForFieldName('key');
          const value = entry.childForFieldName('value');
          if (value) patternNames(value, out, key ? propertyName(key) : undefined, depth + 1);
        } else patternNames(entry, out, undefined, depth + 1);
      }
      return;
    case 'object_assignment_pattern': {
      const left = pattern.childForFieldName('left');
      if (left) patternNames(left, out, left.type === 'shorthand_property_identifier_pattern' ? left.text : prop, depth + 1);
      return;
    }
    case 'assignment_pattern': {
      const left = pattern.childForFieldName('left');
      if (left) patternNames(left, out, prop, depth + 1);
      return;
    }
    case 'array_pattern':
    case 'rest_pattern':
      for (const entry of pattern.namedChildren) if (entry) patternNames(entry, out, undefined, depth + 1);
      return;
    case 'required_parameter':
    case 'optional_parameter': {
      const inner = pattern.childForFieldName('pattern');
      if (inner) patternNames(inner, out, prop, depth + 1);
      return;
    }
    default:
      return;
  }
}

/** The named type of a TypeScript parameter (`OpenAI`, `openai.OpenAI`), if it is a plain type reference. */
function declaredType(param: SyntaxNode): SyntaxNode | undefined {
  const annotation = param.childForFieldName('type');
  const type = annotation?.type === 'type_annotation' ? annotation.namedChildren[0] : undefined;
  return type && (type.type === 'type_identifier' || type.type === 'nested_type_identifier') ? type : undefined;
}

/** Builds the module model. `root` must stay alive while the model is used. */
export function buildJsModule(root: SyntaxNode): JsModule {
  const importedModules = new Set<string>();
  const bindings = new Map<string, Binding[]>();
  // `this.client`, `state.x`: member paths assigned in the file
  const memberBindings = new Map<string, SyntaxNode[]>();
  const callNodes: SyntaxNode[] = [];
  const assignments: SyntaxNode[] = [];
  const jsxAttributes: SyntaxNode[] = [];
  const classes: SyntaxNode[] = [];
  const returns = new Map<number, SyntaxNode[]>();
  // scope node id -> names declared in it
  const declared = new Map<number, Set<string>>();
  // declarations are recorded after the walk, once every scope's names are known
  const pending: { scope: SyntaxNode; name: string; binding: Binding }[] = [];
  const pendingAssignments: { at: SyntaxNode; name: string; binding: Binding }[] = [];

  const declare = (scope: SyntaxNode, name: string, binding: Binding) => {
    let names = declared.get(scope.id);
    if (!names) declared.set(scope.id, (names = new Set()));
    names.add(name);
    pending.push({ scope, name, binding });
  };

  /** Records what one node declares, binds or is; returns false when its children need no visit. */
  const visit = (node: SyntaxNode, scope: SyntaxNode): boolean => {
    switch (node.type) {
      case 'import_statement': {
        const source = stringValue(node.childForFieldName('source'));
        if (source === undefined) break;
        const module = normaliseModule(source);
        importedModules.add(module);
        const clause = node.namedChildren.find((child) => child?.type === 'import_clause');
        for (const part of clause?.namedChildren ?? []) {
          if (!part) continue;
          if (part.type === 'identifier') declare(root, part.text, { kind: 'import', node: part, target: module });
          else if (part.type === 'namespace_import') {
            const name = part.namedChildren[0];
            if (name) declare(root, name.text, { kind: 'import', node: name, target: module });
          } else if (part.type === 'named_imports') {
            for (const spec of part.namedChildren) {
              if (!spec || spec.type !== 'import_specifier') continue;
              const name = spec.childForFieldName('name');
              const alias = spec.childForFieldName('alias') ?? name;
              const imported = name ? propertyName(name) : undefined;
              if (alias && imported !== undefined) declare(root, alias.text, { kind: 'import', node: alias, target: imported === 'default' ? module : `${module}.${imported}` });
            }
          }
        }
        return false;
      }
      case 'call_expression':
      case 'new_expression': {
        callNodes.push(node);
        const fn = node.childForFieldName('function');
        if (fn && (fn.type === 'import' || (fn.type === 'identifier' && fn.text === 'require'))) {
          const name = stringValue(node.childForFieldName('arguments')?.namedChildren[0]);
          if (name !== undefined) importedModules.add(normaliseModule(name));
        }
        // `parts.push(x)`, `lines.unshift(x)`, `map.set(k, x)`: the container now holds x
        if (fn?.type === 'member_expression') {
          const object = fn.childForFieldName('object');
          const method = fn.childForFieldName('property')?.text;
          if (object?.type === 'identifier' && method !== undefined && CONTAINER_WRITES.has(method)) {
            for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
              if (arg && arg.type !== 'comment') pendingAssignments.push({ at: object, name: object.text, binding: { kind: 'value', node: object, value: arg, op: 'write' } });
            }
          }
        }
        break;
      }
      case 'variable_declarator': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        const stateSetter = name?.type === 'array_pattern' && value?.type === 'call_expression' && /(?:^|\.)useState$/.test(value.childForFieldName('function')?.text ?? '') ? name.namedChildren[1] : undefined;
        const stateValue = stateSetter ? name?.namedChildren[0] : undefined;
        if (stateSetter?.type === 'identifier' && stateValue?.type === 'identifier') {
          declare(scope, stateValue.text, { kind: 'state', node: stateValue, initial: value!.childForFieldName('arguments')?.namedChildren[0] ?? undefined, setter: stateSetter });
          declare(scope, stateSetter.text, { kind: 'value', node: stateSetter, value: stateSetter });
        } else if (name) {
          const names: { name: SyntaxNode; prop?: string }[] = [];
          patternNames(name, names);
          for (const entry of names) {
            if (value) declare(scope, entry.name.text, { kind: 'value', node: entry.name, value, ...(entry.prop !== undefined && name.type !== 'identifier' ? { prop: entry.prop } : {}) });
            else declare(scope, entry.name.text, { kind: 'value', node: entry.name, value: entry.name });
          }
        }
        break;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'class_declaration': {
        if (node.type === 'class_declaration') classes.push(node);
        const name = node.childForFieldName('name');
        if (name) declare(scope, name.text, { kind: 'function', node: name, fn: node });
        break;
      }
      case 'public_field_definition':
      case 'field_definition': {
        const name = node.childForFieldName('name') ?? node.childForFieldName('property');
        const value = node.childForFieldName('value');
        if (name && value) {
          const key = `this.${name.text}`;
          const list = memberBindings.get(key) ?? [];
          list.push(value);
          memberBindings.set(key, list);
        }
        break;
      }
      case 'assignment_expression':
      case 'augmented_assignment_expression': {
        assignments.push(node);
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) {
          const op = node.type === 'augmented_assignment_expression' ? 'augmented' : undefined;
          if (left.type === 'identifier') pendingAssignments.push({ at: left, name: left.text, binding: { kind: 'value', node: left, value: right, ...(op ? { op } : {}) } });
          else if (left.type === 'member_expression') {
            const list = memberBindings.get(left.text) ?? [];
            list.push(right);
            memberBindings.set(left.text, list);
          } else if (left.type === 'object_pattern' || left.type === 'array_pattern') {
            const names: { name: SyntaxNode; prop?: string }[] = [];
            patternNames(left, names);
            for (const entry of names) pendingAssignments.push({ at: entry.name, name: entry.name.text, binding: { kind: 'value', node: entry.name, value: right } });
          }
        }
        break;
      }
      case 'for_in_statement': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.text;
        if (left && right) {
          const names: { name: SyntaxNode; prop?: string }[] = [];
          patternNames(left, names);
          const isDeclaration = node.childForFieldName('kind') !== null;
          for (const entry of names) {
            const binding: Binding = operator === 'in' ? { kind: 'value', node: entry.name, value: entry.name } : { kind: 'iter', node: entry.name, value: right };
            if (isDeclaration) declare(scope, entry.name.text, binding);
            else pendingAssignments.push({ at: entry.name, name: entry.name.text, binding });
          }
        }
        break;
      }
      case 'catch_clause': {
        const parameter = node.childForFieldName('parameter');
        if (parameter) {
          const names: { name: SyntaxNode; prop?: string }[] = [];
          patternNames(parameter, names);
          for (const entry of names) declare(scope, entry.name.text, { kind: 'value', node: entry.name, value: entry.name });
        }
        break;
      }
      case 'jsx_attribute':
        jsxAttributes.push(node);
        break;
      case 'class':
        classes.push(node);
        break;
      case 'return_statement': {
        const value = node.namedChildren[0];
        if (value) {
          const fn = scope;
          const list = returns.get(fn.id) ?? [];
          list.push(value);
          returns.set(fn.id, list);
        }
        break;
      }
    }
    if (isFunctionNode(node)) {
      const params = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
      if (params) {
        const list = params.type === 'formal_parameters' ? params.namedChildren : [params];
        let index = 0;
        for (const param of list) {
          if (!param || param.type === 'comment') continue;
          const names: { name: SyntaxNode; prop?: string }[] = [];
          patternNames(param, names);
          // TypeScript: `client: OpenAI` says what the parameter is; `private client: OpenAI` also sets this.client
          const type = param.type === 'required_parameter' || param.type === 'optional_parameter' ? declaredType(param) : undefined;
          const pattern = param.childForFieldName('pattern') ?? param;
          for (const entry of names) {
            const isWhole = entry.name === pattern || entry.name.id === pattern.id;
            declare(node, entry.name.text, { kind: 'param', node: entry.name, fn: node, index, ...(type && isWhole ? { type } : {}) });
          }
          if (pattern.type === 'identifier' && (param.namedChildren.some((child) => child?.type === 'accessibility_modifier') || /^readonly\s/.test(param.text))) {
            const key = `this.${pattern.text}`;
            const list = memberBindings.get(key) ?? [];
            list.push(pattern);
            memberBindings.set(key, list);
          }
          index++;
        }
      }
      if (node.type === 'arrow_function') {
        const body = node.childForFieldName('body');
        if (body && body.type !== 'statement_block') returns.set(node.id, [body]);
      }
      if (node.type === 'function_expression' || node.type === 'function') {
        // a named function expression binds its own name inside itself
        const name = node.childForFieldName('name');
        if (name) declare(node, name.text, { kind: 'function', node: name, fn: node });
      }
      if (node.type === 'method_definition') {
        const name = node.childForFieldName('name');
        if (name) {
          const key = `this.${name.text}`;
          const list = memberBindings.get(key) ?? [];
          list.push(node);
          memberBindings.set(key, list);
        }
      }
    }
    return true;
  };

  // A cursor walk: only the node types above are materialised, and the scope stack follows the depth.
  const INTERESTING = new Set([
    'import_statement', 'call_expression', 'new_expression', 'variable_declarator', 'function_declaration',
    'generator_function_declaration', 'class_declaration', 'public_field_definition', 'field_definition',
    'assignment_expression', 'augmented_assignment_expression', 'for_in_statement', 'catch_clause', 'jsx_attribute',
    'return_statement', 'class', ...FUNCTION_TYPES,
  ]);
  // Function scopes in document order, each with its enclosing scope: names are looked up by position, so
  // no parent pointer (slow in tree-sitter) is ever followed.
  const scopeList: { id: number; start: number; end: number; parent: number }[] = [{ id: root.id, start: 0, end: Number.MAX_SAFE_INTEGER, parent: -1 }];
  const cursor = root.walk();
  try {
    const scopes: { node: SyntaxNode; depth: number; index: number }[] = [{ node: root, depth: -1, index: 0 }];
    let depth = 0;
    outer: for (;;) {
      const type = cursor.nodeType;
      let descend = true;
      if (cursor.nodeIsNamed && INTERESTING.has(type)) {
        const node = cursor.currentNode;
        descend = visit(node, scopes[scopes.length - 1]!.node);
        if (FUNCTION_TYPES.has(type)) {
          scopeList.push({ id: node.id, start: node.startIndex, end: node.endIndex, parent: scopes[scopes.length - 1]!.index });
          scopes.push({ node, depth, index: scopeList.length - 1 });
        }
      }
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      for (;;) {
        while (scopes.length > 1 && scopes[scopes.length - 1]!.depth >= depth) scopes.pop();
        if (cursor.gotoNextSibling()) continue outer;
        if (!cursor.gotoParent()) break outer;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
  callNodes.sort((a, b) => a.startIndex - b.startIndex);

  const lookupCache = new Map<number, string | undefined>();
  const declarationOf = (identifier: SyntaxNode): string | undefined => {
    const cached = lookupCache.get(identifier.id);
    if (cached !== undefined || lookupCache.has(identifier.id)) return cached;
    const at = identifier.startIndex;
    const name = identifier.text;
    // the last scope starting at or before the name, then outwards to the innermost one that contains it
    let low = 0;
    let high = scopeList.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (scopeList[middle]!.start <= at) low = middle;
      else high = middle - 1;
    }
    let index = low;
    while (index > 0 && !(scopeList[index]!.start <= at && at < scopeList[index]!.end)) index = scopeList[index]!.parent;
    let key: string | undefined;
    // a function's parameters belong to it, so the innermost scope is searched first
    for (; index >= 0; index = scopeList[index]!.parent) {
      const scope = scopeList[index]!;
      if (declared.get(scope.id)?.has(name)) {
        key = `${scope.id}:${name}`;
        break;
      }
    }
    lookupCache.set(identifier.id, key);
    return key;
  };

  for (const { scope, name, binding } of pending) {
    const key = `${scope.id}:${name}`;
    const list = bindings.get(key) ?? [];
    list.push(binding);
    bindings.set(key, list);
  }
  for (const { at, name, binding } of pendingAssignments) {
    const key = declarationOf(at) ?? `global:${name}`;
    const list = bindings.get(key) ?? [];
    list.push(binding);
    bindings.set(key, list);
  }

  const resolving = new Set<string>();
  const resolveBindings = (key: string, values: readonly (() => string | undefined)[]): string | undefined => {
    if (resolving.has(key)) return undefined;
    resolving.add(key);
    try {
      let agreed: string | undefined;
      for (const value of values) {
        const resolved = value();
        if (resolved === undefined || (agreed !== undefined && agreed !== resolved)) return undefined;
        agreed = resolved;
      }
      return agreed;
    } finally {
      resolving.delete(key);
    }
  };

  const resolveAt = (node: SyntaxNode, depth: number): string | undefined => {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    switch (node.type) {
      case 'identifier': {
        const key = declarationOf(node);
        if (key === undefined) {
          const assigned = bindings.get(`global:${node.text}`)?.filter((binding) => binding.kind !== 'value' || binding.op !== 'write');
          if (assigned?.length) return undefined;
          return node.text;
        }
        // writes into a container (`x.push(v)`) do not change what x is
        const list = (bindings.get(key) ?? []).filter((binding) => binding.kind !== 'value' || binding.op !== 'write');
        if (list.length === 0) return undefined;
        return resolveBindings(
          key,
          list.map((binding) => () => {
            if (binding.kind === 'import') return binding.target;
            if (binding.kind === 'param') {
              const base = binding.type ? resolveAt(binding.type, depth + 1) : undefined;
              return base === undefined ? undefined : `${base}()`;
            }
            if (binding.kind !== 'value' || binding.value === binding.node || binding.op) return undefined;
            const base = resolveAt(binding.value, depth + 1);
            if (base === undefined) return undefined;
            return binding.prop === undefined ? base : `${base}.${binding.prop}`;
          }),
        );
      }
      case 'member_expression': {
        const assigned = memberBindings.get(node.text);
        if (assigned) {
          const direct = resolveBindings(node.text, assigned.map((value) => () => (isFunctionNode(value) ? undefined : resolveAt(value, depth + 1))));
          if (direct !== undefined) return direct;
        }
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property) return undefined;
        const base = resolveAt(object, depth + 1);
        if (base === undefined) return undefined;
        if (base === 'window' || base === 'globalThis' || base === 'self' || base === 'global') return property.text;
        return `${base}.${property.text}`;
      }
      case 'subscript_expression': {
        const index = stringValue(node.childForFieldName('index'));
        const object = node.childForFieldName('object');
        if (index === undefined || !object) return undefined;
        const base = resolveAt(object, depth + 1);
        if (base === undefined) return undefined;
        if (base === 'window' || base === 'globalThis' || base === 'self' || base === 'global') return index;
        return `${base}.${index}`;
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        if (!fn) return undefined;
        const args = node.childForFieldName('arguments');
        if (fn.type === 'import' || (fn.type === 'identifier' && fn.text === 'require' && declarationOf(fn) === undefined)) {
          const name = stringValue(args?.namedChildren[0]);
          return name === undefined ? undefined : normaliseModule(name);
        }
        const base = resolveAt(fn, depth + 1);
        if (base === undefined) return undefined;
        // promisify(exec) is exec
        if (base === 'util.promisify') {
          const inner = args?.namedChildren[0];
          return inner ? resolveAt(inner, depth + 1) : undefined;
        }
        return `${base}()`;
      }
      case 'new_expression': {
        const ctor = node.childForFieldName('constructor');
        const base = ctor ? resolveAt(ctor, depth + 1) : undefined;
        return base === undefined ? undefined : `${base}()`;
      }
      case 'this':
        return undefined;
      case 'type_identifier': {
        const key = declarationOf(node);
        const imported = key ? (bindings.get(key) ?? []).find((binding) => binding.kind === 'import') : undefined;
        return imported?.kind === 'import' ? imported.target : undefined;
      }
      case 'nested_type_identifier': {
        const module = node.childForFieldName('module');
        const name = node.childForFieldName('name');
        const base = module ? resolveAt(module, depth + 1) : undefined;
        return base === undefined || !name ? undefined : `${base}.${name.text}`;
      }
      default: {
        if (WRAPPERS.has(node.type)) {
          const inner = unwrap(node);
          return inner === node ? undefined : resolveAt(inner, depth + 1);
        }
        return undefined;
      }
    }
  };
  const resolve = (node: SyntaxNode) => resolveAt(node, 0);

  const callAt = new Map<number, CallSite>();
  const calls: CallSite[] = callNodes.map((node) => {
    const isNew = node.type === 'new_expression';
    const callee = (isNew ? node.childForFieldName('constructor') : node.childForFieldName('function')) ?? undefined;
    const argsNode = node.childForFieldName('arguments');
    const taggedTemplate = argsNode?.type === 'template_string';
    const args = !argsNode ? [] : taggedTemplate ? [argsNode] : argsNode.namedChildren.filter((arg): arg is SyntaxNode => !!arg && arg.type !== 'comment');
    const site: CallSite = { node, isNew, callee, resolved: callee ? resolve(callee) : undefined, calleeText: callee?.text ?? '', args, taggedTemplate };
    callAt.set(node.id, site);
    return site;
  });

  // local functions called by name: `f(x)`, `this.f(x)`
  const callersOf = new Map<number, CallSite[]>();
  for (const site of calls) {
    if (!site.callee || site.isNew) continue;
    let fns: SyntaxNode[] = [];
    if (site.callee.type === 'identifier') {
      const key = declarationOf(site.callee);
      for (const binding of key ? (bindings.get(key) ?? []) : []) {
        if (binding.kind === 'function') fns.push(binding.fn);
        else if (binding.kind === 'value' && isFunctionNode(binding.value)) fns.push(binding.value);
      }
    } else if (site.callee.type === 'member_expression' && site.callee.childForFieldName('object')?.type === 'this') {
      fns = (memberBindings.get(site.callee.text) ?? []).filter(isFunctionNode);
    }
    for (const fn of fns) {
      const list = callersOf.get(fn.id) ?? [];
      list.push(site);
      callersOf.set(fn.id, list);
    }
  }

  return {
    root,
    importedModules,
    calls,
    assignments,
    jsxAttributes,
    classes,
    returns,
    callersOf,
    callAt,
    declarationOf,
    bindingsOf: (key) => bindings.get(key) ?? [],
    resolve,
  };
}

/** The last segment of a dotted name, without a trailing `()`. */
export function lastSegment(name: string): string {
  const trimmed = name.endsWith('()') ? name.slice(0, -2) : name;
  const at = trimmed.lastIndexOf('.');
  return at < 0 ? trimmed : trimmed.slice(at + 1);
}
