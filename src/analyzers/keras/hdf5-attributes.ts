/**
 * @module Reads the root attributes of an HDF5 file (where Keras 2 keeps `model_config`) with the real HDF5
 * library, in a worker of its own (see hdf5-worker-script.ts) that answers within a deadline or is replaced.
 * The file's bytes stay in this thread: the worker asks for each range HDF5 reads, so a file on disk and an
 * archive member work alike and only the headers are read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ByteSource } from '../../lib/byte-source.js';
import { HDF5_WORKER_SCRIPT } from './hdf5-worker-script.js';

export type RootAttributes =
  | { readonly kind: 'read'; readonly values: ReadonlyMap<string, AttributeValue> }
  | { readonly kind: 'unreadable'; readonly reason: string };

export type AttributeValue = { readonly text: string } | { readonly problem: string };

/** Longer than any header walk of a sound file takes, short enough that a looping one costs little. */
const HDF5_DEADLINE_MS = 15_000;
/** Bytes passed to the worker per read request. */
const READ_CHUNK = 1024 * 1024;
const STRING_CLASS = 3;

interface AttributeFacts {
  readonly type: number;
  readonly vlen: boolean;
  readonly size: number;
  readonly count: number;
  readonly text?: string;
  readonly chars?: number;
}

type WorkerResult =
  | { readonly kind: 'read'; readonly attributes: Record<string, AttributeFacts> }
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'failed'; readonly message: string };

/** The worker crashed, stopped or missed its deadline. */
type Stopped = { readonly kind: 'stopped'; readonly reason: string };

type WorkerMessage = { ready: true } | { id: number; read: { offset: number; length: number } } | { id: number; result: WorkerResult };

interface Job {
  readonly id: number;
  readonly source: ByteSource;
  readonly finish: (result: WorkerResult | Stopped) => void;
}

/** h5wasm's ES module, found the way Node resolves a bare specifier, since workers cannot use our resolver. */
function h5wasmUrl(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', 'h5wasm', 'package.json');
    if (existsSync(manifest)) {
      const entry = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: { '.': { import: string } } }).exports['.'].import;
      return pathToFileURL(join(dirname(manifest), entry)).href;
    }
    if (dirname(dir) === dir) throw new Error('the h5wasm package is not installed');
  }
}

/** One HDF5 worker, one file at a time; it is thrown away after a failure or a missed deadline. */
class Hdf5Worker {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly data = new Uint8Array(new SharedArrayBuffer(READ_CHUNK));
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private job: Job | undefined;
  private nextId = 0;
  dead = false;

  constructor() {
    this.worker = new Worker(HDF5_WORKER_SCRIPT, {
      eval: true,
      workerData: { control: this.control.buffer, data: this.data.buffer, h5wasmUrl: h5wasmUrl() },
    });
    this.worker.unref();
    this.ready = new Promise((resolve) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if ('ready' in message) resolve();
        else if ('read' in message) this.serveRead(message.read.offset, message.read.length);
        else if (message.id === this.job?.id) this.job.finish(message.result);
      });
    });
    const crashed = (reason: string) => {
      this.dead = true;
      this.job?.finish({ kind: 'stopped', reason });
    };
    this.worker.on('error', (error) => crashed(`the HDF5 reader crashed (${error.message})`));
    this.worker.on('exit', (code) => crashed(`the HDF5 reader stopped (exit code ${code})`));
  }

  async read(source: ByteSource, names: readonly string[], maxChars: number, deadlineMs: number): Promise<WorkerResult | Stopped> {
    this.worker.ref(); // a job in flight keeps the process alive; an idle worker does not
    try {
      const result = new Promise<WorkerResult | Stopped>((finish) => {
        this.job = { id: this.nextId++, source, finish };
      });
      const timer = setTimeout(() => {
        this.retire();
        this.job?.finish({ kind: 'stopped', reason: `the HDF5 library did not finish within ${deadlineMs / 1000} s` });
      }, deadlineMs);
      await Promise.race([this.ready, result]);
      if (!this.dead) this.worker.postMessage({ id: this.job!.id, size: source.size, names, maxChars });
      try {
        return await result;
      } finally {
        clearTimeout(timer);
        this.job = undefined;
      }
    } finally {
      if (!this.dead) this.worker.unref();
    }
  }

  retire(): void {
    this.dead = true;
    void this.worker.terminate();
  }

  private serveRead(offset: number, length: number): void {
    let bytes: Uint8Array = new Uint8Array(0);
    try {
      bytes = this.job?.source.read(offset, Math.min(length, READ_CHUNK)) ?? bytes;
    } catch {
      // A read that fails is a short read to HDF5, which then reports the file as unreadable.
    }
    this.data.set(bytes);
    // Always wake the worker, or it waits forever.
    Atomics.store(this.control, 1, bytes.length);
    Atomics.store(this.control, 0, 1);
    Atomics.notify(this.control, 0);
  }
}

let current: Hdf5Worker | undefined;
let queue: Promise<unknown> = Promise.resolve();

function toValue(facts: AttributeFacts, maxChars: number): AttributeValue {
  if (facts.type !== STRING_CLASS) return { problem: 'it is not a string' };
  if (facts.count !== 1) return { problem: `it holds ${facts.count} values, not one string` };
  if (facts.text !== undefined) return { text: facts.text };
  const length = facts.chars ?? (facts.vlen ? undefined : facts.size);
  return { problem: length !== undefined && length > maxChars ? `it is ${length} characters long` : 'it does not read as a string' };
}

/**
 * @param names the root attributes wanted; absent ones are left out of the result
 * @param maxChars longer string attributes are reported as a problem instead of read
 * @param deadlineMs past this, the worker is stopped and the file reported unreadable
 */
export function readRootAttributes(source: ByteSource, names: readonly string[], maxChars: number, deadlineMs = HDF5_DEADLINE_MS): Promise<RootAttributes> {
  // One file at a time: the worker has one file system and answers in order.
  const run = queue.then(async (): Promise<RootAttributes> => {
    if (!current || current.dead) current = new Hdf5Worker();
    const worker = current;
    const result = await worker.read(source, names, maxChars, deadlineMs);
    if (result.kind === 'stopped') return { kind: 'unreadable', reason: result.reason };
    if (result.kind === 'unreadable') return { kind: 'unreadable', reason: 'the HDF5 library cannot open it' };
    if (result.kind === 'failed') {
      // The library's state after an internal error cannot be trusted for the next file.
      worker.retire();
      return { kind: 'unreadable', reason: `the HDF5 library failed on it (${result.message})` };
    }
    const values = new Map(Object.entries(result.attributes).map(([name, facts]) => [name, toValue(facts, maxChars)]));
    return { kind: 'read', values };
  });
  queue = run.catch(() => undefined);
  return run;
}
