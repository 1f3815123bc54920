/**
 * @module The pickle opcodes of protocols 0-5 (CPython Lib/pickletools.py, Modules/_pickle.c): their bytes,
 * names for messages, and how each one's argument is laid out, for the machine and for skimming.
 */

/** How an opcode's argument is laid out in the stream. */
export const Arg = {
  none: 0,
  /** Fixed length in bytes (`width`). */
  fixed: 1,
  /** A newline-terminated line. */
  line: 2,
  /** Two lines (GLOBAL, INST: module and name). */
  twoLines: 3,
  /** A little-endian length of `width` bytes, then that many bytes. */
  counted: 4,
} as const;

interface OpcodeInfo {
  readonly name: string;
  readonly arg: number;
  readonly width: number;
}

const TABLE: readonly [string, string, number, number][] = [
  ['(', 'MARK', Arg.none, 0], ['.', 'STOP', Arg.none, 0], ['0', 'POP', Arg.none, 0], ['1', 'POP_MARK', Arg.none, 0],
  ['2', 'DUP', Arg.none, 0], ['F', 'FLOAT', Arg.line, 0], ['I', 'INT', Arg.line, 0], ['J', 'BININT', Arg.fixed, 4],
  ['K', 'BININT1', Arg.fixed, 1], ['L', 'LONG', Arg.line, 0], ['M', 'BININT2', Arg.fixed, 2], ['N', 'NONE', Arg.none, 0],
  ['P', 'PERSID', Arg.line, 0], ['Q', 'BINPERSID', Arg.none, 0], ['R', 'REDUCE', Arg.none, 0], ['S', 'STRING', Arg.line, 0],
  ['T', 'BINSTRING', Arg.counted, 4], ['U', 'SHORT_BINSTRING', Arg.counted, 1], ['V', 'UNICODE', Arg.line, 0],
  ['X', 'BINUNICODE', Arg.counted, 4], ['a', 'APPEND', Arg.none, 0], ['b', 'BUILD', Arg.none, 0], ['c', 'GLOBAL', Arg.twoLines, 0],
  ['d', 'DICT', Arg.none, 0], ['}', 'EMPTY_DICT', Arg.none, 0], ['e', 'APPENDS', Arg.none, 0], ['g', 'GET', Arg.line, 0],
  ['h', 'BINGET', Arg.fixed, 1], ['i', 'INST', Arg.twoLines, 0], ['j', 'LONG_BINGET', Arg.fixed, 4], ['l', 'LIST', Arg.none, 0],
  [']', 'EMPTY_LIST', Arg.none, 0], ['o', 'OBJ', Arg.none, 0], ['p', 'PUT', Arg.line, 0], ['q', 'BINPUT', Arg.fixed, 1],
  ['r', 'LONG_BINPUT', Arg.fixed, 4], ['s', 'SETITEM', Arg.none, 0], ['t', 'TUPLE', Arg.none, 0], [')', 'EMPTY_TUPLE', Arg.none, 0],
  ['u', 'SETITEMS', Arg.none, 0], ['G', 'BINFLOAT', Arg.fixed, 8],
  ['\x80', 'PROTO', Arg.fixed, 1], ['\x81', 'NEWOBJ', Arg.none, 0], ['\x82', 'EXT1', Arg.fixed, 1], ['\x83', 'EXT2', Arg.fixed, 2],
  ['\x84', 'EXT4', Arg.fixed, 4], ['\x85', 'TUPLE1', Arg.none, 0], ['\x86', 'TUPLE2', Arg.none, 0], ['\x87', 'TUPLE3', Arg.none, 0],
  ['\x88', 'NEWTRUE', Arg.none, 0], ['\x89', 'NEWFALSE', Arg.none, 0], ['\x8a', 'LONG1', Arg.counted, 1], ['\x8b', 'LONG4', Arg.counted, 4],
  ['B', 'BINBYTES', Arg.counted, 4], ['C', 'SHORT_BINBYTES', Arg.counted, 1],
  ['\x8c', 'SHORT_BINUNICODE', Arg.counted, 1], ['\x8d', 'BINUNICODE8', Arg.counted, 8], ['\x8e', 'BINBYTES8', Arg.counted, 8],
  ['\x8f', 'EMPTY_SET', Arg.none, 0], ['\x90', 'ADDITEMS', Arg.none, 0], ['\x91', 'FROZENSET', Arg.none, 0],
  ['\x92', 'NEWOBJ_EX', Arg.none, 0], ['\x93', 'STACK_GLOBAL', Arg.none, 0], ['\x94', 'MEMOIZE', Arg.none, 0], ['\x95', 'FRAME', Arg.fixed, 8],
  ['\x96', 'BYTEARRAY8', Arg.counted, 8], ['\x97', 'NEXT_BUFFER', Arg.none, 0], ['\x98', 'READONLY_BUFFER', Arg.none, 0],
];

const BY_BYTE: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
for (const [char, name, arg, width] of TABLE) BY_BYTE[char.charCodeAt(0)] = { name, arg, width };

/** The opcode's layout, or undefined for a byte that is no opcode. */
export function opcodeInfo(byte: number): OpcodeInfo | undefined {
  return BY_BYTE[byte];
}

export function opcodeName(byte: number): string {
  return BY_BYTE[byte]?.name ?? `0x${byte.toString(16).padStart(2, '0')}`;
}

/** The opcode bytes the machine switches on. */
export const Op = {
  MARK: 0x28, STOP: 0x2e, POP: 0x30, POP_MARK: 0x31, DUP: 0x32, FLOAT: 0x46, INT: 0x49, BININT: 0x4a, BININT1: 0x4b,
  LONG: 0x4c, BININT2: 0x4d, NONE: 0x4e, PERSID: 0x50, BINPERSID: 0x51, REDUCE: 0x52, STRING: 0x53, BINSTRING: 0x54,
  SHORT_BINSTRING: 0x55, UNICODE: 0x56, BINUNICODE: 0x58, APPEND: 0x61, BUILD: 0x62, GLOBAL: 0x63, DICT: 0x64,
  EMPTY_DICT: 0x7d, APPENDS: 0x65, GET: 0x67, BINGET: 0x68, INST: 0x69, LONG_BINGET: 0x6a, LIST: 0x6c, EMPTY_LIST: 0x5d,
  OBJ: 0x6f, PUT: 0x70, BINPUT: 0x71, LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74, EMPTY_TUPLE: 0x29, SETITEMS: 0x75,
  BINFLOAT: 0x47, PROTO: 0x80, NEWOBJ: 0x81, EXT1: 0x82, EXT2: 0x83, EXT4: 0x84, TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87,
  NEWTRUE: 0x88, NEWFALSE: 0x89, LONG1: 0x8a, LONG4: 0x8b, BINBYTES: 0x42, SHORT_BINBYTES: 0x43, SHORT_BINUNICODE: 0x8c,
  BINUNICODE8: 0x8d, BINBYTES8: 0x8e, EMPTY_SET: 0x8f, ADDITEMS: 0x90, FROZENSET: 0x91, NEWOBJ_EX: 0x92, STACK_GLOBAL: 0x93,
  MEMOIZE: 0x94, FRAME: 0x95, BYTEARRAY8: 0x96, NEXT_BUFFER: 0x97, READONLY_BUFFER: 0x98,
} as const;

/** The highest protocol CPython reads (pickle.HIGHEST_PROTOCOL). */
export const HIGHEST_PROTOCOL = 5;
