/**
 * @module Reads an `.npy` file's preamble and header the way `numpy.lib.format` does (magic, version,
 * header length, the header dict) and judges what `numpy.load` would do with it. Only the header is read:
 * the array data is measured, never loaded.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import type { DtypeVerdict } from './dtype.js';
import { interpretDescr } from './dtype.js';
import type { PyValue } from './python-literal.js';
import { PyLiteralError, parsePyLiteral, pyRepr } from './python-literal.js';

/** numpy refuses headers over 10,000 characters unless pickles are allowed; aigis parses ones far larger. */
export const MAX_HEADER_BYTES = 1024 * 1024;
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const EXPECTED_KEYS = ['descr', 'fortran_order', 'shape'];

export interface HeaderProblem {
  readonly message: string;
  readonly evidence?: string;
  readonly offset: number;
}

export interface NpyFile {
  /** Problems numpy would refuse the file for, or that let readers disagree about it. */
  readonly problems: HeaderProblem[];
  /** Set when the header could not be read far enough to know the element type. */
  readonly unreadable?: string;
  readonly version?: string;
  /** Offset of the first byte after the header: the array data, or the pickle of an object array. */
  readonly dataOffset?: number;
  readonly descr?: string;
  readonly dtype?: DtypeVerdict;
  /** Dimensions as numpy would take them; undefined when the shape is invalid. */
  readonly shape?: readonly bigint[];
}

function preamble(source: ByteSource): { version: string; headerLength: number; dataStart: number; encoding: 'latin1' | 'utf8' } | string {
  const head = source.read(0, 12);
  if (head.length < 8 || !MAGIC.every((byte, i) => head[i] === byte)) return 'the file does not start with the \\x93NUMPY magic';
  const [major, minor] = [head[6]!, head[7]!];
  const version = `${major}.${minor}`;
  if (minor !== 0 || major < 1 || major > 3) return `format version ${version} is not one numpy reads (1.0, 2.0 or 3.0)`;
  const width = major === 1 ? 2 : 4;
  if (head.length < 8 + width) return 'the file ends inside the header length field';
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const headerLength = width === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  return { version, headerLength, dataStart: 8 + width + headerLength, encoding: major === 3 ? 'utf8' : 'latin1' };
}

function shapeOf(value: PyValue): bigint[] | undefined {
  if (value.kind !== 'tuple') return undefined;
  const dims: bigint[] = [];
  for (const item of value.items) {
    if (item.kind === 'int') dims.push(item.value);
    else if (item.kind === 'bool') dims.push(item.value ? 1n : 0n); // bool is an int to Python
    else return undefined;
  }
  return dims;
}

export function readNpy(source: ByteSource): NpyFile {
  const problems: HeaderProblem[] = [];
  const start = preamble(source);
  if (typeof start === 'string') return { problems: [{ message: start, offset: 0 }] };
  const { version, headerLength, dataStart } = start;
  const headerOffset = dataStart - headerLength;
  if (dataStart > source.size) {
    problems.push({ message: `the header claims ${headerLength} bytes but the file ends after ${source.size - headerOffset}`, offset: headerOffset });
    return { problems, version };
  }
  if (headerLength > MAX_HEADER_BYTES) {
    problems.push({ message: `the header is ${headerLength} bytes long; numpy refuses more than 10,000 characters unless pickles are allowed`, offset: headerOffset });
    return { problems, version, dataOffset: dataStart, unreadable: `the ${headerLength}-byte header is larger than the ${MAX_HEADER_BYTES} bytes aigis parses` };
  }
  const bytes = source.read(headerOffset, headerLength);
  let text: string;
  try {
    text = new TextDecoder(start.encoding === 'utf8' ? 'utf-8' : 'latin1', { fatal: true }).decode(bytes);
  } catch {
    problems.push({ message: 'the version 3.0 header is not valid UTF-8', offset: headerOffset });
    return { problems, version };
  }
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text, { allowLongSuffix: version !== '3.0' });
  } catch (error) {
    if (!(error instanceof PyLiteralError)) throw error;
    problems.push({ message: `the header is not a Python literal: ${error.message}`, evidence: text.trim().slice(0, 200), offset: headerOffset });
    return { problems, version, dataOffset: dataStart, unreadable: 'the header could not be parsed, so the element type is unknown' };
  }
  if (dict.kind !== 'dict') {
    problems.push({ message: `the header is a ${dict.kind}, not a dict`, evidence: pyRepr(dict), offset: headerOffset });
    return { problems, version };
  }
  for (const key of new Set(dict.repeatedKeys)) {
    problems.push({
      message: `the header repeats the key '${key}': numpy keeps the last value, while a reader that takes the first one sees another array`,
      evidence: pyRepr(dict, 200),
      offset: headerOffset,
    });
  }
  const keys = [...dict.entries.keys()].sort();
  if (keys.join('\u0000') !== EXPECTED_KEYS.join('\u0000')) {
    problems.push({ message: `the header keys are ${keys.map((k) => `'${k}'`).join(', ') || 'none'}; numpy requires exactly 'descr', 'fortran_order' and 'shape'`, evidence: pyRepr(dict, 200), offset: headerOffset });
  }
  const descr = dict.entries.get('descr');
  const shapeValue = dict.entries.get('shape');
  const fortran = dict.entries.get('fortran_order');
  if (fortran !== undefined && fortran.kind !== 'bool') {
    problems.push({ message: `fortran_order is ${pyRepr(fortran)}, not True or False`, offset: headerOffset });
  }
  const shape = shapeValue === undefined ? undefined : shapeOf(shapeValue);
  if (shapeValue !== undefined && shape === undefined) {
    problems.push({ message: `shape ${pyRepr(shapeValue)} is not a tuple of integers`, offset: headerOffset });
  }
  if (shape?.some((dim) => dim < 0n)) {
    problems.push({ message: `shape ${pyRepr(shapeValue!)} has a negative dimension, which numpy never writes and readers interpret differently`, offset: headerOffset });
  }
  const dtype = descr === undefined ? undefined : interpretDescr(descr);
  if (dtype?.kind === 'invalid') problems.push({ message: `numpy would refuse the dtype: ${dtype.reason}`, evidence: pyRepr(descr!), offset: headerOffset });
  if (dtype?.kind === 'unrecognised') {
    problems.push({ message: `the dtype is spelled in a way numpy never writes (${dtype.reason}): it may hold Python objects`, evidence: pyRepr(descr!), offset: headerOffset });
  }
  return {
    problems,
    version,
    dataOffset: dataStart,
    ...(descr === undefined ? {} : { descr: pyRepr(descr) }),
    ...(dtype === undefined ? {} : { dtype }),
    ...(shape === undefined || shape.some((dim) => dim < 0n) ? {} : { shape }),
    ...(dtype?.kind === 'unrecognised' ? { unreadable: `the dtype ${pyRepr(descr!)} is not one aigis can interpret` } : {}),
  };
}

/** The bytes the array data takes, or undefined when the header does not say. */
export function expectedDataBytes(npy: NpyFile): bigint | undefined {
  if (npy.dtype?.kind !== 'known' || npy.dtype.hasObject || npy.shape === undefined) return undefined;
  return npy.shape.reduce((count, dim) => count * dim, 1n) * npy.dtype.itemsize;
}
