/** @module The Python taint rules: LLM output reaching dangerous sinks, in rule-id order. */
import type { PythonRule } from './rule.js';
import { llmOutputToCodeExecution } from './rules/llm-output-to-code-execution.js';
import { llmOutputToFilePath } from './rules/llm-output-to-file-path.js';
import { llmOutputToHtml } from './rules/llm-output-to-html.js';
import { llmOutputToShell } from './rules/llm-output-to-shell.js';
import { llmOutputToSql } from './rules/llm-output-to-sql.js';
import { llmOutputToUrl } from './rules/llm-output-to-url.js';

export const TAINT_RULES: readonly PythonRule[] = [
  llmOutputToCodeExecution,
  llmOutputToFilePath,
  llmOutputToHtml,
  llmOutputToShell,
  llmOutputToSql,
  llmOutputToUrl,
];
