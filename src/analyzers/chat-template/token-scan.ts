/**
 * @module The fallback for a template the parser cannot read: a tolerant lexer that finds the code regions
 * (`{{ }}`, `{% %}`; comments and `{% raw %}` blocks are text to Jinja and skipped here too), decodes string
 * literals with Python's escapes (`'\137\137class\137\137'` is `'__class__'`), and looks for dangerous names
 * in identifiers, in strings, and in the strings of a region joined together (`'__cla' ~ 'ss__'`). It cannot
 * prove a template safe, only find what is plainly there.
 */
import { dangerousNamesIn, isDangerousName, isPrivateName } from './names.js';

export interface TokenScan {
  /** Each dangerous name found, with the index of its first appearance in the template. */
  readonly escapes: ReadonlyMap<string, number>;
  readonly suspicious: ReadonlyMap<string, number>;
}

const RAW_BLOCK = /\{%[-+]?\s*raw\s*[-+]?%\}[\s\S]*?(?:\{%[-+]?\s*endraw\s*[-+]?%\}|$)/g;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { 'LOW LINE': '_', 'FULL STOP': '.', 'LEFT SQUARE BRACKET': '[', 'RIGHT SQUARE BRACKET': ']' };
const SIMPLE: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** A Python string literal's body with its escapes decoded (as Jinja's lexer does with unicode-escape). */
export function decodePythonEscapes(body: string): string {
  return body.replace(/\\(N\{([^}]*)\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, escape: string, named: string | undefined) => {
    if (named !== undefined) return NAMED_ESCAPES[named.toUpperCase()] ?? '\uFFFD';
    if (/^[xuU]/.test(escape) && escape.length > 1) {
      const code = parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    if (/^[0-7]+$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return Object.hasOwn(SIMPLE, escape) ? SIMPLE[escape]! : whole;
  });
}

function blankRawBlocks(template: string): string {
  return template.replace(RAW_BLOCK, (block) => ' '.repeat(block.length));
}

export function scanTokens(template: string): TokenScan {
  const text = blankRawBlocks(template);
  const escapes = new Map<string, number>();
  const suspicious = new Map<string, number>();
  const note = (map: Map<string, number>, key: string, at: number) => {
    if (!map.has(key)) map.set(key, at);
  };
  const tokenPattern = /'((?:[^'\\]|\\[\s\S])*)'?|"((?:[^"\\]|\\[\s\S])*)"?|([A-Za-z_][A-Za-z0-9_]*)|(%\}|\}\})|([|.(])|(\S)/g;
  const openPattern = /\{[{%#]/g;
  let pos = 0;
  while (pos < text.length) {
    openPattern.lastIndex = pos;
    const open = openPattern.exec(text);
    if (!open) break;
    const start = open.index;
    if (text[start + 1] === '#') {
      const end = text.indexOf('#}', start + 2);
      pos = end < 0 ? text.length : end + 2;
      continue;
    }
    // Tokens until the closing delimiter; strings may hold `}}` without closing anything.
    tokenPattern.lastIndex = start + 2;
    const strings: { value: string; at: number }[] = [];
    let previous = '';
    let beforePrevious = '';
    let match: RegExpExecArray | null;
    while ((match = tokenPattern.exec(text)) !== null) {
      const at = match.index;
      const [, single, double, identifier, close, punctuation] = match;
      if (close !== undefined) break;
      if (single !== undefined || double !== undefined) {
        const value = decodePythonEscapes(single ?? double!);
        strings.push({ value, at });
        if (isDangerousName(value)) note(escapes, value, at);
        for (const name of dangerousNamesIn(value)) note(escapes, name, at);
        if (previous === '(' && beforePrevious === 'attr' && isPrivateName(value)) note(suspicious, `private attribute '${value}' through |attr`, at);
      } else if (identifier !== undefined) {
        if (isDangerousName(identifier)) note(escapes, identifier, at);
        else if (previous === '.' && isPrivateName(identifier)) note(suspicious, `private attribute '.${identifier}'`, at);
        if (previous === '(' && beforePrevious === 'attr') note(suspicious, '|attr(...) with a name computed at render time', at);
      } else if (punctuation === undefined && previous === '(' && beforePrevious === 'attr' && match[0] !== ')') {
        note(suspicious, '|attr(...) with a name computed at render time', at);
      }
      beforePrevious = previous;
      previous = identifier ?? punctuation ?? (single !== undefined || double !== undefined ? 'string' : match[0]);
    }
    // `'__cla' ~ 'ss__'`, `['__', 'class', '__']|join`: the region's strings joined.
    const joined = strings.map((s) => s.value).join('');
    for (const name of dangerousNamesIn(joined)) note(escapes, name, strings[0]?.at ?? start);
    pos = match === null ? text.length : tokenPattern.lastIndex;
  }
  return { escapes, suspicious };
}
