/**
 * @module Parses source text with tree-sitter WASM grammars. The runtime and each grammar load on first use,
 * once per thread. Trees live in WASM memory, which the garbage collector does not see: `withSyntaxTree`
 * deletes the tree when its callback returns, so callers never hold one.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language, Node, Parser, Tree } from '@vscode/tree-sitter-wasm';

export type { Node as SyntaxNode } from '@vscode/tree-sitter-wasm';

export type Grammar = 'python' | 'javascript' | 'typescript' | 'tsx' | 'bash';

const WASM_FILES: Record<Grammar, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  bash: 'tree-sitter-bash.wasm',
};

type Runtime = typeof import('@vscode/tree-sitter-wasm');

let runtime: Promise<{ module: Runtime; folder: string }> | undefined;
const parsers = new Map<Grammar, Promise<{ parser: Parser; language: Language }>>();

function loadRuntime(): Promise<{ module: Runtime; folder: string }> {
  runtime ??= (async () => {
    // The package is UMD (CommonJS in Node); its grammars sit beside its entry point.
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@vscode/tree-sitter-wasm');
    const module = require(entry) as Runtime;
    await module.Parser.init();
    return { module, folder: dirname(entry) };
  })();
  return runtime;
}

function parserFor(grammar: Grammar): Promise<{ parser: Parser; language: Language }> {
  let loaded = parsers.get(grammar);
  if (!loaded) {
    loaded = (async () => {
      const { module, folder } = await loadRuntime();
      const language = await module.Language.load(join(folder, WASM_FILES[grammar]));
      const parser = new module.Parser();
      parser.setLanguage(language);
      return { parser, language };
    })();
    parsers.set(grammar, loaded);
  }
  return loaded;
}

/** The grammar's Language, for building queries. */
export async function languageOf(grammar: Grammar): Promise<Language> {
  return (await parserFor(grammar)).language;
}

/**
 * Parses `text` and hands the root node to `use`; the tree is freed afterwards, so nothing from it may escape
 * `use` (copy what you need into plain data). Throws only if the grammar cannot load.
 */
export async function withSyntaxTree<T>(grammar: Grammar, text: string, use: (root: Node, tree: Tree) => T): Promise<T> {
  const { parser } = await parserFor(grammar);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${grammar}`);
  try {
    return use(tree.rootNode, tree);
  } finally {
    tree.delete();
    // A parser keeps state from the last parse; resetting it keeps one huge file from pinning memory.
    parser.reset();
  }
}

/** 1-based line and column of a node's start and end, as findings carry them (end column exclusive). */
export function nodeRange(node: Node, lineOffset = 0): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return {
    startLine: node.startPosition.row + 1 + lineOffset,
    startColumn: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1 + lineOffset,
    endColumn: node.endPosition.column + 1,
  };
}

/** Every node with a syntax error or a missing token, up to `limit`. */
export function syntaxErrors(root: Node, limit = 5): Node[] {
  const found: Node[] = [];
  if (!root.hasError) return found;
  const visit = (node: Node) => {
    if (found.length >= limit) return;
    if (node.isError || node.isMissing) {
      found.push(node);
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return found;
}
