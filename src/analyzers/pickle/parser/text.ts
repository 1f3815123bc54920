/**
 * @module Decoding of the text forms pickle uses: UTF-8 and Latin-1 payloads, protocol 0's quoted STRING
 * lines (Python escapes) and UNICODE lines (raw-unicode-escape). Only for values something needs to read.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** UTF-8 as `find_class` decodes module and name lines: invalid input is an error, not replaced. */
export function decodeStrictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

/**
 * The argument of a protocol 0 STRING opcode: a quoted Python bytes literal (`'os'`, `"a\\x00"`). Returns
 * undefined when it is not quoted, as `_pickle.c` then refuses it ("the STRING opcode argument must be quoted").
 */
export function decodeQuotedString(line: string): string | undefined {
  if (line.length < 2) return undefined;
  const quote = line[0];
  if ((quote !== "'" && quote !== '"') || line[line.length - 1] !== quote) return undefined;
  const body = line.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\' || i + 1 >= body.length) {
      out += char;
      continue;
    }
    const next = body[++i]!;
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
      i += digits.length - 1;
    } else out += `\\${next}`;
  }
  return out;
}

/** raw-unicode-escape: only `\uXXXX` and `\UXXXXXXXX` are escapes; every other byte is Latin-1. */
export function decodeRawUnicodeEscape(latin1: string): string {
  return latin1.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, four: string | undefined, eight: string | undefined) => {
    const code = parseInt((four ?? eight)!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
}
