/**
 * @module Reads what the TensorFlow rules judge from a SavedModel (`saved_model.pb`), a MetaGraphDef (`.meta`)
 * or a GraphDef (`.pb`), field by field: every node whose op can run Python, touch files or the network, in
 * the graph and in every library function, and which of them belong to the standard Saver. Constant tensors
 * are skipped by length. Field numbers are those of tensorflow/core/protobuf/{saved_model,meta_graph,saver}.proto
 * and tensorflow/core/framework/{graph,node_def,function,attr_value,op_def}.proto.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import type { WireField } from '../../lib/protobuf-wire.js';
import { LEN, ProtobufWireError, VARINT, WireReader } from '../../lib/protobuf-wire.js';
import { SaverGraph, tensorName } from './saver-graph.js';
import type { SaverRole } from './saver-graph.js';
import { decodeSaverDef } from './messages.js';
import { PRINT_OP, isWatchedOp } from './ops.js';

import type { GraphKind } from './graph-kind.js';
import { kindByName } from './graph-kind.js';

export type { GraphKind } from './graph-kind.js';

export interface OpUse {
  readonly op: string;
  readonly node: string;
  /** The library function holding the node; undefined for a node of the graph itself. */
  readonly function?: string;
  /** Which meta graph, when a SavedModel holds several. */
  readonly metaGraph?: number;
  readonly offset: number;
  /** Set when the node belongs to the Saver's subgraph or functions. */
  saverRole?: SaverRole;
  /** PrintV2's `output_stream` attribute. */
  readonly outputStream?: string;
}

export interface GraphProblem {
  readonly message: string;
  readonly offset: number;
}

export interface TensorflowGraph {
  /** Undefined when the file is neither a SavedModel nor a GraphDef: there is nothing to judge. */
  readonly kind: GraphKind | undefined;
  readonly uses: OpUse[];
  /** Watched nodes past the cap: seen, not judged. */
  unlisted: number;
  readonly problems: GraphProblem[];
  /** Where the walk stopped at broken wire format; nothing after it was read. */
  stoppedAt?: number;
}

const MAX_USES = 10_000;
const MAX_NAME_BYTES = 4096;
const MAX_SAVER_DEF_BYTES = 64 * 1024;
/** Fields looked at to tell a GraphDef or SavedModel from another protobuf. */
const SNIFF_FIELDS = 16;


interface NodeFields {
  name: string;
  op: string;
  inputs: string[];
  calls: string[];
  outputStream?: string;
}

class GraphWalker {
  readonly graph: TensorflowGraph;
  private readonly wire: WireReader;
  /** The meta graph being walked, when a SavedModel holds several. */
  private metaGraphIndex: number | undefined;

  constructor(source: ByteSource, kind: GraphKind | undefined) {
    this.wire = new WireReader(source);
    this.graph = { kind, uses: [], unlisted: 0, problems: [] };
  }

  walk(size: number): void {
    try {
      if (this.graph.kind === 'saved-model') this.savedModel(0, size);
      else if (this.graph.kind === 'meta-graph') this.metaGraph(0, size, undefined);
      else if (this.graph.kind === 'graph-def') this.withSaver(new SaverGraph(undefined), (saver) => this.graphDef(0, size, saver));
    } catch (error) {
      if (!(error instanceof ProtobufWireError)) throw error;
      this.graph.problems.push({ message: `broken protobuf: ${error.message}`, offset: error.offset });
      this.graph.stoppedAt = error.offset;
    }
  }

