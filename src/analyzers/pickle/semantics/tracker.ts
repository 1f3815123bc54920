/**
 * @module What the machine's imports, calls and mutations mean: every callable that is reached is resolved
 * (a global, or a getattr of a constant name on one), copyreg's rebuilders count as instantiation, loaders
 * have their constant payloads decoded for a recursive scan, and anything that cannot be resolved, mutated
 * globals, extension codes and frame violations become events. Nothing is executed.
 */
import type { ChunkReader } from '../parser/chunk-reader.js';
import type { FollowUp, MachineHooks } from '../parser/machine.js';
import { NO_FOLLOW_UP } from '../parser/machine.js';
import { Op, opcodeName } from '../parser/opcodes.js';
import { bytesOf, textOf } from '../parser/payload.js';
import type { GlobalName, PickleObject, Value } from '../parser/values.js';
import { Kind, UNKNOWN, isObject, make, makeGlobal } from '../parser/values.js';
import { NESTED_DESERIALIZER } from '../policy/families.js';
import type { PicklePolicy, Use, Verdict } from '../policy/policy.js';
import { globalKey } from '../policy/policy.js';
import { python3Name } from '../policy/python2-names.js';
import { Renderer } from '../render.js';
import { evaluateDecoder } from './decode.js';
import type { EventSink } from './events.js';
import { arrayFollowUp, isArrayWrapper } from './joblib.js';
import { UseTable } from './uses.js';

/** A payload a loader would deserialize, decoded statically, for the engine to scan as a member. */
export interface NestedPayload {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Shared by every run over one file: how many decoded bytes may still be handed back. */
export interface NestedBudget {
  remaining: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REBUILDERS = new Set(['copyreg._reconstructor', 'copyreg.__newobj__', 'copyreg.__newobj_ex__']);

function isGlobal(value: Value | undefined): value is PickleObject {
  return isObject(value) && value.kind === Kind.global;
}

function itemsOf(value: Value): readonly Value[] {
  return isObject(value) && value.kind === Kind.tuple ? value.items ?? [] : [];
}

function isEmpty(value: Value): boolean {
  return value === null || (isObject(value) && (value.kind === Kind.tuple || value.kind === Kind.dict) && value.size === 0);
}

export class Tracker implements MachineHooks {
  readonly uses = new UseTable();
  readonly nested: NestedPayload[] = [];
  readonly inconclusive: string[] = [];
  private readonly renderer: Renderer;
  private readonly verdicts = new Map<string, Verdict>();

  constructor(
    private readonly reader: ChunkReader,
    private readonly policy: PicklePolicy,
    private readonly sink: EventSink,
    private readonly budget: NestedBudget,
  ) {
    this.renderer = new Renderer(reader);
  }

  render(value: Value): string {
    return this.renderer.render(value);
  }

  judge(global: GlobalName, use: Use): Verdict {
    const key = `${use}\u0000${global.module}\u0000${global.name}`;
    let verdict = this.verdicts.get(key);
    if (!verdict) this.verdicts.set(key, (verdict = this.policy.judge(global, use)));
    return verdict;
  }

  importGlobal(module: string, name: string, proto: number, offset: number): PickleObject {
    const [mappedModule, mappedName] = python3Name(module, name, proto);
    const global: GlobalName = { module: mappedModule, name: mappedName, written: `${module}.${name}` };
    this.record(global, 'referenced', offset, () => global.written);
    return makeGlobal(global, offset);
  }

  skimmedGlobal(module: string, name: string, proto: number, offset: number): void {
    this.importGlobal(module, name, proto, offset);
  }

  computedGlobal(module: Value, name: Value, offset: number): Value {
    const evidence = `STACK_GLOBAL(${this.render(module)}, ${this.render(name)})`;
    this.sink({ type: 'computed-global', evidence, offset });
    const value = make(Kind.unknown, null, 0, offset);
    value.text = evidence;
    return value;
  }

  call(op: number, callee: Value, args: Value, kwargs: Value, offset: number): Value {
    const instantiates = op === Op.NEWOBJ || (op === Op.NEWOBJ_EX && isEmpty(args) && isEmpty(kwargs));
    if (!isGlobal(callee)) {
      if ((callee as Value) !== UNKNOWN) this.unresolved(op, callee, args, offset);
      return make(instantiates ? Kind.instance : Kind.call, [callee, args], 0, offset);
    }
    const global = callee.name!;
    if (instantiates) {
      this.record(global, 'instantiated', offset, () => `${this.render(callee)}.__new__(${this.renderer.args(args)})`);
      return make(Kind.instance, [callee, args], 0, offset);
    }
    const key = globalKey(global.module, global.name);
    if (key === 'builtins.getattr') {
      const folded = this.foldGetattr(callee, args, offset);
      if (folded) return folded;
    }
    const evidence = () => `${this.render(callee)}(${this.renderer.args(args)})`;
    this.record(global, 'invoked', offset, evidence);
    if (REBUILDERS.has(key)) return this.rebuild(key, args, offset);
    const verdict = this.judge(global, 'invoked');
    if (verdict.kind === 'dangerous' && verdict.family.id === NESTED_DESERIALIZER) this.loaderCall(global, args, offset, evidence());
    const result = make(Kind.call, [callee, args], 0, offset);
    const decoded = evaluateDecoder(key, args, this.reader, this.budget.remaining);
    if (decoded instanceof Uint8Array) result.data = decoded;
    return result;
  }

