/**
 * @module What rules need to know about one Python module, computed once from its syntax tree: which names
 * its imports bind, every call with its callee resolved to a dotted name (`torch.load`,
 * `openai.OpenAI().chat.completions.create`), and helpers for arguments and literals. Resolution is lexical
 * and flow-insensitive by design: it sees through `import x as y`, `from m import f`, and variables bound to
 * an import or a constructor call (`client = OpenAI()`), which is how real code reaches these APIs.
 */
import type { SyntaxNode } from '../../parsers/tree-sitter.js';

export interface CallArguments {
  readonly positional: readonly SyntaxNode[];
  readonly keywords: ReadonlyMap<string, SyntaxNode>;
  /** `*args` or `**kwargs` present: an absent keyword may still be passed. */
  readonly hasSpread: boolean;
}

export interface CallSite {
  readonly node: SyntaxNode;
  /** The callee resolved through imports and bindings, with `()` marking a call on the way; undefined if unknown. */
  readonly callee: string | undefined;
  /** The callee as written, e.g. `client.chat.completions.create`. */
  readonly calleeText: string;
  readonly args: CallArguments;
}

export interface PythonModule {
  readonly root: SyntaxNode;
  /** Top-level module names imported anywhere in the file (`torch`, `transformers`, `os`). */
  readonly importedModules: ReadonlySet<string>;
  /** Local name -> dotted name it was imported as. */
  readonly importBindings: ReadonlyMap<string, string>;
  readonly calls: readonly CallSite[];
  /** The dotted name an expression denotes, through imports and bindings; undefined when it is not known. */
  resolve(node: SyntaxNode): string | undefined;
  /**
   * The line of the scanned file that a 1-based line of this module's code is on, for line numbers written
   * into messages and evidence (a notebook's code is its cells joined). Absent: the same line.
   */
  readonly displayLine?: (line: number) => number;
}

const MAX_RESOLVE_DEPTH = 16;
/** Parentheses around a constant beyond this are not read as a constant. */
const MAX_PARENTHESES = 64;

/** The keyword and positional arguments of a call node. */
export function callArguments(call: SyntaxNode): CallArguments {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  let hasSpread = false;
  const list = call.childForFieldName('arguments');
  // A call with a generator argument, `f(x for x in y)`, has no argument_list.
  if (list?.type === 'argument_list') {
    for (const arg of list.namedChildren) {
      if (!arg || arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name.text, value);
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        hasSpread = true;
      } else {
        positional.push(arg);
      }
    }
  } else if (list) {
    positional.push(list);
  }
  return { positional, keywords, hasSpread };
}

/** A constant's value: strings without interpolation, numbers, True/False/None; undefined for anything else. */
export function literalValue(node: SyntaxNode | undefined | null): string | number | boolean | null | undefined {
  // `((((True))))`: unwrapped in a loop, as deep nesting must not overflow the stack.
  for (let depth = 0; node?.type === 'parenthesized_expression'; depth++) {
    if (depth > MAX_PARENTHESES) return undefined;
    node = node.namedChildren[0];
  }
  if (!node) return undefined;
  switch (node.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'integer':
    case 'float': {
      const value = Number(node.text.replaceAll('_', ''));
      return Number.isFinite(value) ? value : undefined;
    }
    case 'string':
      return stringLiteral(node);
    case 'concatenated_string': {
      let text = '';
      for (const part of node.namedChildren) {
        const value = part ? stringLiteral(part) : undefined;
        if (value === undefined) return undefined;
        text += value;
      }
      return text;
    }
    default:
      return undefined;
  }
}

/** The text of a plain string literal (no f-string interpolation); escape sequences are kept as written. */
export function stringLiteral(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  let text = '';
  for (const part of node.namedChildren) {
    if (!part) continue;
    if (part.type === 'interpolation') return undefined;
    if (part.type === 'string_content' || part.type === 'escape_sequence') text += part.text;
  }
  return text;
}

/** Whether a node is the keyword argument `name=True` (literally). */
export function isTrueKeyword(args: CallArguments, name: string): boolean {
  return literalValue(args.keywords.get(name)) === true;
}

function dotted(node: SyntaxNode): string | undefined {
  if (node.type === 'dotted_name') return node.namedChildren.map((part) => part?.text ?? '').join('.');
  if (node.type === 'identifier') return node.text;
  return undefined;
}

/** Local bindings made by one import statement: `import a.b as c` binds c -> a.b, `import a.b` binds a -> a. */
function importBindingsOf(statement: SyntaxNode, bind: (local: string, target: string) => void, imported: (module: string) => void): void {
  if (statement.type === 'import_statement') {
    for (const name of statement.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const target = dotted(name.childForFieldName('name')!);
        const alias = name.childForFieldName('alias')?.text;
        if (target && alias) bind(alias, target);
        if (target) imported(target.split('.')[0]!);
      } else {
        const target = dotted(name);
        if (!target) continue;
        const head = target.split('.')[0]!;
        bind(head, head);
        imported(head);
      }
    }
    return;
  }
  // from M import a, b as c
  const moduleNode = statement.childForFieldName('module_name');
  const module = moduleNode ? dotted(moduleNode) : undefined;
  // Relative imports (`from . import x`) name this project's own code: nothing a rule can resolve.
  if (!module) return;
  imported(module.split('.')[0]!);
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const target = dotted(name.childForFieldName('name')!);
      const alias = name.childForFieldName('alias')?.text;
      if (target && alias) bind(alias, `${module}.${target}`);
    } else {
      const target = dotted(name);
      if (target) bind(target, `${module}.${target}`);
    }
  }
}

