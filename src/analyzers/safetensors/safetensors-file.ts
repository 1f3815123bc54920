/**
 * @module Reads a safetensors header the way the `safetensors` Rust crate does (8-byte length, at most
 * 100,000,000 bytes of UTF-8 JSON, `__metadata__` as a string map, every other key a tensor with dtype, shape
 * and data_offsets) and records where other readers would see something else. Tensor bytes are never read.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import type { JsonValue } from './header-json.js';
import { HeaderJsonError, asUsize, parseHeaderJson } from './header-json.js';
import type { Problem } from './problem.js';
import { addProblem } from './problem.js';

/** The crate's MAX_HEADER_SIZE. */
export const MAX_HEADER_BYTES = 100_000_000;
const LENGTH_BYTES = 8;

/** Bits per element of every dtype the safetensors format defines (crate 0.8). */
export const DTYPE_BITS: Readonly<Record<string, number>> = {
  BOOL: 8, F4: 4, F6_E2M3: 6, F6_E3M2: 6, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8, I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64,
};
const TENSOR_FIELDS = new Set(['dtype', 'shape', 'data_offsets']);

export interface TensorEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly bigint[];
  /** Relative to the start of the data area, as in the header. */
  readonly start: bigint;
  readonly end: bigint;
}

export interface SafetensorsFile {
  /** Problems the safetensors library refuses the file for, before the tensor layout. */
  readonly invalid: Problem[];
  /** Header content that readers disagree about. */
  readonly ambiguous: Problem[];
  /** Set when the header was read: where the data area starts and how long it is. */
  readonly dataStart?: number;
  readonly dataSize?: number;
  readonly tensors: TensorEntry[];
  /** UTF-8 bytes of the `__metadata__` keys and values. */
  readonly metadataBytes: number;
}

const quote = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);

function readTensor(name: string, value: JsonValue, file: { invalid: Problem[]; ambiguous: Problem[] }): TensorEntry | undefined {
  if (value.kind !== 'object') {
    addProblem(file.invalid, { message: `tensor ${quote(name)} is a JSON ${value.kind}, not an object with dtype, shape and data_offsets` });
    return undefined;
  }
  const fields = new Map<string, JsonValue>();
  for (const [field, fieldValue] of value.members) {
    if (fields.has(field)) addProblem(file.ambiguous, { message: `tensor ${quote(name)} repeats the field ${quote(field)}: the safetensors library refuses it, JSON.parse and Python keep the last one` });
    fields.set(field, fieldValue);
    if (!TENSOR_FIELDS.has(field)) addProblem(file.ambiguous, { message: `tensor ${quote(name)} has an extra field ${quote(field)} that loaders ignore: a place to hide data` });
  }
  const dtype = fields.get('dtype');
  const shape = fields.get('shape');
  const offsets = fields.get('data_offsets');
  if (dtype?.kind !== 'string' || !Object.hasOwn(DTYPE_BITS, dtype.value)) {
    const shown = dtype?.kind === 'string' ? quote(dtype.value) : dtype ? `a JSON ${dtype.kind}` : 'missing';
    addProblem(file.invalid, { message: `tensor ${quote(name)} has dtype ${shown}, which is not a safetensors dtype` });
    return undefined;
  }
  const dims = shape?.kind === 'array' ? shape.items.map(asUsize) : undefined;
  if (!dims || dims.some((d) => d === undefined)) {
    addProblem(file.invalid, { message: `tensor ${quote(name)} has a shape that is not a list of non-negative 64-bit integers` });
    return undefined;
  }
  const bounds = offsets?.kind === 'array' && offsets.items.length === 2 ? offsets.items.map(asUsize) : undefined;
  if (!bounds || bounds[0] === undefined || bounds[1] === undefined) {
    addProblem(file.invalid, { message: `tensor ${quote(name)} has data_offsets that are not a pair of non-negative 64-bit integers` });
    return undefined;
  }
  return { name, dtype: dtype.value, shape: dims as bigint[], start: bounds[0], end: bounds[1] };
}

