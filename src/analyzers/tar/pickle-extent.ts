/**
 * @module Where a pickle ends, found from opcode lengths alone (no stack, no meaning): PyTorch's oldest tar
 * format interleaves small pickles with raw tensor bytes inside one member, and only the pickles may be handed
 * on. The last GLOBAL name seen is kept too, because the storage type decides how many raw bytes follow.
 */

/** Opcodes by how their argument is encoded (pickletools' table, protocols 0-5). */
const NO_ARGUMENT = new Set([...'(.012N]aelt)}dsuRbo'].map((c) => c.charCodeAt(0)).concat([0x88, 0x89, 0x85, 0x86, 0x87, 0x8f, 0x90, 0x91, 0x81, 0x92, 0x93, 0x94, 0x51, 0x97, 0x98]));
const FIXED: ReadonlyMap<number, number> = new Map([
  [0x4b, 1], [0x68, 1], [0x71, 1], [0x82, 1], [0x80, 1], // BININT1 BINGET BINPUT EXT1 PROTO
  [0x4d, 2], [0x83, 2], // BININT2 EXT2
  [0x4a, 4], [0x6a, 4], [0x72, 4], [0x84, 4], // BININT LONG_BINGET LONG_BINPUT EXT4
  [0x47, 8], [0x95, 8], // BINFLOAT FRAME
]);
/** Opcodes followed by a little-endian length of this many bytes, then that many bytes. */
const COUNTED: ReadonlyMap<number, number> = new Map([
  [0x55, 1], [0x43, 1], [0x8c, 1], [0x8a, 1], // SHORT_BINSTRING SHORT_BINBYTES SHORT_BINUNICODE LONG1
  [0x54, 4], [0x42, 4], [0x58, 4], [0x8b, 4], // BINSTRING BINBYTES BINUNICODE LONG4
  [0x8e, 8], [0x8d, 8], [0x96, 8], // BINBYTES8 BINUNICODE8 BYTEARRAY8
]);
const LINES: ReadonlyMap<number, number> = new Map([
  ...[...'ILFSVgpP'].map((c) => [c.charCodeAt(0), 1] as [number, number]), // INT LONG FLOAT STRING UNICODE GET PUT PERSID
  [0x63, 2], [0x69, 2], // GLOBAL INST
]);
const STOP = 0x2e;
const GLOBAL = 0x63;

export interface PickleExtent {
  /** Offset just past the STOP opcode. */
  readonly end: number;
  /** The last GLOBAL's `module.name`, if any. */
  readonly lastGlobal?: string;
}

function littleEndian(bytes: Uint8Array, at: number, width: number): number {
  let value = 0;
  for (let i = width - 1; i >= 0; i--) value = value * 256 + bytes[at + i]!;
  return value;
}

/** The extent of the pickle that starts at `start`, or undefined when it does not end (cleanly) within `bytes`. */
export function pickleExtent(bytes: Uint8Array, start: number): PickleExtent | undefined {
  let at = start;
  let lastGlobal: string | undefined;
  while (at < bytes.length) {
    const opcode = bytes[at++]!;
    if (opcode === STOP) return { end: at, ...(lastGlobal === undefined ? {} : { lastGlobal }) };
    if (NO_ARGUMENT.has(opcode)) continue;
    const fixed = FIXED.get(opcode);
    if (fixed !== undefined) {
      at += fixed;
      continue;
    }
    const counted = COUNTED.get(opcode);
    if (counted !== undefined) {
      if (at + counted > bytes.length) return undefined;
      at += counted + littleEndian(bytes, at, counted);
      continue;
    }
    const lines = LINES.get(opcode);
    if (lines === undefined) return undefined;
    const argumentStart = at;
    for (let line = 0; line < lines; line++) {
      const newline = bytes.indexOf(0x0a, at);
      if (newline < 0) return undefined;
      at = newline + 1;
    }
    if (opcode === GLOBAL) lastGlobal = Buffer.from(bytes.subarray(argumentStart, at - 1)).toString('latin1').replace('\n', '.');
  }
  return undefined;
}
