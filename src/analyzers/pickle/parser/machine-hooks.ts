/** @module The machine's contract with whoever gives its imports, calls and mutations a meaning. */
import type { PickleObject, Value } from './values.js';

/**
 * What a BUILD leaves in the stream after it (joblib writes array bytes right after its wrapper): nothing,
 * raw bytes to skip (after a one-byte padding length and that padding when `padded`), a nested pickle to
 * run, or bytes of a size that cannot be known (the stream cannot be followed further).
 */
export type FollowUp =
  | { readonly kind: 'none' }
  | { readonly kind: 'skip'; readonly bytes: number; readonly padded: boolean }
  | { readonly kind: 'pickle' }
  | { readonly kind: 'unknown'; readonly reason: string };

export const NO_FOLLOW_UP: FollowUp = { kind: 'none' };

export interface MachineHooks {
  /** GLOBAL, INST, and STACK_GLOBAL with constant names: the value that stands for the import. */
  importGlobal(module: string, name: string, proto: number, offset: number): PickleObject;
  /** STACK_GLOBAL whose operands are not both constant strings. */
  computedGlobal(module: Value, name: Value, offset: number): Value;
  /** REDUCE, INST, OBJ, NEWOBJ and NEWOBJ_EX: the value that stands for the result. */
  call(op: number, callee: Value, args: Value, kwargs: Value, offset: number): Value;
  /** BUILD: returns what follows in the stream (joblib writes array bytes right after its wrapper). */
  build(target: Value, state: Value, offset: number): FollowUp;
  /** SETITEM(S), APPEND(S), ADDITEMS: an object changed in place. */
  mutate(op: number, target: Value, offset: number): void;
  extension(code: number, offset: number): Value;
  persistent(pid: Value, offset: number): Value;
  /** An opcode or argument crosses the end of its frame, or a frame starts inside another. */
  frameViolation(offset: number, detail: string): void;
  /** A budget was exceeded: the rest of this pickle is only skimmed. */
  budgetExceeded(reason: string): void;
  /** While skimming: a name imported by GLOBAL or INST. */
  skimmedGlobal(module: string, name: string, proto: number, offset: number): void;
}

export interface MachineBudget {
  readonly maxStack: number;
  readonly maxMarks: number;
  readonly maxMemo: number;
}

export const DEFAULT_BUDGET: MachineBudget = { maxStack: 4_000_000, maxMarks: 1_000_000, maxMemo: 4_000_000 };

export type RunStatus = 'stop' | 'error' | 'empty' | 'nested' | 'unfollowable';

export interface RunResult {
  readonly status: RunStatus;
  /** Offset of the STOP, of the failing opcode, or where a nested pickle starts. */
  readonly offset: number;
  /** Offset after the STOP (where the next pickle may start). */
  readonly next: number;
  readonly message?: string;
  readonly opcodes: number;
  readonly result?: Value;
  readonly proto: number;
}
