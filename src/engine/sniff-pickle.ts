/**
 * @module Recognises protocol 0 and 1 pickles, which have no magic bytes, by checking that the file opens
 * with a run of well-formed opcodes. Protocol 2 and later start with PROTO and are caught by magic.
 */

const NEWLINE = 0x0a;

// Opcodes that take no argument.
const BARE = new Set('(.012abdelostu}])NRQ'.split('').map((c) => c.charCodeAt(0)));
// Opcodes with a newline-terminated text argument (INT, LONG, FLOAT, STRING, UNICODE, PERSID, GET, PUT).
const LINE_ARG = new Set('ILFSVPgp'.split('').map((c) => c.charCodeAt(0)));
// Opcodes with a fixed binary argument length (protocol 1).
const FIXED_ARG: ReadonlyMap<number, number> = new Map([
  ['J', 4], ['K', 1], ['M', 2], ['h', 1], ['j', 4], ['q', 1], ['r', 4], ['G', 8],
].map(([op, n]) => [String(op).charCodeAt(0), Number(n)]));
// Opcodes with a length-prefixed payload (protocol 1): length size in bytes.
const COUNTED_ARG: ReadonlyMap<number, number> = new Map([['T', 4], ['U', 1], ['X', 4]].map(([op, n]) => [String(op).charCodeAt(0), Number(n)]));
const GLOBAL = 'c'.charCodeAt(0);
const INST = 'i'.charCodeAt(0);
const IDENTIFIER_LINE = /^[A-Za-z_][\w.]*$/;

function readLine(head: Uint8Array, start: number): { text: string; next: number } | undefined {
  const end = head.indexOf(NEWLINE, start);
  if (end < 0 || end - start > 256) return undefined;
  return { text: Buffer.from(head.subarray(start, end)).toString('latin1'), next: end + 1 };
}

/**
 * True when `head` begins with at least `minOpcodes` valid protocol 0/1 opcodes (or all of a short file), and
 * the first one is one that real pickles start with. A text file rarely survives this.
 */
export function looksLikeTextPickle(head: Uint8Array, fileSize: number, minOpcodes = 3): boolean {
  const first = head[0];
  if (first === undefined || !'(c]}N)ilIVS'.includes(String.fromCharCode(first))) return false;
  let pos = 0;
  let opcodes = 0;
  while (pos < head.length && opcodes < 32) {
    const op = head[pos++]!;
    if (op === GLOBAL || op === INST) {
      const module = readLine(head, pos);
      const name = module && readLine(head, module.next);
      if (!module || !name) return pos + 512 > head.length && head.length < fileSize && opcodes > 0;
      if (!IDENTIFIER_LINE.test(module.text) || !IDENTIFIER_LINE.test(name.text)) return false;
      pos = name.next;
    } else if (LINE_ARG.has(op)) {
      const line = readLine(head, pos);
      if (!line) return head.length < fileSize && opcodes >= minOpcodes;
      pos = line.next;
    } else if (FIXED_ARG.has(op)) {
      pos += FIXED_ARG.get(op)!;
    } else if (COUNTED_ARG.has(op)) {
      const width = COUNTED_ARG.get(op)!;
      if (pos + width > head.length) break;
      let length = 0;
      for (let i = width - 1; i >= 0; i--) length = length * 256 + head[pos + i]!;
      pos += width + length;
    } else if (BARE.has(op)) {
      // STOP ends the file, or another pickle follows (pickles may be stacked back to back).
      if (op === 0x2e) return opcodes >= 1 && (pos === fileSize || head[pos] === 0x80 || '(c]}'.includes(String.fromCharCode(head[pos] ?? 0)));
    } else {
      return false;
    }
    opcodes++;
  }
  // A pickle ends with STOP (handled above): a file read to its end without one is text that happens to start
  // with opcode letters ("Some notes\nSee also\n", a BSD-style "SHA256 (f) = ..." checksum list).
  return pos < fileSize && opcodes >= minOpcodes;
}
