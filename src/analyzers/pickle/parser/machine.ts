/**
 * @module A symbolic pickle machine that follows CPython's `Modules/_pickle.c` opcode by opcode: value
 * stack, mark stack (with its fence: nothing below the last mark may be popped), memo (PUT, BINPUT,
 * LONG_BINPUT and MEMOIZE store the stack top; MEMOIZE's index is the number of filled slots), frames and
 * protocols. It never executes anything: imports, calls and mutations go to {@link MachineHooks}, which decide
 * what value stands for their result. It is iterative, so deep nesting cannot overflow the JS stack, and it
 * keeps no payload bytes, so memory follows the number of live values, not the input size.
 */
import type { ChunkReader } from './chunk-reader.js';
import type { MachineBudget, MachineHooks, RunResult, RunStatus } from './machine-hooks.js';
import { DEFAULT_BUDGET } from './machine-hooks.js';
import { MachineStack } from './machine-stack.js';
import { HIGHEST_PROTOCOL, Op, opcodeInfo, opcodeName } from './opcodes.js';
import { readLineValue, textOf } from './payload.js';
import { PickleError } from './pickle-error.js';
import type { PickleObject, Value } from './values.js';
import { Encoding, FLOAT, KEEP_ITEMS, Kind, UNKNOWN, isObject, make, makeText } from './values.js';

export type { FollowUp, MachineBudget, MachineHooks, RunResult, RunStatus } from './machine-hooks.js';
export { DEFAULT_BUDGET, NO_FOLLOW_UP } from './machine-hooks.js';

const BUDGET_CHECK_INTERVAL = 65_536;

export class PickleMachine extends MachineStack {
  proto = 0;
  private opcodes = 0;
  private skimming = false;

  constructor(reader: ChunkReader, hooks: MachineHooks, budget: MachineBudget = DEFAULT_BUDGET, restartReadsAtFrameEnd = false) {
    super(reader, hooks, budget, restartReadsAtFrameEnd);
  }

