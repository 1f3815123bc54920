/**
 * @module Reads what the ONNX rules judge from a ModelProto without decoding it whole: the opset imports, the
 * model-local functions, which operator domains nodes use (in the main graph, in every subgraph held by node
 * attributes such as If/Loop/Scan bodies, in training graphs and in functions), and the tensors whose data
 * lives in external files. Tensor bytes (`raw_data` and the typed data fields) are skipped by length.
 * Field numbers are those of `onnx/onnx.proto` in the official onnx/onnx repository.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import type { WireField } from '../../lib/protobuf-wire.js';
import { LEN, ProtobufWireError, WireReader } from '../../lib/protobuf-wire.js';
import type { OperatorSetId } from './messages.js';
import { decodeOperatorSetId, decodeStringStringEntry } from './messages.js';

/** protobuf-cpp refuses messages nested deeper than this, so ONNX Runtime never loads such a model. */
export const MAX_MESSAGE_DEPTH = 100;
/** Names, domains and keys are read up to this length; nothing legitimate comes close. */
const MAX_NAME_BYTES = 4096;
/** Small messages decoded whole (opset imports, key-value entries) must fit in this. */
const MAX_SMALL_MESSAGE_BYTES = 64 * 1024;
/** Distinct (domain, op_type) pairs and external locations kept; more are counted and leave the file inconclusive. */
const MAX_KEPT = 10_000;

export interface OperatorUse {
  readonly domain: string;
  readonly opType: string;
  count: number;
  /** Offset of the first node using it. */
  readonly offset: number;
  /** Where the first node sits, e.g. `graph` or `graph > node "loop" (Loop) body`. */
  readonly where: string;
}

/** One external data file, as the first tensor that names it says; most tensors share one file. */
export interface ExternalLocation {
  readonly location: string;
  readonly tensor: string;
  readonly offset: number;
  readonly where: string;
  count: number;
}

export interface OnnxProblem {
  readonly message: string;
  readonly offset: number;
}

export interface OnnxModel {
  readonly opsets: OperatorSetId[];
  /** `domain:name` of every model-local function: nodes may call them without any operator library. */
  readonly functions: Set<string>;
  /** Operators used, keyed `domain:op_type` with the domain as written ('' and 'ai.onnx' are the same). */
  readonly operators: Map<string, OperatorUse>;
  /** Keyed by location. A tensor with `external_data` but no `location` is kept under ''. */
  readonly externalLocations: Map<string, ExternalLocation>;
  /** Tensors with `external_data`, whether or not data_location says EXTERNAL (other tools may not check). */
  externalTensors: number;
  /** Distinct operators or locations past the caps: seen but not kept, so not judged. */
  unlisted: number;
  /** Why the model is not valid protobuf or ONNX: ONNX Runtime refuses such a file. */
  readonly problems: OnnxProblem[];
  /** Where the walk had to stop at broken wire format; nothing after it was read. */
  stoppedAt?: number;
}

export const operatorKey = (domain: string, name: string) => `${domain}:${name}`;

/** Names as they appear in `where`: nesting repeats them, so long ones are cut. */
const short = (name: string) => (name.length > 64 ? `${name.slice(0, 64)}...` : name);

class ModelWalker {
  readonly model: OnnxModel = { opsets: [], functions: new Set(), operators: new Map(), externalLocations: new Map(), externalTensors: 0, unlisted: 0, problems: [] };
  private readonly wire: WireReader;

  constructor(source: ByteSource) {
    this.wire = new WireReader(source);
  }

  walk(size: number): void {
    try {
      this.modelProto(0, size);
    } catch (error) {
      if (!(error instanceof ProtobufWireError)) throw error;
      this.model.problems.push({ message: `broken protobuf: ${error.message}`, offset: error.offset });
      this.model.stoppedAt = error.offset;
    }
  }

  private modelProto(start: number, end: number): void {
    for (const field of this.wire.fields(start, end)) {
      if (field.number === 8 && this.isLen(field)) this.opsetImport(field, this.model.opsets);
      else if (field.number === 7 && this.isLen(field)) this.graph(field, 2, 'graph');
      else if (field.number === 20 && this.isLen(field)) this.trainingInfo(field);
      else if (field.number === 25 && this.isLen(field)) this.functionProto(field);
    }
  }

  private trainingInfo(info: WireField): void {
    for (const field of this.wire.fields(info.start, info.end)) {
      if ((field.number === 1 || field.number === 2) && this.isLen(field)) {
        this.graph(field, 3, `training_info.${field.number === 1 ? 'initialization' : 'algorithm'}`);
      }
    }
  }

  // Messages are walked twice where one field names the place of others, rather than keeping a list of
  // fields: a hostile file can hold millions of them.

  private functionProto(fn: WireField): void {
    let name = '';
    let domain = '';
    for (const field of this.wire.fields(fn.start, fn.end)) {
      if (field.number === 1 && this.isLen(field)) name = this.name(field);
      else if (field.number === 10 && this.isLen(field)) domain = this.name(field);
    }
    this.model.functions.add(operatorKey(domain, name));
    const where = `function ${short(domain)}:${short(name)}`;
    for (const field of this.wire.fields(fn.start, fn.end)) {
      if (field.number === 7 && this.isLen(field)) this.node(field, 3, where);
      else if (field.number === 11 && this.isLen(field)) this.attribute(field, 3, where);
    }
  }

