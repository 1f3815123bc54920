/**
 * @module Reads `keras_metadata.pb`, which TF-Keras writes beside a SavedModel: one SavedObject per Keras object,
 * each with its config as a JSON string. `tf.keras.models.load_model` rebuilds layers from those configs, so a
 * Lambda layer's bytecode in them runs on load just as in an H5 file. Field numbers are those of
 * `tensorflow/python/keras/protobuf/saved_metadata.proto` (SavedMetadata.nodes = 1; SavedObject.node_path = 3,
 * metadata = 5).
 */
import type { ByteSource } from '../../lib/byte-source.js';
import { LEN, ProtobufWireError, WireReader } from '../../lib/protobuf-wire.js';

export interface SavedObjectMetadata {
  /** e.g. `root.layer-0` */
  readonly path: string;
  /** The object's config as JSON, or why it was not read. */
  readonly metadata: { readonly text: string } | { readonly problem: string };
}

export type KerasMetadata = { readonly nodes: SavedObjectMetadata[] } | { readonly broken: string };

const MAX_PATH_BYTES = 4096;

/** @param maxBytes longer metadata strings are reported as a problem instead of read */
export function readKerasMetadata(source: ByteSource, maxBytes: number): KerasMetadata {
  const wire = new WireReader(source);
  const nodes: SavedObjectMetadata[] = [];
  try {
    for (const node of wire.fields(0, source.size)) {
      if (node.number !== 1 || node.wireType !== LEN) continue;
      let path = '';
      let metadata: SavedObjectMetadata['metadata'] | undefined;
      for (const field of wire.fields(node.start, node.end)) {
        if (field.wireType !== LEN) continue;
        if (field.number === 3) path = wire.text(field, MAX_PATH_BYTES).text;
        else if (field.number === 5) {
          const length = field.end - field.start;
          metadata = length > maxBytes ? { problem: `it is ${length} bytes long` } : { text: wire.text(field, maxBytes).text };
        }
      }
      if (metadata) nodes.push({ path, metadata });
    }
  } catch (error) {
    if (error instanceof ProtobufWireError) return { broken: `${error.message} at offset ${error.offset}` };
    throw error;
  }
  return { nodes };
}