  /** Runs until STOP, an error, the end of input, or a nested pickle (after a joblib wrapper). */
  run(): RunResult {
    const r = this.reader;
    const stack = this.stack;
    try {
      for (;;) {
        if (this.skimming) return this.skim();
        const start = r.offset;
        this.opStart = start;
        if (this.frameEnd >= 0 && start >= this.frameEnd) this.frameEnd = -1;
        if (!r.ensure(1)) {
          if (this.opcodes === 0) return this.result('empty', start, start);
          throw new PickleError('the pickle ends without a STOP opcode (truncated)', start);
        }
        const op = r.buf[r.pos++]!;
        if ((++this.opcodes & (BUDGET_CHECK_INTERVAL - 1)) === 0) this.checkBudget();
        switch (op) {
          case Op.BINFLOAT:
            this.take(8);
            stack.push(FLOAT);
            break;
          case Op.BININT1:
            stack.push(r.buf[this.take(1)]!);
            break;
          case Op.BININT2: {
            const at = this.take(2);
            stack.push(r.buf[at]! | (r.buf[at + 1]! << 8));
            break;
          }
          case Op.BININT: {
            const at = this.take(4);
            stack.push(r.buf[at]! | (r.buf[at + 1]! << 8) | (r.buf[at + 2]! << 16) | (r.buf[at + 3]! << 24));
            break;
          }
          case Op.MARK:
            this.marks.push(stack.length);
            break;
          case Op.EMPTY_LIST:
            stack.push(make(Kind.list, [], 0, start));
            break;
          case Op.EMPTY_DICT:
            stack.push(make(Kind.dict, [], 0, start));
            break;
          case Op.EMPTY_TUPLE:
            stack.push(make(Kind.tuple, [], 0, start));
            break;
          case Op.EMPTY_SET:
            stack.push(make(Kind.set, [], 0, start));
            break;
          case Op.NONE:
            stack.push(null);
            break;
          case Op.NEWTRUE:
            stack.push(true);
            break;
          case Op.NEWFALSE:
            stack.push(false);
            break;
          case Op.SHORT_BINUNICODE:
            this.pushPayload(Kind.str, Encoding.utf8, r.buf[this.take(1)]!);
            break;
          case Op.BINUNICODE:
            this.pushPayload(Kind.str, Encoding.utf8, this.uint32());
            break;
          case Op.BINUNICODE8:
            this.pushPayload(Kind.str, Encoding.utf8, this.uint64());
            break;
          case Op.SHORT_BINSTRING:
            this.pushPayload(Kind.str, Encoding.latin1, r.buf[this.take(1)]!);
            break;
          case Op.BINSTRING: {
            const size = this.int32();
            if (size < 0) throw new PickleError('BINSTRING pickle has negative byte count', start);
            this.pushPayload(Kind.str, Encoding.latin1, size);
            break;
          }
          case Op.SHORT_BINBYTES:
            this.pushPayload(Kind.bytes, 0, r.buf[this.take(1)]!);
            break;
          case Op.BINBYTES:
            this.pushPayload(Kind.bytes, 0, this.uint32());
            break;
          case Op.BINBYTES8:
          case Op.BYTEARRAY8:
            this.pushPayload(Kind.bytes, 0, this.uint64());
            break;
          case Op.MEMOIZE:
            this.memoPut(this.memoLen, this.top());
            break;
          case Op.BINPUT:
            this.memoPut(r.buf[this.take(1)]!, this.top());
            break;
          case Op.LONG_BINPUT:
            this.memoPut(this.uint32(), this.top());
            break;
          case Op.PUT:
            this.memoPut(this.lineIndex(), this.top());
            break;
          case Op.BINGET:
            stack.push(this.memoGet(r.buf[this.take(1)]!));
            break;
          case Op.LONG_BINGET:
            stack.push(this.memoGet(this.uint32()));
            break;
          case Op.GET:
            stack.push(this.memoGet(this.lineIndex()));
            break;
          case Op.APPEND:
            this.addItems(Op.APPEND, stack.length - 1);
            break;
          case Op.APPENDS:
          case Op.ADDITEMS:
            this.addItems(op, this.popMark());
            break;
          case Op.SETITEM:
            this.setItems(stack.length - 2);
            break;
          case Op.SETITEMS:
            this.setItems(this.popMark());
            break;
          case Op.TUPLE:
            this.collect(Kind.tuple, KEEP_ITEMS.tuple, this.popMark());
            break;
          case Op.LIST:
            this.collect(Kind.list, KEEP_ITEMS.list, this.popMark());
            break;
          case Op.FROZENSET:
            this.collect(Kind.frozenset, KEEP_ITEMS.set, this.popMark());
            break;
          case Op.DICT: {
            const mark = this.popMark();
            if ((stack.length - mark) % 2 !== 0) throw new PickleError('odd number of items for DICT', start);
            this.collect(Kind.dict, KEEP_ITEMS.dict * 2, mark);
            break;
          }
          case Op.TUPLE1:
          case Op.TUPLE2:
          case Op.TUPLE3:
            this.need(op - Op.TUPLE1 + 1);
            this.collect(Kind.tuple, KEEP_ITEMS.tuple, stack.length - (op - Op.TUPLE1 + 1));
            break;
          case Op.POP:
            if (this.marks.length > 0 && this.marks[this.marks.length - 1] === stack.length) this.marks.pop();
            else this.pop();
            break;
          case Op.POP_MARK:
            stack.length = this.popMark();
            break;
          case Op.DUP:
            stack.push(this.top());
            break;
          case Op.STOP: {
            const result = this.pop();
            return this.result('stop', start, r.offset, result);
          }
          case Op.PROTO: {
            const proto = r.buf[this.take(1)]!;
            if (proto > HIGHEST_PROTOCOL) throw new PickleError(`unsupported pickle protocol: ${proto}`, start);
            this.proto = proto;
            break;
          }
          case Op.FRAME:
            this.frame();
            break;
          default:
            this.rare(op, start);
        }
      }
    } catch (error) {
      if (error instanceof NestedPickle) return this.result('nested', r.offset, r.offset);
      if (error instanceof Unfollowable) return this.result('unfollowable', error.offset, r.offset, undefined, error.message);
      if (!(error instanceof PickleError)) throw error;
      return this.result('error', error.offset, r.offset, undefined, error.message);
    }
  }

