/**
 * @module A Dockerfile parser written for scanning, following BuildKit's reading of the file: parser directives
 * at the top (`# escape=`, `# syntax=`), comment lines (also inside continued instructions, where they are
 * dropped), line continuations with the escape character, heredocs (`<<EOF`, `<<-EOF`, quoted delimiters) on
 * RUN, COPY and ADD, JSON exec form, leading `--flags`, shell-style words for FROM, ENV, ARG and USER, and
 * variable substitution for ARG-built image names. Every loop is linear in the input; nothing throws.
 */

/** A piece of an instruction's text on one physical line: where it starts in the file. */
export interface Piece {
  readonly line: number;
  /** 1-based column of the piece's first character. */
  readonly column: number;
  readonly text: string;
}

export interface Heredoc {
  readonly delimiter: string;
  /** `<<-`: leading tabs are stripped from body lines and the closing delimiter. */
  readonly stripTabs: boolean;
  /** The body lines, without the closing delimiter. */
  readonly lines: readonly Piece[];
  /** false when the file ended before the delimiter line. */
  readonly terminated: boolean;
}

export interface Instruction {
  /** Upper-cased keyword: `FROM`, `RUN`, ... */
  readonly keyword: string;
  readonly line: number;
  readonly column: number;
  /** Last line of the instruction, heredoc bodies included. */
  readonly endLine: number;
  /** The text after the keyword, one piece per physical line, continuations removed. */
  readonly pieces: readonly Piece[];
  /** The pieces joined as BuildKit joins them. */
  readonly args: string;
  readonly heredocs: readonly Heredoc[];
}

export interface Dockerfile {
  readonly escape: '\\' | '`';
  readonly directives: ReadonlyMap<string, string>;
  readonly instructions: readonly Instruction[];
  /** Problems found while parsing (an unterminated heredoc, say); the rest was still parsed. */
  readonly problems: readonly string[];
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const DIRECTIVE = /^[ \t]*#[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
const COMMENT_OR_BLANK = /^\s*(#[^]*)?$/;

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r\n|\n|\r/);
  const directives = new Map<string, string>();
  const problems: string[] = [];
  let escape: '\\' | '`' = '\\';
  let i = 0;
  for (; i < lines.length; i++) {
    const match = DIRECTIVE.exec(lines[i]!);
    if (!match) break;
    const name = match[1]!.toLowerCase();
    if (!KNOWN_DIRECTIVES.has(name) || directives.has(name)) break;
    directives.set(name, match[2]!);
    if (name === 'escape' && (match[2] === '`' || match[2] === '\\')) escape = match[2];
  }

  const instructions: Instruction[] = [];
  while (i < lines.length) {
    const first = lines[i]!;
    if (COMMENT_OR_BLANK.test(first)) {
      i++;
      continue;
    }
    const start = /^(\s*)(\S+)\s*/.exec(first)!;
    const line = i + 1;
    let keyword = start[2]!.toUpperCase();
    const pieces: Piece[] = [];
    let current: Piece = { line, column: start[0].length + 1, text: first.slice(start[0].length) };
    // A keyword glued to a continuation, `RUN\`, is still RUN.
    if (keyword.endsWith(escape) && keyword.length > 1 && start[0].length === first.length) {
      keyword = keyword.slice(0, -1);
      current = { line, column: first.length, text: escape };
    }
    for (;;) {
      const continued = continuation(current.text, escape);
      if (continued === undefined) {
        pieces.push(current);
        break;
      }
      pieces.push({ ...current, text: continued });
      i++;
      while (i < lines.length && COMMENT_OR_BLANK.test(lines[i]!)) i++;
      if (i >= lines.length) break;
      current = { line: i + 1, column: 1, text: lines[i]! };
    }
    i++;
    const args = pieces.map((piece) => piece.text).join('');
    const heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword) && execForm(args) === undefined) {
      for (const marker of heredocMarkers(args, escape)) {
        const body: Piece[] = [];
        let terminated = false;
        while (i < lines.length) {
          const raw = lines[i]!;
          const content = marker.stripTabs ? raw.replace(/^\t+/, '') : raw;
          i++;
          if (content === marker.delimiter) {
            terminated = true;
            break;
          }
          body.push({ line: i, column: raw.length - content.length + 1, text: content });
        }
        if (!terminated) problems.push(`the heredoc <<${marker.delimiter} of the ${keyword} at line ${line} is not terminated`);
        heredocs.push({ delimiter: marker.delimiter, stripTabs: marker.stripTabs, lines: body, terminated });
      }
    }
    instructions.push({ keyword, line, column: start[1]!.length + 1, endLine: Math.min(lines.length, Math.max(line, i)), pieces, args, heredocs });
  }
  return { escape, directives, instructions, problems };
}

