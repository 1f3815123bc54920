/**
 * @module Reads a GGUF file's header, metadata and tensor infos (ggml `docs/gguf.md`, versions 1-3, either
 * byte order) without reading tensor data, and records what ggml's own reader refuses or what lets readers
 * disagree. Every declared length or count is checked against the bytes that remain before it is used, so a
 * count of 2^63 costs nothing; the walk over array elements has a budget.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import { Cursor, TruncatedError } from './cursor.js';
import { MAX_KEPT_PROBLEMS, MAX_METADATA_ENTRIES, MAX_TENSORS } from './bounded.js';
import { MAX_PLAUSIBLE_TYPE_ID, REMOVED_TYPE_IDS, ggmlType } from './ggml-types.js';

export type ProblemKind = 'malformed' | 'inconsistent';

export interface GgufProblem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly offset: number;
  readonly evidence?: string;
}

export interface TensorInfo {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: number;
  /** Relative to the data section, as in the file. */
  readonly offset: number;
  /** Bytes of data; undefined when the type's size is unknown. */
  readonly bytes?: number;
  /** Where the tensor info itself is, for positions. */
  readonly infoOffset: number;
}

export interface StringValue {
  readonly key: string;
  readonly offset: number;
  readonly length: number;
}

export interface GgufFile {
  readonly problems: GgufProblem[];
  readonly notes: string[];
  readonly tensors: TensorInfo[];
  /** `tokenizer.chat_template` and `tokenizer.chat_template.<name>` string values, where they are. */
  readonly templates: StringValue[];
  alignment: number;
  version?: number;
  /** Where tensor data starts (the end of the tensor infos, aligned); set only when every tensor info was read. */
  dataStart?: number;
  /** Set when the walk stopped on its budget: the file was not fully checked. */
  incomplete?: string;
}

const MAGIC = 0x46554747; // "GGUF" read little-endian
const DEFAULT_ALIGNMENT = 32;
const MAX_KEY_BYTES = 65_535;
const MAX_DIMS = 4;
const MAX_ARRAY_NESTING = 16;
/** Array elements walked one by one (strings, bools, nested arrays) before the walk gives up. */
export const ELEMENT_BUDGET = 50_000_000;
const INT64_MAX = 2 ** 63 - 1;
const MAX_NOTES = 10;
const TEMPLATE_KEY = /^tokenizer\.chat_template(?:\..+)?$/;

const TYPE_NAMES = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'bool', 'string', 'array', 'uint64', 'int64', 'float64'];
const FIXED_SIZES: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const BOOL = 7;
const STRING = 8;
const UINT32 = 4;

/** A structural problem after which nothing further in the file can be trusted. */
class Fatal extends Error {}

/** The file is larger in some dimension than aigis walks: the walk stops with this reason, never silently. */
class BudgetExceeded extends Error {}

const utf8 = new TextDecoder();

/** A count as read: exact up to 2^53, beyond that only its magnitude is meaningful. */
const magnitude = (n: number) => (Number.isSafeInteger(n) ? String(n) : `about ${n.toPrecision(3)}`);
const printableKey = (key: string) => JSON.stringify(key.length > 100 ? `${key.slice(0, 97)}...` : key);

class Reader {
  readonly cursor: Cursor;
  readonly file: GgufFile = { problems: [], notes: [], tensors: [], templates: [], alignment: DEFAULT_ALIGNMENT };
  private elementsWalked = 0;
  private readonly kept: Record<ProblemKind, number> = { malformed: 0, inconsistent: 0 };
  private readonly wide: boolean;

  constructor(source: ByteSource, littleEndian: boolean, readonly version: number) {
    this.cursor = new Cursor(source, littleEndian);
    this.wide = version >= 2; // version 1 used 32-bit lengths and counts
    this.file.version = version;
  }

  problem(kind: ProblemKind, message: string, offset: number, evidence?: string): void {
    const count = this.kept[kind]++;
    if (count < MAX_KEPT_PROBLEMS) this.file.problems.push({ kind, message, offset, ...(evidence === undefined ? {} : { evidence }) });
    else if (count === MAX_KEPT_PROBLEMS) this.file.problems.push({ kind, message: `more than ${MAX_KEPT_PROBLEMS} problems of this kind; the rest were not kept`, offset });
  }

  fatal(message: string, offset: number): never {
    this.problem('malformed', message, offset);
    throw new Fatal(message);
  }

  count(what: string): number {
    return this.wide ? this.cursor.u64(what) : this.cursor.u32(what);
  }

  /** A string's length, checked against what remains; returns the offset of its bytes. */
  stringSpan(what: string): { offset: number; length: number } {
    const at = this.cursor.position;
    const length = this.count(`length of ${what}`);
    if (length > this.cursor.remaining) this.fatal(`${what} declares ${magnitude(length)} bytes but only ${this.cursor.remaining} remain in the file`, at);
    const offset = this.cursor.position;
    this.cursor.skip(length, what);
    return { offset, length };
  }

