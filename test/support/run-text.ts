/** Runs an analyzer on source text given inline: for tests written as realistic code. */
import type { AnyAnalyzer } from '../../src/core/analyzer.js';
import type { FileType } from '../../src/core/file-type.js';
import type { AnalyzerRun } from './run-analyzer.js';
import { runAnalyzer } from './run-analyzer.js';

export function runOnText(analyzer: AnyAnalyzer, path: string, type: FileType, text: string): Promise<AnalyzerRun> {
  return runAnalyzer(analyzer, { path, type }, new TextEncoder().encode(text));
}

/** Strips the common indentation of a template literal, so test code can be indented with the test. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}
