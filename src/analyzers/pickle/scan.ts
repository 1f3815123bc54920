/**
 * @module One pass over a pickle file: every pickle in it, back to back, to the end. Junk after a pickle is
 * skipped by searching a bounded window for the next `\x80` PROTO start; PyTorch's legacy format (five
 * pickles, then raw storage bytes) stops after its fifth pickle, so float data is never read as opcodes; a
 * joblib object array's nested pickle runs in place; a frame violation is replayed the way CPython's C
 * unpickler reads files, to find what that reading runs. Findings made before a stream breaks are kept.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import { ChunkReader } from './parser/chunk-reader.js';
import type { MachineBudget, RunResult } from './parser/machine.js';
import { DEFAULT_BUDGET, PickleMachine } from './parser/machine.js';
import { opcodeInfo } from './parser/opcodes.js';
import type { Value } from './parser/values.js';
import { Kind, isObject } from './parser/values.js';
import type { PicklePolicy } from './policy/policy.js';
import type { EventSink, PickleEvent } from './semantics/events.js';
import type { NestedBudget, NestedPayload } from './semantics/tracker.js';
import { Tracker } from './semantics/tracker.js';

export interface ScanOptions {
  readonly policy: PicklePolicy;
  /** Total bytes of decoded nested payloads handed back to the engine. */
  readonly maxNestedBytes?: number;
  readonly budget?: MachineBudget;
}

export interface ScanOutcome {
  readonly events: PickleEvent[];
  /** `global: allowed by profile ...`, once per distinct allowed global. */
  readonly notes: string[];
  readonly inconclusive: string[];
  readonly nested: NestedPayload[];
}

/** PyTorch's legacy format opens with this number, pickled as a LONG1 (torch/serialization.py MAGIC_NUMBER). */
export const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PICKLES = 5;
const RESYNC_WINDOW = 64 * 1024;
const RESYNC_ATTEMPTS = 32;
const MAX_NESTED_IN_STREAM = 8;
const DEFAULT_MAX_NESTED_BYTES = 256 * 1024 * 1024;

const FINDING_EVENTS = new Set<PickleEvent['type']>(['unresolved-call', 'computed-global', 'planting', 'extension', 'frame', 'loader-call']);

/** A run whose events wait until it is known to be a pickle (a resync candidate). */
interface Run {
  readonly result: RunResult;
  readonly tracker: Tracker;
  readonly events: PickleEvent[];
}

export function scanPickle(source: ByteSource, options: ScanOptions): ScanOutcome {
  return new FileScan(source, options).scan();
}

class FileScan {
  private readonly events: PickleEvent[] = [];
  private readonly budget: NestedBudget;
  private readonly main: Tracker;
  private readonly inconclusive: string[] = [];
  private readonly nested: NestedPayload[] = [];
  private frameReplay: number | undefined;

  constructor(
    private readonly source: ByteSource,
    private readonly options: ScanOptions,
  ) {
    this.budget = { remaining: options.maxNestedBytes ?? DEFAULT_MAX_NESTED_BYTES };
    this.main = new Tracker(new ChunkReader(source, 0), options.policy, (event) => this.events.push(event), this.budget);
  }

  scan(): ScanOutcome {
    this.pickles();
    if (this.frameReplay !== undefined) this.replayFrames(this.frameReplay);
    return this.finish();
  }

  private pickles(): void {
    let offset = 0;
    const results: Value[] = [];
    let legacy = false;
    while (offset < this.source.size) {
      const run = this.run(offset, true);
      const { result } = run;
      if (result.status === 'stop') {
        this.commit(run);
        results.push(result.result ?? null);
        legacy ||= this.isLegacy(results);
        offset = result.next;
        if (legacy && results.length === LEGACY_PICKLES) {
          if (offset < this.source.size) this.note(`PyTorch legacy format: ${this.source.size - offset} bytes of raw tensor storage after the fifth pickle were not read`);
          return;
        }
        continue;
      }
      if (result.status === 'unfollowable') {
        this.commit(run);
        this.inconclusive.push(`${result.message} at offset ${result.offset}; the rest of the file was not analysed`);
        return;
      }
      if (result.status === 'empty') return;
      // An error: a broken pickle (the first one, one that starts with PROTO, or one whose run produced
      // findings) keeps its findings and is malformed; anything else after a pickle is junk.
      const startsWithProto = this.source.read(offset, 1)[0] === 0x80;
      const dangerous = [...run.tracker.uses.judged()].some((entry) => run.tracker.judge(entry.global, entry.use).kind === 'dangerous');
      if (results.length === 0 || startsWithProto || dangerous) {
        this.commit(run);
        this.events.push({ type: 'malformed', message: result.message ?? 'malformed pickle', offset: result.offset, afterFindings: this.hasFindings() });
      }
      const next = this.resync(Math.max(result.offset, offset + 1));
      if (results.length > 0 && !startsWithProto && !dangerous) this.events.push({ type: 'trailing-data', offset, length: (next ?? this.source.size) - offset });
      if (next === undefined) return;
      offset = next;
    }
  }

