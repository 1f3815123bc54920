/** @module The shape of a Python rule: metadata next to a check over one module's model. */
import type { RuleMeta } from '../../core/rule.js';
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { PythonModule } from './module.js';

export interface PythonReport {
  /** The node the finding points at: its range becomes the finding's line and columns. */
  readonly node: SyntaxNode;
  readonly message: string;
  /** Defaults to the node's text, shortened. */
  readonly evidence?: string;
}

export interface PythonRule {
  readonly meta: RuleMeta;
  check(module: PythonModule, report: (report: PythonReport) => void): void;
}

const MAX_EVIDENCE = 200;

/** A node's text on one line, shortened: what a report shows as evidence. */
export function snippet(node: SyntaxNode, max = MAX_EVIDENCE): string {
  const text = node.text.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
