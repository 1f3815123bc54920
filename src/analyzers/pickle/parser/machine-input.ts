/**
 * @module How the machine reads opcode arguments: fixed-width integers, lengths and lines, checked against
 * the current FRAME (a read that starts inside a frame and ends past it is a violation; in restart mode it is
 * re-read from the frame end, as CPython's C unpickler does for a file without peek).
 */
import type { ChunkReader } from './chunk-reader.js';
import type { MachineHooks } from './machine-hooks.js';
import { opcodeName } from './opcodes.js';
import { PickleError } from './pickle-error.js';

export abstract class MachineInput {
  /** Absolute end of the current frame, or -1 outside frames. */
  protected frameEnd = -1;
  /** Offset of the opcode being run, for messages and findings. */
  protected opStart = 0;

  constructor(
    readonly reader: ChunkReader,
    protected readonly hooks: MachineHooks,
    /** Re-read a partial read at the frame end, as CPython's C unpickler does for files without peek. */
    protected readonly restartReadsAtFrameEnd: boolean,
  ) {}


  /** Makes `n` argument bytes available and returns their index in the chunk; checks the frame. */
  protected take(n: number): number {
    const r = this.reader;
    if (this.frameEnd >= 0 && this.crosses(n)) this.crossFrame(n);
    if (!r.ensure(n)) throw new PickleError(`${opcodeName(this.opcodeAt())} argument runs past the end of the input (truncated)`, this.opStart);
    const at = r.pos;
    r.pos += n;
    return at;
  }

  protected opcodeAt(): number {
    return this.reader.bytesAt(this.opStart, 1)[0] ?? 0;
  }

  /**
   * Whether reading `n` bytes now starts inside the current frame and ends past it. A read that starts at or
   * after the frame's end is outside it (the frame is exhausted), as pickle.py's _Unframer also allows.
   */
  protected crosses(n: number): boolean {
    const at = this.reader.offset;
    if (at >= this.frameEnd) {
      this.frameEnd = -1;
      return false;
    }
    return at + n > this.frameEnd;
  }

  /** A read that does not fit in the rest of the frame: a finding, and in restart mode, the C file behaviour. */
  protected crossFrame(n: number): void {
    const r = this.reader;
    const frameEnd = this.frameEnd;
    this.frameEnd = -1;
    if (this.restartReadsAtFrameEnd) {
      if (r.offset < frameEnd) r.seek(frameEnd);
      return;
    }
    this.hooks.frameViolation(this.opStart, `${opcodeName(this.opcodeAt())} at offset ${this.opStart} reads ${n} bytes past its frame, which ends at offset ${frameEnd}`);
  }

  protected uint32(): number {
    const buf = this.reader.buf;
    const at = this.take(4);
    return (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
  }

  protected int32(): number {
    const buf = this.reader.buf;
    const at = this.take(4);
    return buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24);
  }

  /** An 8-byte length; beyond 2^53 it is only ever too long for the input, so precision does not matter. */
  protected uint64(): number {
    const buf = this.reader.buf;
    const at = this.take(8);
    let value = 0;
    for (let i = 7; i >= 0; i--) value = value * 256 + buf[at + i]!;
    return value;
  }

  /** A str or bytes payload: recorded by position, skipped by length, never copied. */
  protected lineEnd(): number {
    const r = this.reader;
    const end = r.findNewline();
    if (end < 0) throw new PickleError(`${opcodeName(this.opcodeAt())} argument has no newline (truncated)`, this.opStart);
    if (this.frameEnd >= 0 && this.crosses(end + 1 - r.offset)) {
      this.crossFrame(end + 1 - r.offset);
      if (this.restartReadsAtFrameEnd) return this.lineEnd();
    }
    return end;
  }

  protected lineText(maxBytes = 65_536): string {
    const r = this.reader;
    const end = this.lineEnd();
    const length = end - r.offset;
    if (length > maxBytes) throw new PickleError(`${opcodeName(this.opcodeAt())} argument is longer than ${maxBytes} bytes`, this.opStart);
    const bytes = r.bytesAt(r.offset, length);
    r.seek(end + 1);
    let text = '';
    for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
    return text;
  }

  /** A module or name line of GLOBAL or INST: strict UTF-8, as find_class decodes it. */
  protected nameLine(): string {
    const latin1 = this.lineText();
    const bytes = Uint8Array.from(latin1, (c) => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      return text.decode(bytes);
    } catch {
      throw new PickleError(`${opcodeName(this.opcodeAt())} name is not valid UTF-8`, this.opStart);
    }
  }

  protected lineIndex(): number {
    const text = this.lineText(32);
    if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new PickleError(`${opcodeName(this.opcodeAt())} index is not a number`, this.opStart);
    const index = Number(text);
    if (index < 0) throw new PickleError(`negative ${opcodeName(this.opcodeAt())} argument`, this.opStart);
    return index;
  }

  /** FRAME: an 8-byte length. A frame must not start inside another, and must fit in the input. */
  protected frame(): void {
    const start = this.opStart;
    if (this.frameEnd >= 0 && start < this.frameEnd && !this.restartReadsAtFrameEnd) {
      this.hooks.frameViolation(start, `a FRAME at offset ${start} begins inside the frame that ends at offset ${this.frameEnd}`);
    }
    this.frameEnd = -1;
    const length = this.uint64();
    if (length > this.reader.remaining) throw new PickleError(`FRAME declares ${length} bytes but only ${this.reader.remaining} remain (truncated)`, start);
    this.frameEnd = this.reader.offset + length;
  }

}