  /** A GraphDef or SavedModel by its first fields, or undefined; broken wire format is not a graph either. */
  sniff(size: number): GraphKind | undefined {
    let savedModel = true;
    let graphDef = true;
    let metaGraphs = 0;
    let graphParts = 0;
    let seen = 0;
    try {
      for (const field of this.wire.fields(0, size)) {
        const { number, wireType } = field;
        if (!((number === 1 && wireType === VARINT) || (number === 2 && wireType === LEN))) savedModel = false;
        if (!([1, 2, 4, 5].includes(number) ? wireType === LEN : number === 3 && wireType === VARINT)) graphDef = false;
        // MetaGraphDef, NodeDef and FunctionDefLibrary fields are all messages or strings, and a NodeDef has an op.
        if (number === 2 && wireType === LEN && this.onlyLenFields(field)) metaGraphs++;
        if (number === 1 && wireType === LEN && this.onlyLenFields(field, 2)) graphParts++;
        if (number === 2 && wireType === LEN && this.onlyLenFields(field)) graphParts++;
        if (++seen >= SNIFF_FIELDS || (!savedModel && !graphDef)) break;
      }
    } catch (error) {
      if (error instanceof ProtobufWireError) return undefined;
      throw error;
    }
    if (savedModel && metaGraphs > 0) return 'saved-model';
    if (graphDef && graphParts > 0) return 'graph-def';
    return undefined;
  }

  /** Whether a message's first fields are all length-delimited, and include field `required` if given. */
  private onlyLenFields(field: WireField, required?: number): boolean {
    let seen = 0;
    let found = required === undefined;
    for (const inner of this.wire.fields(field.start, field.end)) {
      if (inner.wireType !== LEN) return false;
      if (inner.number === required) found = true;
      if (++seen >= SNIFF_FIELDS) break;
    }
    return found;
  }

  // Messages are walked twice where one field decides how others are read, rather than keeping a list of
  // fields: a hostile file can hold millions of them.

  private savedModel(start: number, end: number): void {
    const isMetaGraph = (field: WireField) => field.number === 2 && field.wireType === LEN;
    let count = 0;
    for (const field of this.wire.fields(start, end)) if (isMetaGraph(field)) count++;
    let index = 0;
    for (const field of this.wire.fields(start, end)) {
      if (isMetaGraph(field)) this.metaGraph(field.start, field.end, count > 1 ? index++ : undefined);
    }
  }

  private metaGraph(start: number, end: number, index: number | undefined): void {
    // The SaverDef follows the graph in the file but decides how the graph's nodes are read.
    let saverDef;
    for (const field of this.wire.fields(start, end)) {
      if (field.number === 3 && field.wireType === LEN) saverDef = this.saverDef(field) ?? saverDef;
    }
    this.metaGraphIndex = index;
    this.withSaver(new SaverGraph(saverDef), (saver) => {
      for (const field of this.wire.fields(start, end)) if (field.number === 2 && field.wireType === LEN) this.graphDef(field.start, field.end, saver);
    });
  }

  /** Walks one graph, then marks the saver's nodes among the uses it added. */
  private withSaver(saver: SaverGraph, walk: (saver: SaverGraph) => void): void {
    const first = this.graph.uses.length;
    walk(saver);
    for (const use of this.graph.uses.slice(first)) {
      const role = saver.roleOf(use.function, use.node);
      if (role !== undefined) use.saverRole = role;
    }
  }

  private saverDef(field: WireField) {
    if (field.end - field.start > MAX_SAVER_DEF_BYTES) {
      this.graph.problems.push({ message: `a saver_def of ${field.end - field.start} bytes`, offset: field.offset });
      return undefined;
    }
    try {
      return decodeSaverDef(this.wire.bytes(field));
    } catch (error) {
      this.graph.problems.push({ message: `a saver_def that does not decode (${(error as Error).message})`, offset: field.offset });
      return undefined;
    }
  }

  private graphDef(start: number, end: number, saver: SaverGraph): void {
    for (const field of this.wire.fields(start, end)) {
      if (field.wireType !== LEN) continue;
      if (field.number === 1) {
        const node = this.nodeDef(field, (name) => saver.wantsInputs(name));
        // A node calls a library function through an attribute (`f`) or by using its name as the op.
        saver.addGraphNode(node.name, node.inputs, [node.op, ...node.calls]);
        this.use(node, undefined, field.offset);
      } else if (field.number === 2) {
        for (const fn of this.wire.fields(field.start, field.end)) {
          if (fn.number === 1 && fn.wireType === LEN) this.functionDef(fn, saver);
        }
      }
    }
  }

