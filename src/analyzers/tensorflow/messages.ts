/**
 * @module The small TensorFlow message aigis decodes whole: SaverDef, with a protobufjs type built from
 * `tensorflow/core/protobuf/saver.proto`. Graphs and functions are walked field by field instead, so constant
 * tensors are never read.
 */
import protobuf from 'protobufjs';

const root = protobuf.parse(
  `syntax = "proto3";
  package tensorflow;
  message SaverDef {
    string filename_tensor_name = 1;
    string save_tensor_name = 2;
    string restore_op_name = 3;
  }`,
  { keepCase: true },
).root;

const saverDef = root.lookupType('tensorflow.SaverDef');

export interface SaverDef {
  readonly filename_tensor_name: string;
  readonly save_tensor_name: string;
  readonly restore_op_name: string;
}

/** Throws protobufjs's own error on bytes that are not a SaverDef. */
export function decodeSaverDef(bytes: Uint8Array): SaverDef {
  return saverDef.toObject(saverDef.decode(bytes), { defaults: true }) as SaverDef;
}
