/**
 * @module The symbolic values on the machine's stack and in its memo. Ints are JS numbers (or bigints), NONE
 * is null, booleans are booleans; everything else is one class, `PickleObject`, so the hot loop stays
 * monomorphic. Strings and bytes are not copied: they record where their payload lies in the input and are
 * decoded only when a name, an argument or evidence needs them. Containers keep their first few items only,
 * which is all that evidence and call resolution need, so memory does not grow with their length.
 */

export const Kind = {
  /** Text: UTF-8 (BINUNICODE), Latin-1 (protocol 0-2 byte strings) or already decoded (`text` set). */
  str: 1,
  bytes: 2,
  float: 3,
  /** An integer too long to keep (LONG4 or a long LONG line). */
  long: 4,
  tuple: 5,
  list: 6,
  dict: 7,
  set: 8,
  frozenset: 9,
  /** An imported name (GLOBAL, STACK_GLOBAL, INST), or one resolved through getattr. */
  global: 10,
  /** The result of calling something (REDUCE, OBJ, INST, NEWOBJ_EX with arguments). */
  call: 11,
  /** An object made by `cls.__new__` (NEWOBJ, NEWOBJ_EX without arguments, copyreg rebuilders). */
  instance: 12,
  /** What the loader's persistent_load returns (PyTorch storages). */
  persistent: 13,
  /** An object from the copyreg extension registry (EXT1/2/4). */
  extension: 14,
  /** An out-of-band buffer (NEXT_BUFFER). */
  buffer: 15,
  /** A value the machine cannot know (a memo slot it could not keep). */
  unknown: 16,
} as const;

export type KindCode = (typeof Kind)[keyof typeof Kind];

export const Encoding = { utf8: 0, latin1: 1, decoded: 2 } as const;

/** A resolved import: the module and (possibly dotted) name the loader imports, and how it was written. */
export interface GlobalName {
  /** The module imported, after Python 2 name mapping when the protocol asks for it. */
  readonly module: string;
  /** The attribute path in the module: `system`, or `Path.write_text` for a dotted name. */
  readonly name: string;
  /** `module.name` as the pickle wrote it, for evidence. */
  readonly written: string;
}

export class PickleObject {
  constructor(
    public kind: KindCode,
    /** Container items (dict: key, value, key, value...), call: [callee, args], instance: [class, args]. */
    public items: Value[] | null,
    /** Logical length of a container, or byte length of a str/bytes payload. */
    public size: number,
    /** Absolute offset of a str/bytes payload, or of the opcode that made the value. */
    public offset: number,
    /** Decoded text of a str (lazily), or how a value was made. */
    public text: string | null,
    public encoding: number,
    public name: GlobalName | null,
    /** Bytes computed statically (a decoded constant), or null. */
    public data: Uint8Array | null,
    /** The state a BUILD gave this value, when it matters (numpy dtypes). */
    public state: Value,
  ) {}
}

export type Value = PickleObject | number | bigint | boolean | null;

/** Shared markers: values the machine never needs to tell apart. */
export const FLOAT = new PickleObject(Kind.float, null, 0, 0, null, 0, null, null, null);
export const LONG = new PickleObject(Kind.long, null, 0, 0, null, 0, null, null, null);
export const UNKNOWN = new PickleObject(Kind.unknown, null, 0, 0, null, 0, null, null, null);

/** How many items of each container are kept. */
export const KEEP_ITEMS = { tuple: 32, list: 8, dict: 16, set: 8 } as const;

export function make(kind: KindCode, items: Value[] | null, size: number, offset: number): PickleObject {
  return new PickleObject(kind, items, size, offset, null, 0, null, null, null);
}

export function makeText(text: string, offset: number): PickleObject {
  return new PickleObject(Kind.str, null, text.length, offset, text, Encoding.decoded, null, null, null);
}

export function makeBytes(data: Uint8Array, offset: number): PickleObject {
  return new PickleObject(Kind.bytes, null, data.length, offset, null, 0, null, data, null);
}

export function makeGlobal(name: GlobalName, offset: number): PickleObject {
  return new PickleObject(Kind.global, null, 0, offset, null, 0, name, null, null);
}

export function isObject(value: Value | undefined): value is PickleObject {
  return typeof value === 'object' && value !== null;
}

export function kindOf(value: Value): KindCode | 'int' | 'bool' | 'none' {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'int';
  return value.kind;
}
