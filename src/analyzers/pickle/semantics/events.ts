/**
 * @module What one scan of a pickle file tells its rules: imports judged by the policy, calls that cannot be
 * resolved, mutations of imported objects, frames, extension codes, nested loaders and stream problems.
 */
import type { GlobalName } from '../parser/values.js';
import type { Use, Verdict } from '../policy/policy.js';

export type PickleEvent =
  /** A global the pickle imports, once per file, with its strongest use. */
  | { readonly type: 'global'; readonly global: GlobalName; readonly use: Use; readonly verdict: Verdict; readonly evidence: string; readonly offset: number }
  /** Something that is not an imported name is called or instantiated. */
  | { readonly type: 'unresolved-call'; readonly opcode: string; readonly evidence: string; readonly offset: number }
  /** STACK_GLOBAL with an operand that is not a constant string. */
  | { readonly type: 'computed-global'; readonly evidence: string; readonly offset: number }
  /** BUILD, SETITEM(S), APPEND(S) or ADDITEMS applied to an imported global. */
  | { readonly type: 'planting'; readonly opcode: string; readonly evidence: string; readonly offset: number }
  | { readonly type: 'extension'; readonly code: number; readonly offset: number }
  | { readonly type: 'frame'; readonly detail: string; readonly offset: number }
  /** A loader called on bytes; `member` names the decoded payload handed back to the engine. */
  | {
      readonly type: 'loader-call';
      readonly loader: GlobalName;
      readonly evidence: string;
      readonly offset: number;
      readonly member?: string;
      readonly payloadBytes?: number;
      readonly undecoded?: string;
    }
  | { readonly type: 'malformed'; readonly message: string; readonly offset: number; readonly afterFindings: boolean }
  | { readonly type: 'trailing-data'; readonly offset: number; readonly length: number }
  | { readonly type: 'legacy-magic-computed'; readonly evidence: string; readonly offset: number };

export type EventSink = (event: PickleEvent) => void;
