/**
 * @module A strict JSON reader for safetensors headers. Unlike `JSON.parse` it keeps every member of an object,
 * repeated names included, keeps numbers as their text (offsets are 64-bit integers), and notes what
 * serde_json (the Rust parser the safetensors library uses) would treat differently: lone surrogates and
 * nesting past its recursion limit.
 */

export type JsonValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[] }
  | { readonly kind: 'object'; readonly members: readonly (readonly [string, JsonValue])[] };

export class HeaderJsonError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at character ${position}`);
  }
}

/** serde_json refuses deeper nesting. */
export const MAX_JSON_DEPTH = 128;

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type MemberVisitor = (name: string, value: JsonValue) => void;

class Reader {
  pos = 0;
  /** serde_json refuses a \\u escape that is half of a surrogate pair; JSON.parse and Python accept it. */
  loneSurrogate = false;

  /** @param visitTop receives the members of a top-level object one by one, which are then not kept */
  constructor(
    private readonly text: string,
    private readonly visitTop?: MemberVisitor,
  ) {}

  fail(message: string): never {
    throw new HeaderJsonError(message, this.pos);
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text.charCodeAt(this.pos))) this.pos++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
      case 'f':
      case 'n':
        return this.literal();
      case undefined:
        return this.fail('unexpected end of header');
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.number();
        return this.fail(`unexpected ${JSON.stringify(c)}`);
    }
  }

  private literal(): JsonValue {
    for (const [word, value] of [['true', { kind: 'bool', value: true }], ['false', { kind: 'bool', value: false }], ['null', { kind: 'null' }]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail('unexpected word');
  }

  private number(): JsonValue {
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found) this.fail('malformed number');
    this.pos += found[0].length;
    return { kind: 'number', text: found[0] };
  }

  private string(): Extract<JsonValue, { kind: 'string' }> {
    const { text } = this;
    this.pos++; // opening quote
    let value = '';
    let runStart = this.pos;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code === 0x22) {
        value += text.slice(runStart, this.pos);
        this.pos++;
        return { kind: 'string', value };
      }
      if (code < 0x20) this.fail('control character in string');
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      value += text.slice(runStart, this.pos);
      const escape = text[this.pos + 1];
      if (escape === 'u') {
        const unit = this.hex4(this.pos + 2);
        this.pos += 6;
        if (unit >= 0xd800 && unit <= 0xdbff && text.startsWith('\\u', this.pos)) {
          const low = this.hex4(this.pos + 2);
          if (low >= 0xdc00 && low <= 0xdfff) {
            value += String.fromCharCode(unit, low);
            this.pos += 6;
            runStart = this.pos;
            continue;
          }
        }
        if (unit >= 0xd800 && unit <= 0xdfff) this.loneSurrogate = true;
        value += String.fromCharCode(unit);
      } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
        value += ESCAPES[escape]!;
        this.pos += 2;
      } else {
        this.fail('invalid escape');
      }
      runStart = this.pos;
    }
  }

  private hex4(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('invalid \\u escape');
    return parseInt(digits, 16);
  }

  private array(depth: number): JsonValue {
    this.pos++;
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') this.fail('expected , or ]');
    }
  }

  private object(depth: number): JsonValue {
    this.pos++;
    const members: [string, JsonValue][] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', members };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a member name');
      const name = this.string();
      this.skipWhitespace();
      if (this.text[this.pos++] !== ':') this.fail('expected :');
      const value = this.value(depth + 1);
      if (depth === 0 && this.visitTop) this.visitTop(name.value, value);
      else members.push([name.value, value]);
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === '}') return { kind: 'object', members };
      if (c !== ',') this.fail('expected , or }');
    }
  }
}

/**
 * Parses one JSON value; only whitespace may follow it (safetensors pads headers with spaces). With `visitTop`,
 * the members of a top-level object go to the visitor as they are read instead of into the result, so a
 * 100 MB header never exists as a tree in memory.
 */
export function parseHeaderJson(text: string, visitTop?: MemberVisitor): { value: JsonValue; loneSurrogate: boolean } {
  const reader = new Reader(text, visitTop);
  const value = reader.value(0);
  reader.skipWhitespace();
  if (reader.pos < text.length) reader.fail('trailing characters after the JSON value');
  return { value, loneSurrogate: reader.loneSurrogate };
}

/** A non-negative integer as serde reads a `usize`: plain digits only, below 2^64. */
export function asUsize(value: JsonValue): bigint | undefined {
  if (value.kind !== 'number' || !/^(?:0|[1-9][0-9]{0,19})$/.test(value.text)) return undefined;
  const n = BigInt(value.text);
  return n < 2n ** 64n ? n : undefined;
}