  text(what: string, maxBytes: number): string {
    const at = this.cursor.position;
    const length = this.count(`length of ${what}`);
    if (length > maxBytes) this.fatal(`${what} declares ${magnitude(length)} bytes, more than the ${maxBytes} allowed`, at);
    return utf8.decode(this.cursor.bytes(length, what));
  }

  spend(elements: number): void {
    this.elementsWalked += elements;
    if (this.elementsWalked > ELEMENT_BUDGET) throw new BudgetExceeded(`the metadata holds more than ${ELEMENT_BUDGET} array elements; aigis stopped walking it`);
  }

  valueType(what: string): number {
    const at = this.cursor.position;
    const type = this.cursor.u32(what);
    if (type > 12) this.fatal(`${what} is ${type}, not a GGUF value type (0-12)`, at);
    return type;
  }

  /** Skips one value of `type`, checking bools and every nested length. */
  skipValue(type: number, key: string, depth: number): void {
    if (type === BOOL) return this.bools(1, key);
    const size = FIXED_SIZES[type];
    if (size !== undefined) return this.cursor.skip(size, `value of ${key}`);
    if (type === STRING) {
      this.stringSpan(`a string in ${printableKey(key)}`);
      return;
    }
    this.array(key, depth);
  }

  private bools(count: number, key: string): void {
    this.spend(count);
    for (let i = 0; i < count; i++) {
      const at = this.cursor.position;
      const value = this.cursor.u8(`bool in ${key}`);
      if (value > 1) {
        this.problem('inconsistent', `${printableKey(key)} holds a bool of value ${value}; the spec allows only 0 and 1, so readers disagree about it`, at);
        this.cursor.skip(count - i - 1, `bools in ${key}`);
        return;
      }
    }
  }

  private array(key: string, depth: number): void {
    const at = this.cursor.position;
    if (depth >= MAX_ARRAY_NESTING) this.fatal(`${printableKey(key)} nests arrays deeper than ${MAX_ARRAY_NESTING} levels`, at);
    const elementType = this.valueType(`element type of the array ${printableKey(key)}`);
    const length = this.count(`length of the array ${printableKey(key)}`);
    const minimum = FIXED_SIZES[elementType] ?? (elementType === STRING ? (this.wide ? 8 : 4) : this.wide ? 12 : 8);
    if (length * minimum > this.cursor.remaining) {
      this.fatal(`the array ${printableKey(key)} declares ${magnitude(length)} ${TYPE_NAMES[elementType]} elements, more than the ${this.cursor.remaining} bytes left could hold`, at);
    }
    if (elementType === BOOL) return this.bools(length, key);
    if (FIXED_SIZES[elementType] !== undefined) return this.cursor.skip(length * minimum, `array ${key}`);
    this.spend(length);
    for (let i = 0; i < length; i++) this.skipValue(elementType, key, depth + 1);
  }
}

function readMetadata(reader: Reader, kvCount: number, seen: Set<string>, wellKnown: Map<string, { type: number; offset: number; value?: number }>): void {
  const { cursor } = reader;
  for (let i = 0; i < kvCount; i++) {
    const at = cursor.position;
    const key = reader.text('a metadata key', MAX_KEY_BYTES);
    if (seen.has(key)) reader.problem('inconsistent', `the metadata key ${printableKey(key)} appears twice: ggml refuses the file, other readers keep the first or the last value`, at, key);
    seen.add(key);
    const type = reader.valueType(`value type of ${printableKey(key)}`);
    const valueAt = cursor.position;
    if (type === STRING && TEMPLATE_KEY.test(key)) {
      const span = reader.stringSpan(`the value of ${printableKey(key)}`);
      reader.file.templates.push({ key, ...span });
    } else if (key === 'general.alignment' && type === UINT32) {
      wellKnown.set(key, { type, offset: valueAt, value: cursor.u32(key) });
    } else {
      if (key === 'general.alignment' || TEMPLATE_KEY.test(key)) wellKnown.set(key, { type, offset: valueAt });
      reader.skipValue(type, key, 0);
    }
  }
}

function readTensorInfos(reader: Reader, tensorCount: number): void {
  const { cursor, file } = reader;
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const infoOffset = cursor.position;
    const name = reader.text('a tensor name', MAX_KEY_BYTES);
    if (names.has(name)) reader.problem('inconsistent', `the tensor name ${printableKey(name)} appears twice: ggml refuses the file, other readers pick either tensor`, infoOffset, name);
    names.add(name);
    const nDims = cursor.u32(`dimension count of tensor ${printableKey(name)}`);
    if (nDims > MAX_DIMS) reader.fatal(`tensor ${printableKey(name)} declares ${nDims} dimensions; ggml allows at most ${MAX_DIMS}, and older readers overflow a fixed array`, infoOffset);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(reader.count(`dimension of tensor ${printableKey(name)}`));
    const typeAt = cursor.position;
    const type = cursor.u32(`type of tensor ${printableKey(name)}`);
    const offset = cursor.u64(`data offset of tensor ${printableKey(name)}`);
    let elements = 1;
    for (const dim of dims) elements *= dim;
    if (dims.some((dim) => dim > INT64_MAX) || elements > INT64_MAX) {
      reader.fatal(`tensor ${printableKey(name)} has dimensions [${dims.map(magnitude).join(', ')}] whose element count overflows 64-bit arithmetic`, infoOffset);
    }
    if (type > MAX_PLAUSIBLE_TYPE_ID || REMOVED_TYPE_IDS.has(type)) reader.fatal(`tensor ${printableKey(name)} has type ${type}, which is not a ggml type: readers index their type tables with it`, typeAt);
    const ggml = ggmlType(type);
    let bytes: number | undefined;
    if (!ggml) {
      if (file.notes.length < MAX_NOTES) file.notes.push(`tensor ${name} has ggml type ${type}, newer than aigis knows: its size was not checked`);
    } else if ((dims[0] ?? 1) % ggml.blockSize !== 0) {
      reader.problem('malformed', `tensor ${printableKey(name)} of type ${ggml.name} has ${dims[0]} elements per row, not a multiple of its block size ${ggml.blockSize}`, infoOffset);
    } else {
      bytes = (elements / ggml.blockSize) * ggml.typeSize;
    }
    file.tensors.push({ name, dims, type, offset, infoOffset, ...(bytes === undefined ? {} : { bytes }) });
  }
}