  /** Opcodes that are rare in large files: calls, imports, text forms, memo-less values. */
  private rare(op: number, start: number): void {
    const stack = this.stack;
    const hooks = this.hooks;
    switch (op) {
      case Op.REDUCE: {
        const args = this.pop();
        const callee = this.pop();
        stack.push(hooks.call(op, callee, args, null, start));
        return;
      }
      case Op.NEWOBJ: {
        const args = this.pop();
        const cls = this.pop();
        stack.push(hooks.call(op, cls, args, null, start));
        return;
      }
      case Op.NEWOBJ_EX: {
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        stack.push(hooks.call(op, cls, args, kwargs, start));
        return;
      }
      case Op.BUILD: {
        const state = this.pop();
        const followUp = hooks.build(this.top(), state, start);
        if (followUp.kind === 'none') return;
        if (followUp.kind === 'pickle') throw new NestedPickle();
        if (followUp.kind === 'unknown') throw new Unfollowable(followUp.reason, start);
        const padding = followUp.padded ? this.reader.buf[this.take(1)]! : 0;
        if (!this.reader.skip(padding + followUp.bytes)) {
          throw new PickleError(`the array data after this BUILD (${followUp.bytes} bytes) runs past the end of the input (truncated)`, start);
        }
        return;
      }
      case Op.GLOBAL: {
        const [module, name] = [this.nameLine(), this.nameLine()];
        stack.push(hooks.importGlobal(module, name, this.proto, start));
        return;
      }
      case Op.STACK_GLOBAL: {
        const name = this.pop();
        const module = this.pop();
        if (isConstantText(module) && isConstantText(name)) {
          const moduleText = textOf(this.reader, module);
          const nameText = textOf(this.reader, name);
          if (moduleText !== undefined && nameText !== undefined) {
            stack.push(hooks.importGlobal(moduleText, nameText, this.proto, start));
            return;
          }
        }
        stack.push(hooks.computedGlobal(module, name, start));
        return;
      }
      case Op.INST: {
        const mark = this.popMark();
        const [module, name] = [this.nameLine(), this.nameLine()];
        const args = this.takeItems(Kind.tuple, KEEP_ITEMS.tuple, mark);
        stack.push(hooks.call(op, hooks.importGlobal(module, name, this.proto, start), args, null, start));
        return;
      }
      case Op.OBJ: {
        const mark = this.popMark();
        if (stack.length - mark < 1) throw new PickleError('OBJ needs a class after its mark (stack underflow)', start);
        const cls = stack[mark]!;
        const args = this.takeItems(Kind.tuple, KEEP_ITEMS.tuple, mark + 1);
        stack.length = mark;
        stack.push(hooks.call(op, cls, args, null, start));
        return;
      }
      case Op.EXT1:
      case Op.EXT2:
      case Op.EXT4: {
        const width = op === Op.EXT1 ? 1 : op === Op.EXT2 ? 2 : 4;
        const at = this.take(width);
        let code = 0;
        for (let i = width - 1; i >= 0; i--) code = code * 256 + this.reader.buf[at + i]!;
        stack.push(hooks.extension(code, start));
        return;
      }
      case Op.PERSID:
        stack.push(hooks.persistent(makeText(this.lineText(), start), start));
        return;
      case Op.BINPERSID:
        stack.push(hooks.persistent(this.pop(), start));
        return;
      case Op.LONG1:
        stack.push(this.longValue(this.reader.buf[this.take(1)]!));
        return;
      case Op.LONG4: {
        const size = this.int32();
        if (size < 0) throw new PickleError('LONG pickle has negative byte count', start);
        stack.push(this.longValue(size));
        return;
      }
      case Op.INT:
      case Op.LONG:
      case Op.FLOAT:
      case Op.STRING:
      case Op.UNICODE: {
        const end = this.lineEnd();
        stack.push(readLineValue(op, this.reader, start, end));
        this.reader.seek(end + 1);
        return;
      }
      case Op.NEXT_BUFFER:
        stack.push(make(Kind.buffer, null, 0, start));
        return;
      case Op.READONLY_BUFFER:
        this.top();
        return;
      default:
        throw new PickleError(`invalid load key, ${opcodeName(op)}`, start);
    }
  }