const MODEL_NODE_TYPES = ['import_statement', 'import_from_statement', 'call', 'assignment', 'with_item'];

/** Builds the module model. `root` must stay alive while the model is used. */
export function buildPythonModule(root: SyntaxNode): PythonModule {
  const importBindings = new Map<string, string>();
  const importedModules = new Set<string>();
  // name or attribute path (`self.client`) -> the right-hand sides assigned to it
  const assignments = new Map<string, SyntaxNode[]>();
  const callNodes: SyntaxNode[] = [];

  // The search runs inside tree-sitter: visiting every node from JavaScript costs a WASM call and an object
  // per node, most of the model's time (bench/RESULTS.md). It is iterative, so deep nesting is safe.
  for (const node of root.descendantsOfType(MODEL_NODE_TYPES)) {
    if (!node) continue;
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
        importBindingsOf(node, (local, target) => importBindings.set(local, target), (module) => importedModules.add(module));
        break;
      case 'call':
        callNodes.push(node);
        break;
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right && (left.type === 'identifier' || left.type === 'attribute')) {
          const list = assignments.get(left.text) ?? [];
          list.push(right);
          assignments.set(left.text, list);
        }
        break;
      }
      case 'with_item': {
        // with OpenAI() as client:
        const value = node.childForFieldName('value');
        if (value?.type === 'as_pattern') {
          const target = value.childForFieldName('alias');
          const source = value.namedChildren[0];
          const name = target?.namedChildren[0] ?? target;
          if (name && source && name.type === 'identifier') {
            const list = assignments.get(name.text) ?? [];
            list.push(source);
            assignments.set(name.text, list);
          }
        }
        break;
      }
    }
  }
  callNodes.sort((a, b) => a.startIndex - b.startIndex);

  const resolving = new Set<string>();
  // A name's answer, kept once it is known not to depend on where the lookup started (no cycle was cut and
  // no depth limit hit on the way): a file that assigns `cur = db.cursor()` in 500 functions would otherwise
  // re-resolve all 500 right-hand sides for every `cur.execute(...)`.
  const resolvedNames = new Map<string, string | undefined>();
  let cuts = 0;
  const resolveName = (key: string, depth: number): string | undefined => {
    const rights = assignments.get(key);
    if (rights && !resolving.has(key)) {
      if (resolvedNames.has(key)) return resolvedNames.get(key);
      const cutsBefore = cuts;
      // Every assignment must agree, or the name is not known.
      resolving.add(key);
      let agreed: string | undefined;
      try {
        for (const right of rights) {
          const value = resolveAt(right, depth + 1);
          if (value === undefined || (agreed !== undefined && agreed !== value)) {
            agreed = undefined;
            break;
          }
          agreed = value;
        }
      } finally {
        resolving.delete(key);
      }
      if (cuts === cutsBefore) resolvedNames.set(key, agreed);
      return agreed;
    }
    if (rights) cuts++;
    if (!key.includes('.')) return importBindings.get(key);
    return undefined;
  };

  const resolveAt = (node: SyntaxNode, depth: number): string | undefined => {
    if (depth > MAX_RESOLVE_DEPTH) {
      cuts++;
      return undefined;
    }
    switch (node.type) {
      case 'identifier':
        return resolveName(node.text, depth);
      case 'attribute': {
        const direct = assignments.has(node.text) ? resolveName(node.text, depth) : undefined;
        if (direct !== undefined) return direct;
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute');
        if (!object || !attribute) return undefined;
        const base = resolveAt(object, depth + 1);
        return base === undefined ? undefined : `${base}.${attribute.text}`;
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        const base = callee ? resolveAt(callee, depth + 1) : undefined;
        return base === undefined ? undefined : `${base}()`;
      }
      case 'await':
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        return inner ? resolveAt(inner, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  };

  const resolve = (node: SyntaxNode) => resolveAt(node, 0);
  const calls: CallSite[] = callNodes.map((node) => {
    const fn = node.childForFieldName('function');
    return { node, callee: fn ? resolve(fn) : undefined, calleeText: fn?.text ?? '', args: callArguments(node) };
  });
  return { root, importedModules, importBindings, calls, resolve };
}

/** The last segment of a dotted name: `from_pretrained` for `transformers.AutoModel.from_pretrained`. */
export function lastSegment(name: string): string {
  const at = name.lastIndexOf('.');
  return at < 0 ? name : name.slice(at + 1);
}

/** Every node under `root` (itself included) whose type is one of `types`, in source order; searched inside tree-sitter. */
export function nodesOfType(root: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  return root.descendantsOfType([...types]).filter((node): node is SyntaxNode => node !== null);
}

/** The argument Python binds to a parameter: the keyword if given, else the positional one at `index` (-1: keyword only). */
export function argumentFor(args: CallArguments, index: number, keyword: string): SyntaxNode | undefined {
  return args.keywords.get(keyword) ?? (index >= 0 ? args.positional[index] : undefined);
}

/** The top-level package of a resolved dotted name: `langchain_community` for `langchain_community.tools.ShellTool`. */
export function topModule(name: string): string {
  const at = name.indexOf('.');
  return at < 0 ? name : name.slice(0, at);
}

/**
 * Whether a resolved callee is a method on the result of a project function, as in `create_app().run` or
 * `build_demo().launch`: a factory whose return type a lexical model cannot know. Constructors (capitalised
 * names such as `Rocket()`) do not count: their class is known, and it is not the one a rule looks for.
 */
export function isFactoryResult(callee: string, method: string): boolean {
  if (!callee.endsWith(`().${method}`)) return false;
  const factory = lastSegment(callee.slice(0, -`().${method}`.length));
  return /^[a-z_][a-z0-9_]*$/.test(factory);
}