/** The text without its trailing continuation (escape char, then only blanks), or undefined if there is none. */
function continuation(text: string, escape: string): string | undefined {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (end === 0 || text[end - 1] !== escape) return undefined;
  return text.slice(0, end - 1);
}

function heredocMarkers(args: string, escape: string): { delimiter: string; stripTabs: boolean }[] {
  const markers: { delimiter: string; stripTabs: boolean }[] = [];
  const words = splitWords(args, escape);
  for (let w = 0; w < words.length; w++) {
    const raw = words[w]!.raw;
    if (!raw.startsWith('<<') || raw.startsWith('<<<')) continue;
    let rest = raw.slice(2);
    const stripTabs = rest.startsWith('-');
    if (stripTabs) rest = rest.slice(1);
    let delimiter: string;
    if (rest === '') {
      const next = words[w + 1];
      if (!next) continue;
      delimiter = next.value;
      w++;
    } else {
      delimiter = unquote(rest);
    }
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(delimiter)) markers.push({ delimiter, stripTabs });
  }
  return markers;
}

function unquote(text: string): string {
  const match = /^(["'])(.*)\1$/.exec(text);
  return match ? match[2]! : text;
}

/** The strings of a JSON exec form (`["a", "b"]`), or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  const trimmed = args.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  } catch {
    // not JSON: shell form
  }
  return undefined;
}

export interface Word {
  /** The word with quotes removed and escapes applied. */
  readonly value: string;
  /** The word as written. */
  readonly raw: string;
  /** Offsets in the text the word came from. */
  readonly start: number;
  readonly end: number;
}

/** Splits text into shell-like words: whitespace separates, quotes group, the escape character escapes. */
export function splitWords(text: string, escape: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let value = '';
    while (i < n && !/\s/.test(text[i]!)) {
      const c = text[i]!;
      if (c === escape && i + 1 < n) {
        value += text[i + 1];
        i += 2;
      } else if (c === '"' || c === "'") {
        i++;
        while (i < n && text[i] !== c) {
          if (c === '"' && text[i] === escape && i + 1 < n && (text[i + 1] === '"' || text[i + 1] === escape || text[i + 1] === '$')) {
            value += text[i + 1];
            i += 2;
            continue;
          }
          value += text[i];
          i++;
        }
        i++; // the closing quote (or past the end)
      } else {
        value += c;
        i++;
      }
    }
    const end = Math.min(i, n);
    words.push({ value, raw: text.slice(start, end), start, end });
  }
  return words;
}

/** Leading `--name=value` (or `--name`) flags, and the words after them. */
export function splitFlags(words: readonly Word[]): { flags: Map<string, Word>; rest: Word[] } {
  const flags = new Map<string, Word>();
  let k = 0;
  for (; k < words.length; k++) {
    const word = words[k]!;
    if (!word.value.startsWith('--') || word.value === '--') break;
    const eq = word.value.indexOf('=');
    flags.set((eq < 0 ? word.value.slice(2) : word.value.slice(2, eq)).toLowerCase(), word);
  }
  return { flags, rest: words.slice(k) };
}

/** The value of a `--name=value` flag word. */
export function flagValue(word: Word | undefined): string | undefined {
  if (!word) return undefined;
  const eq = word.value.indexOf('=');
  return eq < 0 ? '' : word.value.slice(eq + 1);
}

