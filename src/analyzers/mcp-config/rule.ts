/** @module The shape of an MCP configuration rule: metadata plus a check over one server entry. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import type { McpServer } from './config.js';

export interface McpReport {
  readonly message: string;
  readonly evidence?: string;
  readonly position: Position;
}

export interface McpRule {
  readonly meta: RuleMeta;
  check(server: McpServer, report: (report: McpReport) => void): void;
}

const MAX_EVIDENCE = 200;

export function shorten(text: string, max = MAX_EVIDENCE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
