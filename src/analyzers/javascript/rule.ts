/** @module The shape of a JavaScript rule: metadata next to a check over one module's model. */
import type { RuleMeta } from '../../core/rule.js';
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { JsModule } from './module.js';

export interface JsReport {
  /** The node the finding points at: its range becomes the finding's line and columns. */
  readonly node: SyntaxNode;
  readonly message: string;
  /** Defaults to the node's text, shortened. */
  readonly evidence?: string;
}

export interface JsRule {
  readonly meta: RuleMeta;
  check(module: JsModule, report: (report: JsReport) => void): void;
}

const MAX_EVIDENCE = 200;

/** Text on one line, shortened: what a report shows as evidence. */
export function shorten(text: string, max = MAX_EVIDENCE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A node's text on one line, shortened. */
export function snippet(node: SyntaxNode, max = MAX_EVIDENCE): string {
  // Never copy a huge node's text out of WASM memory just to cut it.
  const end = Math.min(node.endIndex, node.startIndex + max * 4);
  const text = end < node.endIndex ? node.text.slice(0, max * 4) : node.text;
  return shorten(text, max);
}