  build(target: Value, state: Value, offset: number): FollowUp {
    if (isGlobal(target)) {
      this.sink({ type: 'planting', opcode: 'BUILD', evidence: `BUILD ${this.render(target)} with ${this.render(state)}`, offset });
      return NO_FOLLOW_UP;
    }
    if (isArrayWrapper(target)) return arrayFollowUp(this.reader, state);
    if (isObject(target) && target.kind === Kind.call) target.state = state;
    return NO_FOLLOW_UP;
  }

  mutate(op: number, target: Value, offset: number): void {
    if (isGlobal(target)) this.sink({ type: 'planting', opcode: opcodeName(op), evidence: `${opcodeName(op)} into ${this.render(target)}`, offset });
  }

  extension(code: number, offset: number): Value {
    this.sink({ type: 'extension', code, offset });
    return make(Kind.extension, null, code, offset);
  }

  persistent(pid: Value, offset: number): Value {
    return make(Kind.persistent, [pid], 0, offset);
  }

  frameViolation(offset: number, detail: string): void {
    this.sink({ type: 'frame', detail, offset });
  }

  budgetExceeded(reason: string): void {
    this.inconclusive.push(reason);
  }

  private record(global: GlobalName, use: Use, offset: number, evidence: () => string, folding = false): void {
    if (this.uses.record(global, use, offset, evidence, folding)) return;
    // The table is full: judge this one now rather than lose it.
    if (this.inconclusive.length === 0) this.inconclusive.push(`more than ${this.uses.entries.size} distinct globals; later ones are reported one by one`);
    const verdict = this.judge(global, use);
    if (verdict.kind !== 'allowed') this.sink({ type: 'global', global, use, verdict, evidence: evidence(), offset });
  }

  private unresolved(op: number, callee: Value, args: Value, offset: number): void {
    const evidence = op === Op.NEWOBJ || op === Op.NEWOBJ_EX ? `${this.render(callee)}.__new__(${this.renderer.args(args)})` : `${this.render(callee)}(${this.renderer.args(args)})`;
    this.sink({ type: 'unresolved-call', opcode: opcodeName(op), evidence, offset });
  }

  /**
   * `getattr(G, 'name')` with a constant identifier on an imported global (or on an instance of one)
   * is the dotted global `G.name`, judged as such: protocols < 4 write nested names and methods this way.
   */
  private foldGetattr(callee: PickleObject, args: Value, offset: number): PickleObject | undefined {
    const [target, attribute] = itemsOf(args);
    // An attribute of a global, or of an instance made from a class global; not of what a call returned.
    const base = isGlobal(target) ? target : isObject(target) && target.kind === Kind.instance && isGlobal(target.items![0]) ? (target.items![0] as PickleObject) : undefined;
    if (!base || !isObject(attribute) || attribute.kind !== Kind.str) return undefined;
    const name = textOf(this.reader, attribute, 256);
    if (name === undefined || !IDENTIFIER.test(name)) return undefined;
    const evidence = `${this.render(callee)}(${this.render(target!)}, '${name}')`;
    this.record(callee.name!, 'invoked', offset, () => evidence, true);
    const { module, name: baseName, written } = base.name!;
    const global: GlobalName = { module, name: `${baseName}.${name}`, written: `${written}.${name}` };
    this.record(global, 'referenced', offset, () => evidence);
    const value = makeGlobal(global, offset);
    value.text = evidence;
    return value;
  }

  /** copyreg._reconstructor(cls, base, state) and __newobj__(cls, ...): an instance of `cls`. */
  private rebuild(key: string, args: Value, offset: number): Value {
    const [cls, base] = itemsOf(args);
    if (isGlobal(cls)) this.record(cls.name!, 'instantiated', offset, () => `${this.render(cls)}.__new__(…)`);
    else if (cls !== undefined && (cls as Value) !== UNKNOWN) this.unresolved(Op.NEWOBJ, cls, args, offset);
    // _reconstructor calls base.__init__(obj, state) unless base is object.
    if (key === 'copyreg._reconstructor' && isGlobal(base) && globalKey(base.name!.module, base.name!.name) !== 'builtins.object') {
      this.record(base.name!, 'invoked', offset, () => `${this.render(base)}.__init__(…)`);
    }
    return make(Kind.instance, [cls ?? UNKNOWN, args], 0, offset);
  }

  /** A loader called on constant (or statically decodable) bytes: hand them to the engine. */
  private loaderCall(loader: GlobalName, args: Value, offset: number, evidence: string): void {
    const [first] = itemsOf(args);
    const bytes = first === undefined ? undefined : bytesOf(this.reader, first, this.budget.remaining);
    if (!bytes || bytes.length === 0) {
      const undecoded = first === undefined ? 'it has no argument' : 'its argument is not a constant this scan can decode, or exceeds the decoding budget';
      this.sink({ type: 'loader-call', loader, evidence, offset, undecoded });
      return;
    }
    const member = `${loader.written}@${offset}`;
    this.budget.remaining -= bytes.length;
    this.nested.push({ name: member, bytes });
    this.sink({ type: 'loader-call', loader, evidence, offset, member, payloadBytes: bytes.length });
  }
}
