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

/**
 * A node's text on one line, shortened: what a report shows as evidence. Only a bounded prefix is
 * normalised, so a call wrapping thousands of nested calls costs no more than a short one.
 */
export function snippet(node: SyntaxNode, max = MAX_EVIDENCE): string {
  const text = node.text;
  const head = text.length > max * 8 ? text.slice(0, max * 8) : text;
  const line = head.replace(/\s+/g, ' ').trim();
  return line.length > max || head.length < text.length ? `${line.slice(0, max - 1)}…` : line;
}