  /** Resumes after a nested pickle that ran elsewhere: its result replaces the wrapper on the stack. */
  resumeAfterNested(next: number, result: Value): void {
    this.reader.seek(next);
    this.stack[this.stack.length - 1] = result;
  }

  private result(status: RunStatus, offset: number, next: number, result?: Value, message?: string): RunResult {
    return { status, offset, next, opcodes: this.opcodes, proto: this.proto, ...(result === undefined ? {} : { result }), ...(message === undefined ? {} : { message }) };
  }

  private checkBudget(): void {
    if (this.stack.length > this.budget.maxStack) this.startSkimming(`the value stack grew past ${this.budget.maxStack} items`);
    else if (this.marks.length > this.budget.maxMarks) this.startSkimming(`marks nested deeper than ${this.budget.maxMarks}`);
    else if (this.memoFull) this.startSkimming(`the memo grew past ${this.budget.maxMemo} entries`);
  }

  private startSkimming(reason: string): void {
    this.hooks.budgetExceeded(`${reason} at offset ${this.opStart}; the rest of the pickle was only skimmed for imported names`);
    this.skimming = true;
    this.stack.length = 0;
    this.marks.length = 0;
    this.memo.clear();
  }

  /** After a budget is exceeded: walk the opcodes to STOP, reporting imported names, keeping no values. */
  private skim(): RunResult {
    const r = this.reader;
    for (;;) {
      const start = r.offset;
      this.opStart = start;
      if (!r.ensure(1)) throw new PickleError('the pickle ends without a STOP opcode (truncated)', start);
      const op = r.buf[r.pos++]!;
      this.opcodes++;
      const info = opcodeInfo(op);
      if (!info) throw new PickleError(`invalid load key, ${opcodeName(op)}`, start);
      if (op === Op.STOP) return this.result('stop', start, r.offset, UNKNOWN);
      if (op === Op.PROTO) this.proto = r.buf[this.take(1)]!;
      else if (op === Op.GLOBAL || op === Op.INST) this.hooks.skimmedGlobal(this.nameLine(), this.nameLine(), this.proto, start);
      else if (info.arg === 1) this.take(info.width);
      else if (info.arg === 2) r.seek(this.lineEnd() + 1);
      else if (info.arg === 4) {
        const at = this.take(info.width);
        let size = 0;
        for (let i = info.width - 1; i >= 0; i--) size = size * 256 + r.buf[at + i]!;
        if (!r.skip(size)) throw new PickleError(`${info.name} declares ${size} bytes but only ${r.remaining} remain (truncated)`, start);
      }
    }
  }
}

/** Thrown by BUILD when a nested pickle follows in the stream; `run` turns it into a 'nested' result. */
class NestedPickle extends PickleError {
  constructor() {
    super('nested pickle', -1);
  }
}

/** Thrown when raw bytes of unknown size follow; `run` returns 'unfollowable'. */
class Unfollowable extends PickleError {}

function isConstantText(value: Value): value is PickleObject {
  return isObject(value) && value.kind === Kind.str;
}