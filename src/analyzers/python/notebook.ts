/**
 * @module The Python in a Jupyter notebook: its code cells joined into one module (cells share one namespace
 * at run time, so a value made in one cell and used in another is followed), with a map from each line of
 * that module back to the line and column in the `.ipynb` file where the cell's text is written.
 */
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import { LineIndex } from '../../lib/line-index.js';

export interface NotebookCode {
  readonly code: string;
  /** For each 0-based line of `code`: the 1-based file line and the column offset to add (0 when unknown). */
  readonly lines: readonly { line: number; columnOffset: number }[];
}

export type NotebookParse = { ok: true; notebook: NotebookCode } | { ok: false; reason: string };

function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const pair of node.children ?? []) {
    if (pair.children?.[0]?.value === key) return pair.children[1];
  }
  return undefined;
}

/** IPython magics and shell escapes are not Python: commented out in place, so lines and columns stay put. */
function neutraliseMagics(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('%') || trimmed.startsWith('!')) {
    const indent = line.length - trimmed.length;
    return `${line.slice(0, indent)}#${trimmed.slice(1)}`;
  }
  return line;
}

/** Reads the code cells of a notebook (nbformat 4, and the `worksheets` of nbformat 3). */
export function notebookCode(text: string): NotebookParse {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!root || errors.length > 0 || root.type !== 'object') {
    const at = errors[0]?.offset;
    return { ok: false, reason: at === undefined ? 'the notebook is not a JSON object' : `the notebook is not valid JSON (at byte ${at})` };
  }
  let cells = property(root, 'cells');
  if (cells === undefined) cells = property(property(root, 'worksheets')?.children?.[0], 'cells');
  if (cells?.type !== 'array') return { ok: false, reason: 'the notebook has no "cells" list' };

  const lineIndex = new LineIndex(text);
  const codeLines: string[] = [];
  const lines: { line: number; columnOffset: number }[] = [];
  for (const cell of cells.children ?? []) {
    if (property(cell, 'cell_type')?.value !== 'code') continue;
    const source = property(cell, 'source') ?? property(cell, 'input');
    const parts = source?.type === 'array' ? (source.children ?? []) : source?.type === 'string' ? [source] : [];
    for (const part of parts) {
      if (part.type !== 'string' || typeof part.value !== 'string') continue;
      const at = lineIndex.at(part.offset);
      const partLines = part.value.split('\n');
      // A trailing "\n" ends the line; it does not start another one.
      if (partLines.length > 1 && partLines[partLines.length - 1] === '') partLines.pop();
      partLines.forEach((line, index) => {
        codeLines.push(neutraliseMagics(line));
        // Only the first line of a JSON string sits at a known column (after the opening quote).
        lines.push(index === 0 ? { line: at.line, columnOffset: at.column } : { line: at.line, columnOffset: 0 });
      });
    }
    // A blank line between cells keeps one cell's unfinished statement from swallowing the next.
    codeLines.push('');
    lines.push({ line: lines.at(-1)?.line ?? 1, columnOffset: 0 });
  }
  return { ok: true, notebook: { code: codeLines.join('\n'), lines } };
}
