/**
 * @module The worker that runs the HDF5 library (h5wasm: HDF5's C code compiled to WebAssembly) on one file at a
 * time. Hostile files can send that C code into endless loops or wreck its memory, so it runs in a thread of its
 * own that the parent can stop at a deadline and replace after any failure. It is plain JavaScript in a string
 * (an `eval` worker) so the same code runs from the TypeScript sources under test and from the build.
 *
 * The file is never copied in: it appears in h5wasm's in-memory file system as a node whose reads ask the
 * parent for bytes (a message, then a wait on a shared flag while the parent copies them into shared memory),
 * so HDF5 pulls only the superblock and object headers it needs. Only root attributes are read: no group is
 * opened and no link, external or not, is followed.
 *
 * Protocol. In: `{ id, size, names, maxChars }`. Out: `{ ready }` once loaded, `{ id, read: { offset, length } }`
 * for each read (answered through `control` = [flag, byte count] and `data`), then `{ id, result }` with
 * `result` one of `{ kind: 'read', attributes: { name: { type, vlen, size, count, text?, chars? } } }`,
 * `{ kind: 'unreadable' }` or `{ kind: 'failed', message }`.
 */

export const HDF5_WORKER_SCRIPT = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
const data = new Uint8Array(workerData.data);

function readFromParent(id, buffer, offset, length, position) {
  let done = 0;
  while (done < length) {
    const chunk = Math.min(length - done, data.length);
    Atomics.store(control, 0, 0);
    parentPort.postMessage({ id, read: { offset: position + done, length: chunk } });
    Atomics.wait(control, 0, 0);
    const got = Atomics.load(control, 1);
    buffer.set(data.subarray(0, got), offset + done);
    done += got;
    if (got < chunk) break;
  }
  return done;
}

function attributeOf(attribute, maxChars) {
  const { type, vlen, size, total_size } = attribute.metadata;
  const facts = { type, vlen, size, count: total_size };
  // Only single strings are read, and fixed-length ones only when short enough.
  if (type !== 3 || total_size !== 1 || (!vlen && size > maxChars)) return facts;
  const value = attribute.value;
  if (typeof value !== 'string') return facts;
  return value.length > maxChars ? { ...facts, chars: value.length } : { ...facts, text: value };
}

import(workerData.h5wasmUrl).then(async (h5wasm) => {
  const fs = (await h5wasm.ready).FS;
  // HDF5 prints its error stack to stderr on every failed call; failures still come back as return values.
  fs.close(fs.streams[2]);
  fs.open('/dev/null', 'w');
  parentPort.on('message', ({ id, size, names, maxChars }) => {
    const path = '/file-' + id + '.h5';
    const node = fs.createFile('/', path.slice(1), {}, true, false);
    node.contents = null;
    // MEMFS reports a file's size (stat, SEEK_END) from usedBytes.
    Object.defineProperty(node, 'usedBytes', { get: () => size });
    node.stream_ops = { ...node.stream_ops, read: (_stream, buffer, offset, length, position) => readFromParent(id, buffer, offset, length, position) };
    let result;
    try {
      const file = new h5wasm.File(path, 'r');
      if (file.file_id < 0n) result = { kind: 'unreadable' };
      else {
        try {
          const own = file.attrs;
          const attributes = {};
          for (const name of names) if (Object.hasOwn(own, name)) attributes[name] = attributeOf(own[name], maxChars);
          result = { kind: 'read', attributes };
        } finally {
          file.close();
        }
      }
    } catch (error) {
      result = { kind: 'failed', message: String((error && error.message) || error) };
    } finally {
      fs.unlink(path);
    }
    parentPort.postMessage({ id, result });
  });
  parentPort.postMessage({ ready: true });
});
`;
