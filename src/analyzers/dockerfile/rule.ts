/** @module The shape of a Dockerfile rule: metadata next to a check over the file's model. */
import type { RuleMeta } from '../../core/rule.js';
import type { DockerfileModel, FilePosition } from './model.js';
import type { Instruction } from './parse.js';
import { positionAt } from './parse.js';

export interface DockerfileReport {
  readonly message: string;
  readonly evidence: string;
  readonly position: FilePosition;
}

export interface DockerfileRule {
  readonly meta: RuleMeta;
  check(model: DockerfileModel, report: (report: DockerfileReport) => void): void;
}

const MAX_EVIDENCE = 200;

/** Text on one line, shortened: what a report shows as evidence. */
export function shorten(text: string, max = MAX_EVIDENCE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The instruction's first line as written, shortened. */
export function instructionEvidence(model: DockerfileModel, instruction: Instruction): string {
  return shorten(model.lines[instruction.line - 1] ?? instruction.keyword);
}

/** The file position of `args[start, end)` of an instruction. */
export function argsPosition(instruction: Instruction, start: number, end: number): FilePosition {
  const from = positionAt(instruction, start);
  const to = positionAt(instruction, end);
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
}

/** The position of an instruction's keyword. */
export function keywordPosition(instruction: Instruction): FilePosition {
  return { startLine: instruction.line, startColumn: instruction.column, endLine: instruction.line, endColumn: instruction.column + instruction.keyword.length };
}