  /** Legacy torch: the first result is the magic number, or something computed in its place. */
  private isLegacy(results: readonly Value[]): boolean {
    const [first, second] = results;
    if (results.length === 1) return first === LEGACY_MAGIC;
    if (results.length !== 2 || typeof second !== 'number') return false;
    if (isObject(first) && (first.kind === Kind.call || first.kind === Kind.global || first.kind === Kind.unknown)) {
      this.events.push({ type: 'legacy-magic-computed', evidence: this.main.render(first), offset: first.offset });
      return true;
    }
    return false;
  }

  /** Runs one pickle from `offset`, with its own tracker so its events can be dropped if it is junk. */
  private run(offset: number, strict: boolean, restartReadsAtFrameEnd = false): Run {
    const events: PickleEvent[] = [];
    const sink: EventSink = (event) => events.push(event);
    const reader = new ChunkReader(this.source, offset);
    const tracker = new Tracker(reader, this.options.policy, sink, this.budget);
    const machine = new PickleMachine(reader, tracker, this.options.budget ?? DEFAULT_BUDGET, restartReadsAtFrameEnd);
    const result = this.runNested(machine, tracker, 0);
    if (strict && events.some((event) => event.type === 'frame')) this.frameReplay ??= offset;
    return { result, tracker, events };
  }

  /** Runs a machine, running any nested pickle it meets in place (joblib object arrays). */
  private runNested(machine: PickleMachine, tracker: Tracker, depth: number): RunResult {
    for (;;) {
      const result = machine.run();
      if (result.status !== 'nested') return result;
      if (depth >= MAX_NESTED_IN_STREAM) return { ...result, status: 'unfollowable', message: `joblib arrays nest deeper than ${MAX_NESTED_IN_STREAM} levels` };
      const inner = new PickleMachine(new ChunkReader(this.source, result.offset), tracker, this.options.budget ?? DEFAULT_BUDGET);
      const innerResult = this.runNested(inner, tracker, depth + 1);
      if (innerResult.status !== 'stop') return innerResult;
      machine.resumeAfterNested(innerResult.next, innerResult.result ?? null);
    }
  }

  private commit(run: Run): void {
    this.events.push(...run.events);
    this.main.uses.absorb(run.tracker.uses);
    this.nested.push(...run.tracker.nested);
    this.inconclusive.push(...run.tracker.inconclusive);
  }

  /**
   * Looks for the next pickle after junk: a PROTO opcode (`\x80` then 2-5) followed by an opcode, within a
   * bounded window. A candidate counts when it runs to STOP; returns its offset, or undefined.
   */
  private resync(from: number): number | undefined {
    const window = this.source.read(from, RESYNC_WINDOW + 2);
    let attempts = 0;
    for (let i = window.indexOf(0x80); i >= 0 && i + 2 < window.length && attempts < RESYNC_ATTEMPTS; i = window.indexOf(0x80, i + 1)) {
      const proto = window[i + 1]!;
      if (proto < 2 || proto > 5 || !opcodeInfo(window[i + 2]!)) continue;
      attempts++;
      const candidate = this.run(from + i, false);
      if (candidate.result.status === 'stop') return from + i;
    }
    return undefined;
  }

  /** Replays a pickle with a frame violation as CPython's C unpickler reads a file without peek. */
  private replayFrames(offset: number): void {
    const replay = this.run(offset, false, true);
    this.events.push(...replay.events.filter((event) => event.type !== 'frame'));
    this.main.uses.absorb(replay.tracker.uses);
    this.nested.push(...replay.tracker.nested);
  }

  private hasFindings(): boolean {
    if (this.events.some((event) => FINDING_EVENTS.has(event.type))) return true;
    return [...this.main.uses.judged()].some((entry) => this.main.judge(entry.global, entry.use).kind !== 'allowed');
  }

  private readonly notes: string[] = [];

  private note(text: string): void {
    this.notes.push(text);
  }

  private finish(): ScanOutcome {
    for (const entry of this.main.uses.judged()) {
      const verdict = this.main.judge(entry.global, entry.use);
      if (verdict.kind === 'allowed') this.notes.push(`${entry.global.written}: allowed by ${verdict.by}`);
      else this.events.push({ type: 'global', global: entry.global, use: entry.use, verdict, evidence: entry.evidence, offset: entry.offset });
    }
    return { events: this.events, notes: this.notes, inconclusive: [...this.inconclusive, ...this.main.inconclusive], nested: this.nested };
  }
}
