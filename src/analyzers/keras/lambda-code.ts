/**
 * @module Describes the code a Lambda layer or serialized lambda carries, for evidence: marshalled CPython
 * bytecode (base64, as Keras's `func_dump` writes it) is summarised by the string constants and names in it,
 * which is where `os`, `system` or `eval` show up. Nothing is unmarshalled or run.
 */

const MAX_STRINGS = 10;
const MAX_CODE_CHARS = 16 * 1024 * 1024;
/** marshal type codes of str objects (short and long, ASCII, interned, unicode), without the FLAG_REF bit. */
const SHORT_STRING_TYPES = new Set(['z', 'Z'].map((c) => c.charCodeAt(0)));
const LONG_STRING_TYPES = new Set(['a', 'A', 'u', 't'].map((c) => c.charCodeAt(0)));

const printable = (bytes: Uint8Array) => bytes.length > 0 && bytes.every((b) => b >= 0x20 && b < 0x7f);

/** The str constants and names found in marshalled bytecode, by the marshal type codes that precede them. */
function bytecodeStrings(code: Uint8Array): string[] {
  const found = new Set<string>();
  for (let i = 0; i < code.length && found.size < MAX_STRINGS; i++) {
    const type = code[i]! & 0x7f;
    let start = -1;
    let length = 0;
    if (SHORT_STRING_TYPES.has(type) && i + 1 < code.length) [start, length] = [i + 2, code[i + 1]!];
    else if (LONG_STRING_TYPES.has(type) && i + 4 < code.length) {
      [start, length] = [i + 5, (code[i + 1]! | (code[i + 2]! << 8) | (code[i + 3]! << 16) | (code[i + 4]! << 24)) >>> 0];
      if (length > 256) continue;
    }
    if (start < 0 || start + length > code.length) continue;
    const bytes = code.subarray(start, start + length);
    if (!printable(bytes)) continue;
    found.add(Buffer.from(bytes).toString('latin1'));
    i = start + length - 1;
  }
  return [...found];
}

function describeBytecode(base64: string): string {
  const code = Buffer.from(base64.slice(0, MAX_CODE_CHARS), 'base64');
  const strings = bytecodeStrings(code);
  return `marshalled Python bytecode (${code.length} bytes${strings.length > 0 ? `; names and strings: ${strings.join(', ')}` : ''})`;
}

/**
 * What a Lambda's `function` (or a `__lambda__` object) holds, in a few words.
 * @param functionType Keras 2's `function_type`: "lambda" means `function` is bytecode even as a bare string
 */
export function describeLambdaFunction(fn: unknown, functionType?: unknown): string {
  if (typeof fn === 'string') return functionType === 'lambda' ? describeBytecode(fn) : `the function "${fn.slice(0, 200)}"`;
  // Keras 2: [base64 code, defaults, closure]
  if (Array.isArray(fn) && typeof fn[0] === 'string') return describeBytecode(fn[0]);
  if (typeof fn !== 'object' || fn === null) return 'a function aigis cannot read';
  const object = fn as Record<string, unknown>;
  const config = object['config'] as Record<string, unknown> | string | undefined;
  if (object['class_name'] === '__lambda__' || 'code' in object || 'value' in object) {
    // Keras 3 `__lambda__`: {code, defaults, closure} or {value: [code, defaults, closure]}
    const inner = object['class_name'] === '__lambda__' ? config : object;
    const code = typeof inner === 'object' && inner !== null ? (inner['code'] ?? inner['value']) : undefined;
    if (typeof code === 'string') return describeBytecode(code);
    if (Array.isArray(code) && typeof code[0] === 'string') return describeBytecode(code[0]);
    return 'a serialized Python lambda';
  }
  if (object['class_name'] === 'function') return `the function ${String(object['module'] ?? '?')}.${String(config ?? '?')}`;
  return 'a function aigis cannot read';
}