function readMetadata(value: JsonValue, file: { invalid: Problem[] }): number {
  if (value.kind === 'null') return 0;
  if (value.kind !== 'object') {
    addProblem(file.invalid, { message: `__metadata__ is a JSON ${value.kind}, not an object of strings` });
    return 0;
  }
  let bytes = 0;
  for (const [key, entry] of value.members) {
    if (entry.kind !== 'string') {
      addProblem(file.invalid, { message: `__metadata__ entry ${quote(key)} is a JSON ${entry.kind}; the safetensors library only accepts strings` });
      continue;
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(entry.value);
  }
  return bytes;
}

export function readSafetensors(source: ByteSource): SafetensorsFile {
  const file = { invalid: [] as Problem[], ambiguous: [] as Problem[], tensors: [] as TensorEntry[], metadataBytes: 0 };
  if (source.size < LENGTH_BYTES) {
    addProblem(file.invalid, { message: `the file is ${source.size} bytes long, shorter than the 8-byte header length`, offset: 0 });
    return file;
  }
  const lengthBytes = source.read(0, LENGTH_BYTES);
  const declared = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, LENGTH_BYTES).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    addProblem(file.invalid, { message: `the header length is ${declared} bytes, over the ${MAX_HEADER_BYTES}-byte limit of the safetensors library`, offset: 0 });
    return file;
  }
  const headerLength = Number(declared);
  if (LENGTH_BYTES + headerLength > source.size) {
    addProblem(file.invalid, { message: `the header claims ${headerLength} bytes but only ${source.size - LENGTH_BYTES} follow the length field`, offset: 0 });
    return file;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(source.read(LENGTH_BYTES, headerLength));
  } catch {
    addProblem(file.invalid, { message: 'the header is not valid UTF-8', offset: LENGTH_BYTES });
    return file;
  }
  const dataStart = LENGTH_BYTES + headerLength;
  const measured = { ...file, dataStart, dataSize: source.size - dataStart };
  // A repeated name counts once, with its last entry, as a map-building parser keeps it.
  const tensors = new Map<string, TensorEntry>();
  const seen = new Set<string>();
  const visit = (name: string, value: JsonValue) => {
    if (seen.has(name)) {
      addProblem(measured.ambiguous, { message: `the header repeats the key ${quote(name)}: readers disagree about which entry counts (the safetensors library refuses a repeated __metadata__, Python's json keeps the last entry)`, evidence: name, offset: LENGTH_BYTES });
    }
    seen.add(name);
    if (name === '__metadata__') measured.metadataBytes += readMetadata(value, measured);
    else {
      const tensor = readTensor(name, value, measured);
      if (tensor) tensors.set(name, tensor);
      else tensors.delete(name);
    }
  };
  let parsed: ReturnType<typeof parseHeaderJson>;
  try {
    parsed = parseHeaderJson(text, visit);
  } catch (error) {
    if (!(error instanceof HeaderJsonError)) throw error;
    // What was read before the error does not matter: no loader gets past it.
    const invalid = [{ message: `the header is not valid JSON: ${error.message}`, evidence: text.slice(Math.max(0, error.position - 40), error.position + 40), offset: LENGTH_BYTES }];
    return { invalid, ambiguous: [], tensors: [], metadataBytes: 0, dataStart, dataSize: measured.dataSize };
  }
  if (parsed.value.kind !== 'object') {
    addProblem(measured.invalid, { message: `the header is a JSON ${parsed.value.kind}, not an object`, offset: LENGTH_BYTES });
    return measured;
  }
  if (text[0] !== '{') {
    addProblem(measured.ambiguous, { message: 'the header does not start with "{": the safetensors library plans to refuse that (InvalidHeaderStart), and content sniffers miss the file', offset: LENGTH_BYTES });
  }
  if (parsed.loneSurrogate) {
    addProblem(measured.ambiguous, { message: 'the header holds a \\u escape that is half a surrogate pair: the safetensors library refuses it, JSON.parse and Python accept it', offset: LENGTH_BYTES });
  }
  for (const tensor of tensors.values()) measured.tensors.push(tensor);
  return measured;
}