/** Where an offset of `instruction.args` is in the file. */
export function positionAt(instruction: Instruction, offset: number): { line: number; column: number } {
  let remaining = offset;
  for (const piece of instruction.pieces) {
    if (remaining <= piece.text.length) return { line: piece.line, column: piece.column + remaining };
    remaining -= piece.text.length;
  }
  const last = instruction.pieces[instruction.pieces.length - 1];
  return last ? { line: last.line, column: last.column + last.text.length } : { line: instruction.line, column: instruction.column };
}

export interface KeyValue {
  readonly key: string;
  /** undefined for `ARG NAME` without a default. */
  readonly value: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** `ENV`/`ARG`/`LABEL` pairs: `K=V K2="v 2"`, or the legacy `ENV K the rest of the line`. */
export function keyValues(instruction: Instruction, escape: string): KeyValue[] {
  const words = splitWords(instruction.args, escape);
  const first = words[0];
  if (!first) return [];
  if (instruction.keyword === 'ENV' && !first.raw.includes('=')) {
    const rest = words.slice(1);
    const value = rest.map((word) => word.value).join(' ');
    return [{ key: first.value, value, start: first.start, end: rest.length > 0 ? rest[rest.length - 1]!.end : first.end }];
  }
  return words.map((word) => {
    const eq = word.raw.indexOf('=');
    if (eq < 0) return { key: word.value, value: undefined, start: word.start, end: word.end };
    const key = word.raw.slice(0, eq);
    const valueWords = splitWords(word.raw.slice(eq + 1), escape);
    return { key, value: valueWords.length === 0 ? '' : valueWords.map((w) => w.value).join(''), start: word.start, end: word.end };
  });
}

export interface Substituted {
  readonly value: string;
  /** Names used without a value or default. */
  readonly unresolved: readonly string[];
}

/** Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `${VAR:+alt}` from `vars`. */
export function substitute(text: string, vars: ReadonlyMap<string, string | undefined>): Substituted {
  const unresolved: string[] = [];
  const value = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_all, braced?: string, op?: string, word?: string, bare?: string) => {
    const name = (braced ?? bare)!;
    const current = vars.get(name);
    if (op === ':-' || op === '-') return current === undefined || (op === ':-' && current === '') ? (word ?? '') : current;
    if (op === ':+' || op === '+') return current === undefined || (op === ':+' && current === '') ? '' : (word ?? '');
    if (current === undefined) {
      unresolved.push(name);
      return '';
    }
    return current;
  });
  return { value, unresolved };
}

export interface Stage {
  /** The FROM instruction. */
  readonly from: Instruction;
  /** The image as written, and as substituted with the global ARG defaults. */
  readonly imageWord: Word | undefined;
  readonly image: Substituted | undefined;
  readonly name: string | undefined;
  readonly index: number;
  /** The instructions after FROM up to the next FROM. */
  readonly body: readonly Instruction[];
}

export interface Stages {
  /** ARG instructions before the first FROM, and their defaults. */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly stages: readonly Stage[];
}

/** Groups instructions into build stages. */
export function stagesOf(file: Dockerfile): Stages {
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  let current: { from: Instruction; body: Instruction[] } | undefined;
  const finish = () => {
    if (!current) return;
    const words = splitFlags(splitWords(current.from.args, file.escape)).rest;
    const imageWord = words[0];
    const name = words[1]?.value.toLowerCase() === 'as' ? words[2]?.value : undefined;
    stages.push({
      from: current.from,
      imageWord,
      image: imageWord ? substitute(imageWord.value, globalArgs) : undefined,
      name,
      index: stages.length,
      body: current.body,
    });
  };
  for (const instruction of file.instructions) {
    if (instruction.keyword === 'FROM') {
      finish();
      current = { from: instruction, body: [] };
    } else if (current) {
      current.body.push(instruction);
    } else if (instruction.keyword === 'ARG') {
      for (const pair of keyValues(instruction, file.escape)) globalArgs.set(pair.key, pair.value === undefined ? undefined : substitute(pair.value, globalArgs).value);
    }
  }
  finish();
  return { globalArgs, stages };
}
