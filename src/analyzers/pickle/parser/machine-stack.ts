/**
 * @module The machine's stack, mark stack and memo, as `_pickle.c` keeps them: nothing below the last mark
 * (the fence) can be popped; PUT, BINPUT, LONG_BINPUT and MEMOIZE store the stack top, and MEMOIZE's index is
 * the number of filled slots. Containers keep their first few items only.
 */
import type { ChunkReader } from './chunk-reader.js';
import type { MachineBudget, MachineHooks } from './machine-hooks.js';
import { MachineInput } from './machine-input.js';
import { Op, opcodeName } from './opcodes.js';
import { PickleError } from './pickle-error.js';
import type { PickleObject, Value } from './values.js';
import { FLOAT, KEEP_ITEMS, Kind, LONG, UNKNOWN, isObject, make } from './values.js';

export abstract class MachineStack extends MachineInput {
  readonly stack: Value[] = [];
  readonly marks: number[] = [];
  readonly memo = new Map<number, Value>();
  /** Filled memo slots: MEMOIZE stores at this index (CPython's memo_len). */
  protected memoLen = 0;
  protected memoFull = false;

  constructor(reader: ChunkReader, hooks: MachineHooks, protected readonly budget: MachineBudget, restartReadsAtFrameEnd: boolean) {
    super(reader, hooks, restartReadsAtFrameEnd);
  }

  protected pushPayload(kind: number, encoding: number, size: number): void {
    const r = this.reader;
    const offset = r.offset;
    if (this.frameEnd >= 0 && this.crosses(size)) {
      this.crossFrame(size);
      if (this.restartReadsAtFrameEnd) return this.pushPayload(kind, encoding, size);
    }
    if (!r.skip(size)) throw new PickleError(`${opcodeName(this.opcodeAt())} declares ${size} bytes but only ${r.remaining} remain (truncated)`, this.opStart);
    const value = make(kind as typeof Kind.str, null, size, offset);
    value.encoding = encoding;
    this.stack.push(value);
  }

  protected longValue(size: number): Value {
    const r = this.reader;
    if (size > 16) {
      if (!r.skip(size)) throw new PickleError(`LONG declares ${size} bytes but only ${r.remaining} remain (truncated)`, this.opStart);
      return LONG;
    }
    const at = this.take(size);
    let value = 0n;
    for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(r.buf[at + i]!);
    if (size > 0 && r.buf[at + size - 1]! >= 0x80) value -= 1n << BigInt(size * 8);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  /** Absolute offset of the newline ending the current line argument. */

  protected fence(): number {
    return this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
  }

  protected pop(): Value {
    if (this.stack.length <= this.fence()) throw new PickleError(`${opcodeName(this.opcodeAt())}: unpickling stack underflow`, this.opStart);
    return this.stack.pop()!;
  }

  protected top(): Value {
    if (this.stack.length <= this.fence()) throw new PickleError(`${opcodeName(this.opcodeAt())}: unpickling stack underflow`, this.opStart);
    return this.stack[this.stack.length - 1]!;
  }

  protected need(count: number): void {
    if (this.stack.length - count < this.fence()) throw new PickleError(`${opcodeName(this.opcodeAt())}: unpickling stack underflow`, this.opStart);
  }

  protected popMark(): number {
    const mark = this.marks.pop();
    if (mark === undefined) throw new PickleError(`${opcodeName(this.opcodeAt())} without a MARK (could not find MARK)`, this.opStart);
    return mark;
  }

  protected memoPut(index: number, value: Value): void {
    if (!this.memo.has(index)) {
      if (this.memo.size >= this.budget.maxMemo) {
        this.memoFull = true;
        return;
      }
      this.memoLen++;
    }
    this.memo.set(index, value);
  }

  protected memoGet(index: number): Value {
    const value = this.memo.get(index);
    if (value !== undefined) return value;
    if (this.memoFull) return UNKNOWN;
    throw new PickleError(`${opcodeName(this.opcodeAt())}: memo value not found at index ${index}`, this.opStart);
  }

  /** The items from `from` to the top, as a new container (the first `keep` kept); they leave the stack. */
  protected collect(kind: number, keep: number, from: number): void {
    const value = this.takeItems(kind, keep, from);
    this.stack.length = from;
    this.stack.push(value);
  }

  protected takeItems(kind: number, keep: number, from: number): PickleObject {
    const stack = this.stack;
    const count = stack.length - from;
    const items = stack.slice(from, from + Math.min(count, keep));
    return make(kind as typeof Kind.tuple, items, kind === Kind.dict ? count / 2 : count, this.opStart);
  }

  /** APPEND(S) and ADDITEMS: the items above `from` go into the object just below them. */
  protected addItems(op: number, from: number): void {
    const stack = this.stack;
    if (from > stack.length || from <= this.fence()) throw new PickleError(`${opcodeName(op)}: unpickling stack underflow`, this.opStart);
    const target = stack[from - 1]!;
    const count = stack.length - from;
    if (count > 0) this.mutate(op, target, from, count, op === Op.ADDITEMS ? KEEP_ITEMS.set : KEEP_ITEMS.list);
    stack.length = from;
  }

  /** SETITEM(S): key/value pairs above `from` go into the object just below them. */
  protected setItems(from: number): void {
    const stack = this.stack;
    if (from > stack.length || from <= this.fence()) throw new PickleError(`${opcodeName(this.opcodeAt())}: unpickling stack underflow`, this.opStart);
    const count = stack.length - from;
    if (count % 2 !== 0) throw new PickleError('odd number of items for SETITEMS', this.opStart);
    if (count > 0) this.mutate(Op.SETITEMS, stack[from - 1]!, from, count, KEEP_ITEMS.dict * 2);
    stack.length = from;
  }

  protected mutate(op: number, target: Value, from: number, count: number, keep: number): void {
    if (isObject(target) && (target.kind === Kind.list || target.kind === Kind.dict || target.kind === Kind.set)) {
      // Float markers are not kept: they say nothing, and lists of floats are what large files hold.
      const items = target.items!;
      for (let i = 0; i < count && items.length < keep; i++) {
        const item = this.stack[from + i]!;
        if (item !== FLOAT) items.push(item);
      }
      target.size += target.kind === Kind.dict ? count / 2 : count;
      return;
    }
    this.hooks.mutate(op, target, this.opStart);
  }

}