  private functionDef(fn: WireField, saver: SaverGraph): void {
    let name = '';
    for (const field of this.wire.fields(fn.start, fn.end)) {
      if (field.number === 1 && field.wireType === LEN) name = this.opDefName(field);
    }
    const calls = new Set<string>();
    for (const field of this.wire.fields(fn.start, fn.end)) {
      if (field.number !== 3 || field.wireType !== LEN) continue;
      const node = this.nodeDef(field, () => false);
      calls.add(node.op);
      for (const call of node.calls) calls.add(call);
      this.use(node, name, field.offset);
    }
    saver.addFunction(name, calls);
  }

  private opDefName(opDef: WireField): string {
    let name = '';
    for (const field of this.wire.fields(opDef.start, opDef.end)) {
      if (field.number === 1 && field.wireType === LEN) name = this.text(field);
    }
    return name;
  }

  private nodeDef(node: WireField, wantsInputs: (name: string) => boolean): NodeFields {
    const fields: NodeFields = { name: '', op: '', inputs: [], calls: [] };
    for (const field of this.wire.fields(node.start, node.end)) {
      if (field.wireType !== LEN) continue;
      if (field.number === 1) fields.name = this.text(field);
      else if (field.number === 2) fields.op = this.text(field);
      else if (field.number === 5) this.attrEntry(field, fields);
    }
    if (wantsInputs(fields.name)) {
      for (const field of this.wire.fields(node.start, node.end)) {
        if (field.number === 3 && field.wireType === LEN) fields.inputs.push(tensorName(this.text(field)));
      }
    }
    return fields;
  }

  /** One `attr` map entry: the functions it names, and PrintV2's output stream. */
  private attrEntry(entry: WireField, into: NodeFields): void {
    let key = '';
    let value: WireField | undefined;
    for (const field of this.wire.fields(entry.start, entry.end)) {
      if (field.number === 1 && field.wireType === LEN) key = this.text(field);
      else if (field.number === 2 && field.wireType === LEN) value = field;
    }
    if (!value) return;
    for (const field of this.wire.fields(value.start, value.end)) {
      if (field.wireType !== LEN) continue;
      if (field.number === 10) into.calls.push(this.nameAttrList(field));
      else if (field.number === 2 && key === 'output_stream') into.outputStream = this.text(field);
      else if (field.number === 1) {
        for (const item of this.wire.fields(field.start, field.end)) {
          if (item.number === 9 && item.wireType === LEN) into.calls.push(this.nameAttrList(item));
        }
      }
    }
  }

  private nameAttrList(list: WireField): string {
    let name = '';
    for (const field of this.wire.fields(list.start, list.end)) {
      if (field.number === 1 && field.wireType === LEN) name = this.text(field);
    }
    return name;
  }

  private use(node: NodeFields, fn: string | undefined, offset: number): void {
    if (!isWatchedOp(node.op)) return;
    if (this.graph.uses.length >= MAX_USES) {
      this.graph.unlisted++;
      return;
    }
    const outputStream = node.op === PRINT_OP && node.outputStream !== undefined ? { outputStream: node.outputStream } : {};
    const metaGraph = this.metaGraphIndex === undefined ? {} : { metaGraph: this.metaGraphIndex };
    this.graph.uses.push({ op: node.op, node: node.name, ...(fn === undefined ? {} : { function: fn }), ...metaGraph, offset, ...outputStream });
  }

  private text(field: WireField): string {
    const { text, truncated } = this.wire.text(field, MAX_NAME_BYTES);
    return truncated ? `${text}...` : text;
  }
}

/** @param name the file's path or member name: `saved_model.pb` and `.meta` are read as what they claim. */
export function readTensorflowGraph(source: ByteSource, name: string): TensorflowGraph {
  const named = kindByName(name);
  const kind = named ?? new GraphWalker(source, undefined).sniff(source.size);
  const walker = new GraphWalker(source, kind);
  walker.walk(source.size);
  return walker.graph;
}
