/**
 * @module joblib's array layout: `joblib.dump` pickles a NumpyArrayWrapper (shape, dtype, order, and since
 * joblib 1.2 an alignment) and writes the array's raw bytes right after the wrapper's BUILD; an object array
 * is written as a nested pickle instead (joblib/numpy_pickle.py, `NumpyArrayWrapper.read_array`). The machine
 * must skip exactly those bytes, or it would read float data as opcodes.
 */
import type { ChunkReader } from '../parser/chunk-reader.js';
import type { FollowUp } from '../parser/machine.js';
import { textOf } from '../parser/payload.js';
import type { PickleObject, Value } from '../parser/values.js';
import { Kind, isObject } from '../parser/values.js';

const WRAPPERS = new Set(['joblib.numpy_pickle.NumpyArrayWrapper', 'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper']);

const CHAR_SIZES: Readonly<Record<string, number>> = {
  '?': 1, b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, p: 8, P: 8, e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, G: 32, O: 8, M: 8, m: 8,
};

export function isArrayWrapper(value: Value): value is PickleObject {
  if (!isObject(value) || value.kind !== Kind.instance) return false;
  const cls = value.items![0];
  return isObject(cls) && cls.kind === Kind.global && WRAPPERS.has(`${cls.name!.module}.${cls.name!.name}`);
}

function entry(reader: ChunkReader, dict: PickleObject, key: string): Value | undefined {
  const items = dict.items ?? [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const k = items[i]!;
    if (isObject(k) && k.kind === Kind.str && textOf(reader, k, 64) === key) return items[i + 1];
  }
  return undefined;
}

/** numpy's dtype descriptor (`'<f8'`, `'U5'`, `'O8'`, `'V12'`) as (item size, holds objects). */
function dtypeOf(reader: ChunkReader, dtype: Value | undefined): { itemSize: number; hasObject: boolean } | undefined {
  if (!isObject(dtype) || dtype.kind !== Kind.call) return undefined;
  const args = dtype.items![1];
  const descr = isObject(args) && args.kind === Kind.tuple ? args.items![0] : undefined;
  const text = isObject(descr) && descr.kind === Kind.str ? textOf(reader, descr, 64) : undefined;
  const match = text === undefined ? null : /^[<>|=]?([?bBhHiIlLqQpPefdgFDGOMmSUVuicba])(\d*)/.exec(text);
  if (!match) return undefined;
  const [, code, digits] = match;
  const state = dtype.state;
  const flags = isObject(state) && state.kind === Kind.tuple && state.size >= 8 ? state.items![7] : 0;
  const hasObject = code === 'O' || (typeof flags === 'number' && (flags & 1) === 1);
  if (digits) return { itemSize: Number(digits) * (code === 'U' ? 4 : 1), hasObject };
  const size = CHAR_SIZES[code!];
  return size === undefined ? undefined : { itemSize: size, hasObject };
}

/** What follows a wrapper's BUILD, from its state dict. */
export function arrayFollowUp(reader: ChunkReader, state: Value): FollowUp {
  if (!isObject(state) || state.kind !== Kind.dict) return { kind: 'unknown', reason: 'a joblib array wrapper has no state dict' };
  const shape = entry(reader, state, 'shape');
  const dtype = dtypeOf(reader, entry(reader, state, 'dtype'));
  if (!dtype) return { kind: 'unknown', reason: 'the dtype of a joblib array cannot be read statically' };
  if (dtype.hasObject) return { kind: 'pickle' };
  if (!isObject(shape) || shape.kind !== Kind.tuple || shape.size > shape.items!.length) return { kind: 'unknown', reason: 'the shape of a joblib array cannot be read statically' };
  let count = 1;
  for (const dimension of shape.items!) {
    if (typeof dimension !== 'number' || dimension < 0) return { kind: 'unknown', reason: 'the shape of a joblib array is not a tuple of sizes' };
    count *= dimension;
  }
  const padded = entry(reader, state, 'numpy_array_alignment_bytes') !== undefined;
  return { kind: 'skip', bytes: count * dtype.itemSize, padded };
}