  private graph(graph: WireField, depth: number, where: string): void {
    this.checkDepth(depth, graph);
    for (const field of this.wire.fields(graph.start, graph.end)) {
      if (!this.isLen(field)) continue;
      if (field.number === 1) this.node(field, depth + 1, where);
      else if (field.number === 5) this.tensor(field, depth + 1, where);
      else if (field.number === 15) this.sparseTensor(field, depth + 1, where);
    }
  }

  private node(node: WireField, depth: number, where: string): void {
    this.checkDepth(depth, node);
    let name = '';
    let opType = '';
    let domain = '';
    for (const field of this.wire.fields(node.start, node.end)) {
      if (field.number === 3 && this.isLen(field)) name = this.name(field);
      else if (field.number === 4 && this.isLen(field)) opType = this.name(field);
      else if (field.number === 7 && this.isLen(field)) domain = this.name(field);
    }
    this.useOperator(domain, opType, node.offset, where);
    const here = `${where} > node "${short(name)}" (${short(opType)})`;
    for (const field of this.wire.fields(node.start, node.end)) {
      if (field.number === 5 && this.isLen(field)) this.attribute(field, depth + 1, here);
    }
  }

  private attribute(attribute: WireField, depth: number, where: string): void {
    this.checkDepth(depth, attribute);
    let name = '';
    for (const field of this.wire.fields(attribute.start, attribute.end)) {
      if (field.number === 1 && this.isLen(field)) name = this.name(field);
    }
    const inside = `${where} ${short(name)}`;
    for (const field of this.wire.fields(attribute.start, attribute.end)) {
      if (!this.isLen(field)) continue;
      if (field.number === 6 || field.number === 11) this.graph(field, depth + 1, inside); // g, graphs
      else if (field.number === 5 || field.number === 10) this.tensor(field, depth + 1, inside); // t, tensors
      else if (field.number === 22 || field.number === 23) this.sparseTensor(field, depth + 1, inside); // sparse_tensor(s)
    }
  }

  private sparseTensor(sparse: WireField, depth: number, where: string): void {
    this.checkDepth(depth, sparse);
    for (const field of this.wire.fields(sparse.start, sparse.end)) {
      if ((field.number === 1 || field.number === 2) && this.isLen(field)) this.tensor(field, depth + 1, where);
    }
  }

  private tensor(tensor: WireField, depth: number, where: string): void {
    this.checkDepth(depth, tensor);
    let name = '';
    let external = false;
    const locations: string[] = [];
    for (const field of this.wire.fields(tensor.start, tensor.end)) {
      if (field.number === 8 && this.isLen(field)) name = this.name(field);
      else if (field.number === 13 && this.isLen(field)) {
        external = true;
        const entry = this.small(field, decodeStringStringEntry, 'external_data entry');
        if (entry?.key === 'location') locations.push(entry.value);
      }
    }
    if (!external) return;
    this.model.externalTensors++;
    for (const location of locations.length > 0 ? locations : ['']) {
      const known = this.model.externalLocations.get(location);
      if (known) known.count++;
      else if (this.model.externalLocations.size >= MAX_KEPT) this.model.unlisted++;
      else this.model.externalLocations.set(location, { location, tensor: name, offset: tensor.offset, where, count: 1 });
    }
  }

  private opsetImport(field: WireField, into: OperatorSetId[]): void {
    const opset = this.small(field, decodeOperatorSetId, 'opset_import');
    if (opset) into.push(opset);
  }

  private useOperator(domain: string, opType: string, offset: number, where: string): void {
    const key = operatorKey(domain, opType);
    const use = this.model.operators.get(key);
    if (use) use.count++;
    else if (this.model.operators.size >= MAX_KEPT) this.model.unlisted++;
    else this.model.operators.set(key, { domain, opType, count: 1, offset, where });
  }

  /** A message decoded whole by protobufjs; a bad one is a problem, and the walk goes on around it. */
  private small<T>(field: WireField, decode: (bytes: Uint8Array) => T, what: string): T | undefined {
    if (field.end - field.start > MAX_SMALL_MESSAGE_BYTES) {
      this.model.problems.push({ message: `an ${what} of ${field.end - field.start} bytes`, offset: field.offset });
      return undefined;
    }
    try {
      return decode(this.wire.bytes(field));
    } catch (error) {
      this.model.problems.push({ message: `an ${what} that does not decode (${(error as Error).message})`, offset: field.offset });
      return undefined;
    }
  }

  private name(field: WireField): string {
    const { text, truncated } = this.wire.text(field, MAX_NAME_BYTES);
    return truncated ? `${text}...` : text;
  }

  /** protobuf-cpp keeps a known field with the wrong wire type as an unknown field, so it is skipped here too. */
  private isLen(field: WireField): boolean {
    return field.wireType === LEN;
  }

  private checkDepth(depth: number, field: WireField): void {
    if (depth > MAX_MESSAGE_DEPTH) throw new ProtobufWireError(`messages nest deeper than protobuf's limit of ${MAX_MESSAGE_DEPTH}`, field.offset);
  }
}

export function readOnnxModel(source: ByteSource): OnnxModel {
  const walker = new ModelWalker(source);
  walker.walk(source.size);
  return walker.model;
}
