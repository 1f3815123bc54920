/**
 * @module What the Dockerfile rules read: the parsed file, its stages, and the shell scripts of its RUN
 * instructions (shell form, `sh -c` exec form, and heredoc bodies run as scripts) read once with tree-sitter,
 * each with a map from script rows back to file lines.
 */
import type { Dockerfile, Instruction, Stage, Stages } from './parse.js';
import { execForm, splitFlags, splitWords, stagesOf } from './parse.js';
import type { ScriptRange, ShellFacts } from './shell.js';
import { analyzeShell } from './shell.js';

export interface FilePosition {
  readonly startLine: number;
  readonly startColumn?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface RunScript {
  readonly instruction: Instruction;
  readonly stage: Stage | undefined;
  readonly facts: ShellFacts;
  /** Where a range of the script is in the file. */
  locate(range: ScriptRange): FilePosition;
}

export interface DockerfileModel {
  readonly file: Dockerfile;
  readonly stages: Stages;
  readonly runs: readonly RunScript[];
  /** RUN instructions whose scripts were too large to read: the shell rules did not see them. */
  readonly unread: readonly Instruction[];
  /** The file's lines, for evidence. */
  readonly lines: readonly string[];
}

interface Row {
  readonly line: number;
  readonly column: number;
}

interface Script {
  readonly text: string;
  readonly rows: readonly (Row | undefined)[];
}

function script(parts: readonly { line: number; column: number; text: string }[], separator: '\\\n' | '\n'): Script {
  return { text: parts.map((part) => part.text).join(separator), rows: parts.map((part) => ({ line: part.line, column: part.column })) };
}

/** The RUN's shell-form text with its flags blanked (columns kept) and its heredocs appended as bash expects. */
function shellForm(instruction: Instruction, escape: string, withHeredocs: boolean): Script {
  const words = splitWords(instruction.args, escape);
  const { flags } = splitFlags(words);
  let blankUntil = 0;
  for (const flag of flags.values()) blankUntil = Math.max(blankUntil, flag.end);
  let consumed = 0;
  const parts = instruction.pieces.map((piece) => {
    const from = consumed;
    consumed += piece.text.length;
    const blank = Math.max(0, Math.min(piece.text.length, blankUntil - from));
    return { ...piece, text: ' '.repeat(blank) + piece.text.slice(blank) };
  });
  const main = script(parts, '\\\n');
  let text = main.text;
  const rows = [...main.rows];
  for (const heredoc of withHeredocs ? instruction.heredocs : []) {
    for (const line of heredoc.lines) {
      text += `\n${heredoc.stripTabs ? '\t' : ''}${line.text}`;
      rows.push({ line: line.line, column: line.column - (heredoc.stripTabs ? 1 : 0) });
    }
    text += `\n${heredoc.delimiter}`;
    rows.push(undefined);
  }
  return { text, rows };
}

/** Heredoc bodies that the RUN runs as shell scripts: `RUN <<EOF`, `RUN bash <<EOF`, `RUN set -e; sh <<EOF`. */
function heredocScripts(instruction: Instruction, escape: string): Script[] {
  if (instruction.heredocs.length === 0) return [];
  const words = splitFlags(splitWords(instruction.args, escape)).rest.filter((word) => !word.raw.startsWith('<<'));
  const command = words[0]?.value;
  const program = command?.slice(command.lastIndexOf('/') + 1);
  // `RUN <<EOF` runs the body with the default shell; `RUN bash <<EOF` feeds it to bash; `sh -c` would not read it.
  const runsBody = program === undefined || (/^(ba|da|z|k|a)?sh$/.test(program) && !words.some((word) => /^-[A-Za-z]*c/.test(word.value)));
  if (!runsBody) return [];
  return instruction.heredocs
    .filter((heredoc) => !/^#!.*\b(python[0-9.]*|node|perl|ruby|php)\b/.test(heredoc.lines[0]?.text ?? ''))
    .map((heredoc) => script(heredoc.lines, '\n'));
}

function execScript(instruction: Instruction): Script | undefined {
  const form = execForm(instruction.args);
  if (!form) return undefined;
  const program = form[0]?.slice(form[0].lastIndexOf('/') + 1);
  const flag = form.findIndex((item, index) => index > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(item));
  if (!program || !/^(ba|da|z|k|a)?sh$/.test(program) || flag < 0 || form[flag + 1] === undefined) return undefined;
  // The script is inside a JSON string: its rows all point at the instruction.
  const text = form[flag + 1]!;
  return { text, rows: text.split('\n').map(() => ({ line: instruction.line, column: 0 })) };
}

function locator(instruction: Instruction, rows: Script['rows']): RunScript['locate'] {
  return (range) => {
    const start = rows[range.row];
    const end = rows[range.endRow];
    if (!start) return { startLine: instruction.line };
    if (start.column === 0) return { startLine: start.line };
    return {
      startLine: start.line,
      startColumn: start.column + range.column,
      ...(end && end.column > 0 ? { endLine: end.line, endColumn: end.column + range.endColumn } : {}),
    };
  };
}

/** Real RUN scripts are a few kilobytes; larger ones are not read, which bounds the time a file can take. */
const MAX_SCRIPT_CHARS = 64 * 1024;
const MAX_TOTAL_SCRIPT_CHARS = 256 * 1024;

const NON_POSIX_SHELL = /(powershell|pwsh|cmd(\.exe)?)"/i;

export async function buildModel(file: Dockerfile, text: string): Promise<DockerfileModel> {
  const stages = stagesOf(file);
  const runs: RunScript[] = [];
  const stageOf = new Map<Instruction, Stage>();
  for (const stage of stages.stages) for (const instruction of stage.body) stageOf.set(instruction, stage);
  const unread: Instruction[] = [];
  let total = 0;
  let posix = true;
  for (const instruction of file.instructions) {
    if (instruction.keyword === 'FROM') posix = true;
    if (instruction.keyword === 'SHELL') posix = !NON_POSIX_SHELL.test(instruction.args);
    if (instruction.keyword !== 'RUN' || !posix) continue;
    const scripts: Script[] = [];
    const exec = execScript(instruction);
    if (exec) scripts.push(exec);
    else if (execForm(instruction.args) === undefined) {
      // Bodies run as scripts are read on their own; the others (stdin of python, a file written by cat) stay opaque.
      const bodies = heredocScripts(instruction, file.escape);
      scripts.push(shellForm(instruction, file.escape, bodies.length === 0), ...bodies);
    }
    for (const part of scripts) {
      if (part.text.length > MAX_SCRIPT_CHARS || total + part.text.length > MAX_TOTAL_SCRIPT_CHARS) {
        if (!unread.includes(instruction)) unread.push(instruction);
        continue;
      }
      total += part.text.length;
      const facts = await analyzeShell(part.text);
      runs.push({ instruction, stage: stageOf.get(instruction), facts, locate: locator(instruction, part.rows) });
    }
  }
  return { file, stages, runs, unread, lines: text.split(/\r\n|\n|\r/) };
}
