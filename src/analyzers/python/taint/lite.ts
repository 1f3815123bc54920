/**
 * @module A plain-JavaScript copy of a tree-sitter tree, made in one pass with a tree cursor. Reading nodes
 * through the WASM binding allocates a wrapper per access, which dominates the cost of a large file; the taint
 * engine reads every node several times, so it reads this copy instead. Punctuation and comments are dropped;
 * anonymous tokens that fill a field (a binary operator) are kept.
 */
import type { SyntaxNode } from '../../../parsers/tree-sitter.js';
import { LineIndex } from '../../../lib/line-index.js';

export interface LiteNode {
  readonly type: string;
  readonly field: string | null;
  readonly named: boolean;
  readonly start: number;
  readonly end: number;
  readonly children: LiteNode[];
}

export interface LiteTree {
  readonly root: LiteNode;
  text(node: LiteNode): string;
  /** The 1-based line a node starts on. */
  line(node: LiteNode): number;
}

interface Names {
  readonly types: readonly string[];
  readonly named: readonly boolean[];
  readonly fields: readonly (string | null)[];
}

// Type and field names per language, read once: the cursor then reports numbers, which cost less to read.
const namesByLanguage = new WeakMap<object, Names>();

function namesOf(root: SyntaxNode): Names {
  const language = root.tree.language;
  let names = namesByLanguage.get(language);
  if (!names) {
    const types = language.types.map((type) => type ?? '');
    names = { types, named: types.map((_, id) => language.nodeTypeIsNamed(id)), fields: language.fields };
    namesByLanguage.set(language, names);
  }
  return names;
}

export function liteTree(root: SyntaxNode): LiteTree {
  const source = root.text;
  const offset = root.startIndex;
  const baseRow = root.startPosition.row;
  const { types, named, fields } = namesOf(root);
  const cursor = root.walk();
  try {
    let typeId = 0;
    let fieldId = 0;
    const make = (): LiteNode => ({
      type: types[typeId] ?? '',
      field: fieldId === 0 ? null : fields[fieldId] ?? null,
      named: named[typeId] ?? false,
      start: cursor.startIndex,
      end: cursor.endIndex,
      children: [],
    });
    // A tree may end in a MISSING or ERROR node whose type id the table lacks; the cursor's own answer is kept then.
    const read = () => {
      typeId = cursor.nodeTypeId;
      fieldId = cursor.currentFieldId;
      if (types[typeId] === undefined) typeId = types.indexOf(cursor.nodeType);
    };
    read();
    // Stands in for a dropped token while the cursor is on it. Tokens have no children; should one ever have
    // some, they land here and are ignored.
    const detached: LiteNode = { type: '', field: null, named: false, start: 0, end: 0, children: [] };
    const top = make();
    const parents: LiteNode[] = [];
    let current = top;
    const enter = () => {
      read();
      // Punctuation and comments carry nothing the engine reads; they are not attached to the tree.
      const isNamed = named[typeId] ?? false;
      const keep = isNamed ? types[typeId] !== 'comment' : fieldId !== 0;
      if (!keep) return detached;
      const node = make();
      parents[parents.length - 1]!.children.push(node);
      return node;
    };
    // Depth-first with the cursor; skipped tokens are leaves, so the parent stack stays in step.
    outer: for (;;) {
      if (cursor.gotoFirstChild()) {
        parents.push(current);
        current = enter();
        continue;
      }
      for (;;) {
        if (parents.length === 0) break outer;
        if (cursor.gotoNextSibling()) {
          current = enter();
          continue outer;
        }
        if (!cursor.gotoParent()) break outer;
        current = parents.pop()!;
      }
    }
    let lines: LineIndex | undefined;
    const line = (node: LiteNode) => (lines ??= new LineIndex(source)).at(node.start - offset).line + baseRow;
    return { root: top, text: (node) => source.slice(node.start - offset, node.end - offset), line };
  } finally {
    cursor.delete();
  }
}

export function fieldOf(node: LiteNode, name: string): LiteNode | undefined {
  for (const child of node.children) if (child.field === name) return child;
  return undefined;
}

export function namedChildren(node: LiteNode): LiteNode[] {
  return node.children.filter((child) => child.named);
}

