/**
 * @module The small ONNX messages aigis decodes whole, with protobufjs types built from the matching subset of
 * `onnx/onnx.proto` (field numbers as in the official onnx/onnx repository). Everything larger (graphs, nodes,
 * tensors) is walked field by field so tensor bytes are never read.
 */
import protobuf from 'protobufjs';

const root = protobuf.parse(
  `syntax = "proto2";
  package onnx;
  message OperatorSetIdProto {
    optional string domain = 1;
    optional int64 version = 2;
  }
  message StringStringEntryProto {
    optional string key = 1;
    optional string value = 2;
  }`,
  { keepCase: true },
).root;

const operatorSetId = root.lookupType('onnx.OperatorSetIdProto');
const stringStringEntry = root.lookupType('onnx.StringStringEntryProto');

export interface OperatorSetId {
  readonly domain: string;
  readonly version: number;
}

export interface StringStringEntry {
  readonly key: string;
  readonly value: string;
}

const AS_PLAIN = { longs: Number, defaults: true } as const;

/** Throws protobufjs's own error (a RangeError or Error) on bytes that are not the message. */
export function decodeOperatorSetId(bytes: Uint8Array): OperatorSetId {
  return operatorSetId.toObject(operatorSetId.decode(bytes), AS_PLAIN) as OperatorSetId;
}

export function decodeStringStringEntry(bytes: Uint8Array): StringStringEntry {
  return stringStringEntry.toObject(stringStringEntry.decode(bytes), AS_PLAIN) as StringStringEntry;
}
