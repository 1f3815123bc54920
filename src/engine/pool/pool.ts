/**
 * @module A pool of worker threads for analyzers that parse untrusted bytes. Each file gets a deadline and
 * each worker a heap ceiling: a file that hangs or bloats costs its worker (which is replaced) and is marked
 * inconclusive, never the scan.
 */
import { Worker } from 'node:worker_threads';
import type { FileOutcome, FileTask } from '../analyze-file.js';
import type { OutcomeMessage, WorkerSetup } from './messages.js';

interface Job {
  readonly id: number;
  readonly task: FileTask;
  readonly resolve: (outcome: FileOutcome) => void;
}

interface Slot {
  readonly worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export const WORKER_SCRIPT = new URL('./worker.js', import.meta.url);

function failed(status: 'error' | 'inconclusive', reason: string): FileOutcome {
  return { findings: [], facts: [], assets: [], notes: [], status, reason, directives: [] };
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly setup: WorkerSetup,
    private readonly script: URL = WORKER_SCRIPT,
  ) {}

  run(task: FileTask): Promise<FileOutcome> {
    if (this.closed) return Promise.resolve(failed('error', 'the worker pool was closed'));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(failed('error', 'the scan stopped before this file was analysed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => !s.job);
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.fail(slot!, 'inconclusive', `analysis timed out after ${this.setup.limits.fileTimeoutSeconds} s; raise limits.fileTimeoutSeconds to allow more`), this.setup.limits.fileTimeoutSeconds * 1000);
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, {
      workerData: this.setup,
      resourceLimits: { maxOldGenerationSizeMb: this.setup.limits.workerMemoryMiB },
    });
    const slot: Slot = { worker };
    this.slots.add(slot);
    worker.on('message', (message: OutcomeMessage) => {
      if (slot.job?.id !== message.id) return;
      this.finish(slot, message.outcome);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.fail(slot, 'inconclusive', `analysis ran out of memory (limit ${this.setup.limits.workerMemoryMiB} MiB); raise limits.workerMemoryMiB to allow more`);
      } else {
        this.fail(slot, 'error', `analysis worker crashed: ${error.message}`);
      }
    });
    worker.on('exit', () => {
      if (this.slots.has(slot)) this.fail(slot, 'error', 'analysis worker exited unexpectedly');
    });
    return slot;
  }

  private finish(slot: Slot, outcome: FileOutcome): void {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    job?.resolve(outcome);
    this.dispatch();
  }

  /** Ends a job with a failure and replaces its worker, whose state can no longer be trusted. */
  private fail(slot: Slot, status: 'error' | 'inconclusive', reason: string): void {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    void this.retire(slot);
    job?.resolve(failed(status, reason));
    this.dispatch();
  }

  private async retire(slot: Slot): Promise<void> {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    await slot.worker.terminate();
  }
}