function applyAlignment(reader: Reader, alignment: { type: number; offset: number; value?: number } | undefined): void {
  if (!alignment) return;
  if (alignment.value === undefined) {
    reader.problem('inconsistent', `general.alignment is a ${TYPE_NAMES[alignment.type]}, not a uint32: ggml aborts on it, other readers fall back to 32`, alignment.offset);
  } else if (alignment.value === 0 || (alignment.value & (alignment.value - 1)) !== 0) {
    reader.problem('inconsistent', `general.alignment is ${alignment.value}, not a power of two: ggml refuses it, other readers compute different offsets`, alignment.offset);
  } else {
    reader.file.alignment = alignment.value;
  }
}

/** Reads everything up to the tensor data. Never throws on bad input: problems are recorded. */
export function readGguf(source: ByteSource): GgufFile {
  const head = source.read(0, 8);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 8 || view.getUint32(0, true) !== MAGIC) {
    return { problems: [{ kind: 'malformed', message: head.length < 8 ? 'the file ends inside the GGUF header' : 'the file does not start with the GGUF magic', offset: 0 }], notes: [], tensors: [], templates: [], alignment: DEFAULT_ALIGNMENT };
  }
  const little = view.getUint32(4, true);
  const big = view.getUint32(4, false);
  const littleEndian = little >= 1 && little <= 3;
  const version = littleEndian ? little : big;
  if (!littleEndian && (big < 2 || big > 3)) {
    return { problems: [{ kind: 'malformed', message: `GGUF version ${little} is not 1, 2 or 3 (in either byte order)`, offset: 4 }], notes: [], tensors: [], templates: [], alignment: DEFAULT_ALIGNMENT };
  }
  const reader = new Reader(source, littleEndian, version);
  const { cursor, file } = reader;
  cursor.position = 8;
  if (version === 1) file.notes.push('GGUF version 1: current ggml readers refuse it');
  if (!littleEndian) file.notes.push('big-endian GGUF');
  const wellKnown = new Map<string, { type: number; offset: number; value?: number }>();
  try {
    const tensorCount = reader.count('the tensor count');
    const kvCount = reader.count('the metadata count');
    const minTensorInfo = reader.version >= 2 ? 24 : 20;
    const minKv = reader.version >= 2 ? 13 : 9;
    if (tensorCount * minTensorInfo > cursor.remaining) reader.fatal(`the header declares ${magnitude(tensorCount)} tensors, more than the ${cursor.remaining} bytes left could describe`, 8);
    if (kvCount * minKv > cursor.remaining) reader.fatal(`the header declares ${magnitude(kvCount)} metadata entries, more than the ${cursor.remaining} bytes left could hold`, reader.version >= 2 ? 16 : 12);
    if (kvCount > MAX_METADATA_ENTRIES) throw new BudgetExceeded(`the header declares ${magnitude(kvCount)} metadata entries; aigis reads at most ${MAX_METADATA_ENTRIES}`);
    readMetadata(reader, kvCount, new Set(), wellKnown);
    if (tensorCount > MAX_TENSORS) throw new BudgetExceeded(`the header declares ${magnitude(tensorCount)} tensors; aigis reads at most ${MAX_TENSORS}`);
    readTensorInfos(reader, tensorCount);
    applyAlignment(reader, wellKnown.get('general.alignment'));
    for (const [key, entry] of wellKnown) {
      if (key !== 'general.alignment') reader.problem('inconsistent', `${printableKey(key)} is a ${TYPE_NAMES[entry.type]}, not a string: llama.cpp aborts when it reads it`, entry.offset);
    }
    const end = cursor.position;
    file.dataStart = end + ((file.alignment - (end % file.alignment)) % file.alignment);
  } catch (error) {
    if (error instanceof TruncatedError) reader.problem('malformed', `the file is truncated: ${error.message}`, error.offset);
    else if (error instanceof BudgetExceeded) file.incomplete = error.message;
    else if (!(error instanceof Fatal)) throw error;
  }
  return file;
}
