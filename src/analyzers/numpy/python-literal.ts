/**
 * @module A parser for the Python literal subset that `.npy` headers hold (numpy reads them with
 * `ast.literal_eval`): dicts, tuples, lists, sets, strings, integers, booleans and None. It never evaluates
 * anything. Dict keys repeat the way Python's do: the last value wins, and the repetition is recorded.
 */

export type PyValue =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'bytes'; readonly value: string }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'float' }
  | { readonly kind: 'tuple' | 'list' | 'set'; readonly items: readonly PyValue[] }
  | { readonly kind: 'dict'; readonly entries: ReadonlyMap<string, PyValue>; readonly repeatedKeys: readonly string[] };

export class PyLiteralError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at character ${position}`);
  }
}

const MAX_DEPTH = 64;
const MAX_BIGINT_DIGITS = 400;

/** Options the caller sets from the header version: Python 2 writers put `L` after long integers. */
export interface LiteralOptions {
  readonly allowLongSuffix: boolean;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

class Parser {
  private pos = 0;

  constructor(private readonly text: string, private readonly options: LiteralOptions) {}

  parseAll(): PyValue {
    const value = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw new PyLiteralError(`unexpected ${JSON.stringify(this.text[this.pos])}`, this.pos);
    return value;
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.pos++;
      else if (c === '\\' && text[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        const end = text.indexOf('\n', this.pos);
        this.pos = end < 0 ? text.length : end;
      } else break;
    }
  }

  private value(depth: number): PyValue {
    if (depth > MAX_DEPTH) throw new PyLiteralError(`nesting deeper than ${MAX_DEPTH}`, this.pos);
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) throw new PyLiteralError('unexpected end of header', this.pos);
    if (c === '{') return this.braces(depth);
    if (c === '[') return { kind: 'list', items: this.sequence(']', depth).items };
    if (c === '(') return this.parenthesised(depth);
    if (c === '-' || c === '+' || (c >= '0' && c <= '9') || c === '.') return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos, this.pos + 64))?.[0];
    if (word !== undefined) {
      const prefix = word.toLowerCase();
      const quote = this.text[this.pos + word.length];
      if ((quote === "'" || quote === '"') && /^(?:u|r|b|br|rb)$/.test(prefix)) return this.strings();
      this.pos += word.length;
      if (word === 'True' || word === 'False') return { kind: 'bool', value: word === 'True' };
      if (word === 'None') return { kind: 'none' };
      throw new PyLiteralError(`name ${word} is not a literal`, this.pos - word.length);
    }
    if (c === "'" || c === '"') return this.strings();
    throw new PyLiteralError(`unexpected ${JSON.stringify(c)}`, this.pos);
  }

  /** Adjacent string literals concatenate, as in Python source. */
  private strings(): PyValue {
    let kind: 'str' | 'bytes' | undefined;
    let value = '';
    for (;;) {
      this.skipSpace();
      const prefix = /^[A-Za-z]{0,2}(?=['"])/.exec(this.text.slice(this.pos, this.pos + 3))?.[0];
      if (prefix === undefined || !/^(?:|u|r|b|br|rb)$/i.test(prefix)) break;
      const isBytes = /b/i.test(prefix);
      if (kind !== undefined && (kind === 'bytes') !== isBytes) throw new PyLiteralError('cannot mix bytes and str literals', this.pos);
      kind = isBytes ? 'bytes' : 'str';
      this.pos += prefix.length;
      value += this.quoted(/r/i.test(prefix));
    }
    if (kind === undefined) throw new PyLiteralError('expected a string', this.pos);
    return { kind, value };
  }

  private quoted(raw: boolean): string {
    const { text } = this;
    const quote = text[this.pos]!;
    const triple = text.startsWith(quote.repeat(3), this.pos);
    const close = triple ? quote.repeat(3) : quote;
    this.pos += close.length;
    let out = '';
    for (;;) {
      if (this.pos >= text.length) throw new PyLiteralError('unterminated string', this.pos);
      if (text.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const c = text[this.pos]!;
      if (c === '\n' && !triple) throw new PyLiteralError('newline in string', this.pos);
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const next = text[this.pos + 1];
      if (next === undefined) throw new PyLiteralError('unterminated string', this.pos);
      if (raw) {
        out += c + next;
        this.pos += 2;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const { text } = this;
    const next = text[this.pos + 1]!;
    if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      this.pos += 2;
      return SIMPLE_ESCAPES[next]!;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(this.pos + 1, this.pos + 4))?.[0];
    if (octal) {
      this.pos += 1 + octal.length;
      return String.fromCharCode(parseInt(octal, 8));
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = text.slice(this.pos + 2, this.pos + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new PyLiteralError('bad escape', this.pos);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw new PyLiteralError('escape out of range', this.pos);
      this.pos += 2 + width;
      return String.fromCodePoint(code);
    }
    if (next === 'N') throw new PyLiteralError('named escapes are not supported', this.pos);
    // Python keeps an unknown escape as written.
    this.pos += 2;
    return `\\${next}`;
  }

  private number(): PyValue {
    const { text } = this;
    const start = this.pos;
    let sign = 1n;
    while (text[this.pos] === '-' || text[this.pos] === '+') {
      if (text[this.pos] === '-') sign = -sign;
      this.pos++;
      this.skipSpace();
    }
    const rest = text.slice(this.pos, this.pos + MAX_BIGINT_DIGITS + 8);
    const integer = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?[0-9])*|0(?:_?0)*)(?![0-9a-zA-Z_.])/.exec(rest)?.[0];
    const long = this.options.allowLongSuffix ? /^(?:[1-9][0-9]*|0)[lL](?![0-9a-zA-Z_.])/.exec(rest)?.[0] : undefined;
    const token = integer ?? long;
    if (token !== undefined) {
      this.pos += token.length;
      const digits = token.replace(/_/g, '').replace(/[lL]$/, '');
      const body = /^0[oO]/.test(digits) ? `0o${digits.slice(2)}` : digits;
      return { kind: 'int', value: sign * BigInt(body) };
    }
    const float = /^(?:[0-9](?:_?[0-9])*\.?(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?[jJ]?(?![0-9a-zA-Z_.])/.exec(rest)?.[0];
    if (float) {
      this.pos += float.length;
      return { kind: 'float' };
    }
    throw new PyLiteralError('malformed number', start);
  }

  private sequence(close: string, depth: number): { items: PyValue[]; trailingComma: boolean } {
    this.pos++; // the opening bracket
    const items: PyValue[] = [];
    let trailingComma = false;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return { items, trailingComma };
      }
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos];
      trailingComma = c === ',';
      if (c === ',') this.pos++;
      else if (c !== close) throw new PyLiteralError(`expected , or ${close}`, this.pos);
    }
  }

  private parenthesised(depth: number): PyValue {
    const start = this.pos;
    const { items, trailingComma } = this.sequence(')', depth);
    if (items.length === 1 && !trailingComma) return items[0]!;
    if (items.length === 0 && trailingComma) throw new PyLiteralError('empty tuple with a comma', start);
    return { kind: 'tuple', items };
  }

  private braces(depth: number): PyValue {
    const start = this.pos;
    this.pos++;
    const entries = new Map<string, PyValue>();
    const repeatedKeys: string[] = [];
    const setItems: PyValue[] = [];
    let isSet: boolean | undefined;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return isSet ? { kind: 'set', items: setItems } : { kind: 'dict', entries, repeatedKeys };
      }
      const key = this.value(depth + 1);
      this.skipSpace();
      if (this.text[this.pos] === ':') {
        if (isSet === true) throw new PyLiteralError('a set cannot hold key: value pairs', this.pos);
        isSet = false;
        this.pos++;
        const value = this.value(depth + 1);
        const name = dictKey(key, start);
        if (entries.has(name)) repeatedKeys.push(name);
        entries.set(name, value); // as in Python: the first position, the last value

      } else {
        if (isSet === false) throw new PyLiteralError('expected :', this.pos);
        isSet = true;
        setItems.push(key);
      }
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c !== '}') throw new PyLiteralError('expected , or }', this.pos);
    }
  }
}

/** Header dicts are keyed by strings; other keys are kept in a form that can never equal a string key. */
function dictKey(key: PyValue, position: number): string {
  if (key.kind === 'str') return key.value;
  if (key.kind === 'bytes') return `\u0000bytes:${key.value}`;
  if (key.kind === 'int') return `\u0000int:${key.value}`;
  if (key.kind === 'bool' || key.kind === 'none' || key.kind === 'float') return `\u0000${key.kind}:${'value' in key ? String(key.value) : ''}`;
  throw new PyLiteralError(`unhashable ${key.kind} used as a dict key`, position);
}

export function parsePyLiteral(text: string, options: LiteralOptions): PyValue {
  return new Parser(text, options).parseAll();
}

/** A value as Python would print it, shortened: for messages and evidence. */
export function pyRepr(value: PyValue, maxLength = 120): string {
  const text = reprOf(value, 0);
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text;
}

function reprOf(value: PyValue, depth: number): string {
  if (depth > 8) return '...';
  switch (value.kind) {
    case 'str':
      return `'${value.value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
    case 'bytes':
      return `b'${value.value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
    case 'int':
      return value.value.toString();
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'float':
      return '<float>';
    case 'tuple':
      return `(${value.items.map((v) => reprOf(v, depth + 1)).join(', ')}${value.items.length === 1 ? ',' : ''})`;
    case 'list':
      return `[${value.items.map((v) => reprOf(v, depth + 1)).join(', ')}]`;
    case 'set':
      return `{${value.items.map((v) => reprOf(v, depth + 1)).join(', ')}}`;
    case 'dict':
      return `{${[...value.entries].map(([k, v]) => `'${k}': ${reprOf(v, depth + 1)}`).join(', ')}}`;
  }
}
