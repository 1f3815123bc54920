/**
 * @module Interprets the `descr` of an `.npy` header the way `numpy.lib.format.descr_to_dtype` does: a type
 * string, a `(base, shape)` subarray, or a list of fields. What matters for safety is whether any part holds
 * Python objects (then the data is a pickle) and how many bytes one element takes.
 */
import type { PyValue } from './python-literal.js';
import { pyRepr } from './python-literal.js';

export type DtypeVerdict =
  /** numpy would build this dtype; `itemsize` is in bytes. */
  | { readonly kind: 'known'; readonly itemsize: bigint; readonly hasObject: boolean }
  /** numpy would refuse this descriptor: the file cannot be loaded. */
  | { readonly kind: 'invalid'; readonly reason: string }
  /** A spelling aigis does not know (numpy's own writer never produces one): it may or may not hold objects. */
  | { readonly kind: 'unrecognised'; readonly reason: string };

class DescrError extends Error {
  constructor(readonly verdict: Exclude<DtypeVerdict, { kind: 'known' }>) {
    super(verdict.reason);
  }
}

const invalid = (reason: string) => new DescrError({ kind: 'invalid', reason });
const unrecognised = (reason: string) => new DescrError({ kind: 'unrecognised', reason });

interface Element {
  readonly itemsize: bigint;
  readonly hasObject: boolean;
}

/** One-character type codes (numpy's `dtype.char`), sizes as on 64-bit Linux. `T` is numpy 2's StringDType. */
const CHAR_CODES: Readonly<Record<string, Element>> = Object.fromEntries(
  Object.entries({ '?': 1, b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, p: 8, P: 8, e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, G: 32, M: 8, m: 8, S: 0, a: 0, U: 0, V: 0, O: 8, T: 16 })
    .map(([code, size]): [string, Element] => [code, { itemsize: BigInt(size), hasObject: code === 'O' || code === 'T' }]),
);

/** Kind letters that take an explicit size, and the sizes numpy accepts (undefined: any count). */
const SIZED_KINDS: Readonly<Record<string, { readonly sizes?: readonly number[]; readonly perUnit?: number; readonly object?: boolean }>> = {
  b: { sizes: [1] },
  i: { sizes: [1, 2, 4, 8] },
  u: { sizes: [1, 2, 4, 8] },
  f: { sizes: [2, 4, 8, 16] },
  c: { sizes: [8, 16, 32] },
  M: { sizes: [8] },
  m: { sizes: [8] },
  S: { perUnit: 1 },
  a: { perUnit: 1 },
  V: { perUnit: 1 },
  U: { perUnit: 4 },
  O: { object: true },
};

/** Named spellings numpy accepts (`numpy.dtype('float32')`), with their sizes in bytes. */
const NAMED: Readonly<Record<string, number>> = {
  bool: 1, bool_: 1, int8: 1, uint8: 1, byte: 1, ubyte: 1, int16: 2, uint16: 2, short: 2, ushort: 2,
  int32: 4, uint32: 4, intc: 4, uintc: 4, int64: 8, uint64: 8, int: 8, long: 8, ulong: 8, longlong: 8,
  ulonglong: 8, intp: 8, uintp: 8, float16: 2, half: 2, float32: 4, single: 4, float64: 8, float: 8,
  double: 8, float128: 16, longdouble: 16, complex64: 8, csingle: 8, complex128: 16, complex: 16,
  cdouble: 16, complex256: 32, clongdouble: 32, datetime64: 8, timedelta64: 8, str: 0, str_: 0, bytes: 0,
  bytes_: 0, void: 0,
};
const OBJECT_NAMES = new Set(['object', 'object_']);

const DATETIME_UNIT = /^\[(?:\d*(?:Y|M|W|D|h|m|s|ms|us|μs|ns|ps|fs|as|generic))\]$/;

function typeString(text: string): Element {
  if (text.includes(',')) return commaSeparated(text);
  const unitAt = text.indexOf('[');
  const unit = unitAt < 0 ? undefined : text.slice(unitAt);
  const body = (unitAt < 0 ? text : text.slice(0, unitAt)).replace(/^[<>|=]/, '');
  if (unit !== undefined && !(DATETIME_UNIT.test(unit) && /^(?:[Mm]8?|datetime64|timedelta64)$/.test(body))) {
    throw unrecognised(`type string '${text}'`);
  }
  if (OBJECT_NAMES.has(body)) return { itemsize: 8n, hasObject: true };
  if (Object.hasOwn(NAMED, body)) return { itemsize: BigInt(NAMED[body]!), hasObject: false };
  const code = /^([A-Za-z?])(\d*)$/.exec(body);
  if (!code) throw unrecognised(`type string '${text}'`);
  return sizedOrCode(text, code[1]!, code[2]!);
}

