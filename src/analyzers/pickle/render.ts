/**
 * @module Evidence: a value written back as Python source, e.g. `os.system('true')` or
 * `builtins.getattr(builtins.__import__('os'), 'system')`. Bounded in depth, items and length.
 */
import type { ChunkReader } from './parser/chunk-reader.js';
import { textOf } from './parser/payload.js';
import type { Value } from './parser/values.js';
import { Kind } from './parser/values.js';

const MAX_DEPTH = 5;
const MAX_ITEMS = 6;
const MAX_TEXT = 48;

function quote(text: string): string {
  const cut = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return `'${cut.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function bytesLiteral(bytes: Uint8Array, size: number): string {
  let out = '';
  for (const byte of bytes.subarray(0, 24)) {
    out += byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `b'${out}'${size > 24 ? `…(${size} bytes)` : ''}`;
}

export class Renderer {
  constructor(private readonly reader: ChunkReader) {}

  render(value: Value, maxLength = 300): string {
    const text = this.value(value, 0);
    return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  }

  /** A call's argument list without the tuple's parentheses. */
  args(args: Value, depth = 0): string {
    if (typeof args === 'object' && args !== null && args.kind === Kind.tuple) return this.items(args.items ?? [], args.size, depth + 1);
    return `*${this.value(args, depth + 1)}`;
  }

  private items(items: readonly Value[], size: number, depth: number): string {
    const shown = items.slice(0, MAX_ITEMS).map((item) => this.value(item, depth));
    if (size > shown.length) shown.push('…');
    return shown.join(', ');
  }

  private value(value: Value, depth: number): string {
    if (value === null) return 'None';
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (depth > MAX_DEPTH) return '…';
    switch (value.kind) {
      case Kind.str: {
        const text = textOf(this.reader, value, 4096);
        return text === undefined ? `<str of ${value.size} bytes>` : quote(text);
      }
      case Kind.bytes:
        return bytesLiteral(value.data ?? this.reader.bytesAt(value.offset, Math.min(value.size, 24)), value.size);
      case Kind.float:
        return '<float>';
      case Kind.long:
        return '<long int>';
      case Kind.tuple:
        return value.size === 1 ? `(${this.value(value.items![0]!, depth + 1)},)` : `(${this.items(value.items!, value.size, depth + 1)})`;
      case Kind.list:
        return `[${this.items(value.items!, value.size, depth + 1)}]`;
      case Kind.set:
        return value.size === 0 ? 'set()' : `{${this.items(value.items!, value.size, depth + 1)}}`;
      case Kind.frozenset:
        return `frozenset({${this.items(value.items!, value.size, depth + 1)}})`;
      case Kind.dict: {
        const items = value.items!;
        const pairs: string[] = [];
        for (let i = 0; i + 1 < items.length && pairs.length < MAX_ITEMS; i += 2) pairs.push(`${this.value(items[i]!, depth + 1)}: ${this.value(items[i + 1]!, depth + 1)}`);
        if (value.size > pairs.length) pairs.push('…');
        return `{${pairs.join(', ')}}`;
      }
      case Kind.global:
        return value.text ?? value.name!.written;
      case Kind.call:
        return `${this.value(value.items![0]!, depth + 1)}(${this.args(value.items![1]!, depth)})`;
      case Kind.instance:
        return `${this.value(value.items![0]!, depth + 1)}.__new__(…)`;
      case Kind.persistent:
        return `persistent_load(${this.value(value.items![0]!, depth + 1)})`;
      case Kind.extension:
        return `<copyreg extension ${value.size}>`;
      case Kind.buffer:
        return '<out-of-band buffer>';
      default:
        return value.text ?? '<unknown>';
    }
  }
}