function sizedOrCode(text: string, kind: string, digits: string): Element {
  if (digits === '') {
    const element = Object.hasOwn(CHAR_CODES, kind) ? CHAR_CODES[kind] : undefined;
    if (!element) throw unrecognised(`type string '${text}'`);
    return element;
  }
  const sized = Object.hasOwn(SIZED_KINDS, kind) ? SIZED_KINDS[kind] : undefined;
  if (!sized || digits.length > 12) throw unrecognised(`type string '${text}'`);
  const count = Number(digits);
  if (sized.object) return { itemsize: 8n, hasObject: true };
  if (sized.sizes && !sized.sizes.includes(count)) throw unrecognised(`type string '${text}'`);
  return { itemsize: BigInt(count) * BigInt(sized.perUnit ?? 1), hasObject: false };
}

/** `'f4, (2,3)i8, O'`: numpy's comma-separated structured spelling. */
function commaSeparated(text: string): Element {
  let itemsize = 0n;
  let hasObject = false;
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const repeat = /^(?:\((\d+(?:\s*,\s*\d+)*)\s*,?\s*\)|(\d+)(?=[A-Za-z<>|=?]))/.exec(part);
    const count = repeat ? (repeat[1] ?? repeat[2]!).split(',').reduce((n, d) => n * BigInt(d.trim()), 1n) : 1n;
    const element = typeString(part.slice(repeat?.[0].length ?? 0).trim());
    itemsize += element.itemsize * count;
    hasObject ||= element.hasObject;
  }
  return { itemsize, hasObject };
}

function shapeProduct(shape: PyValue): bigint {
  const dims = shape.kind === 'tuple' || shape.kind === 'list' ? shape.items : [shape];
  let product = 1n;
  for (const dim of dims) {
    if (dim.kind === 'bool') product *= dim.value ? 1n : 0n;
    else if (dim.kind === 'int' && dim.value >= 0n) product *= dim.value;
    else throw invalid(`subarray shape ${pyRepr(shape)}`);
  }
  return product;
}

function element(descr: PyValue, depth: number): Element {
  if (depth > 32) throw invalid('dtype nested too deeply');
  switch (descr.kind) {
    case 'str':
    case 'bytes':
      return typeString(descr.value);
    case 'tuple': {
      if (descr.items.length !== 2) throw invalid(`subarray descriptor ${pyRepr(descr)}`);
      const base = element(descr.items[0]!, depth + 1);
      return { itemsize: base.itemsize * shapeProduct(descr.items[1]!), hasObject: base.hasObject };
    }
    case 'list':
      return fields(descr.items, depth);
    default:
      throw invalid(`descr ${pyRepr(descr)} is not a dtype descriptor`);
  }
}

function fields(items: readonly PyValue[], depth: number): Element {
  let itemsize = 0n;
  let hasObject = false;
  for (const field of items) {
    if ((field.kind !== 'tuple' && field.kind !== 'list') || (field.items.length !== 2 && field.items.length !== 3)) {
      throw invalid(`field ${pyRepr(field)} is not (name, type) or (name, type, shape)`);
    }
    const [name, type, shape] = field.items as [PyValue, PyValue, PyValue | undefined];
    const validName = name.kind === 'str' || (name.kind === 'tuple' && name.items.length === 2 && name.items[1]!.kind === 'str');
    if (!validName) throw invalid(`field name ${pyRepr(name)}`);
    const base = element(type, depth + 1);
    const size = shape === undefined ? base.itemsize : base.itemsize * shapeProduct(shape);
    // Unnamed void fields are padding, but they still take their bytes.
    itemsize += size;
    hasObject ||= base.hasObject;
  }
  return { itemsize, hasObject };
}

export function interpretDescr(descr: PyValue): DtypeVerdict {
  try {
    const { itemsize, hasObject } = element(descr, 0);
    return { kind: 'known', itemsize, hasObject };
  } catch (error) {
    if (error instanceof DescrError) return error.verdict;
    throw error;
  }
}
