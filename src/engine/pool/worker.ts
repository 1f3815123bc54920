/** @module A pool worker: loads the analyzer registry once, then analyses one file per message. */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyAnalyzer } from '../../core/analyzer.js';
import { analyzeFileTask } from '../analyze-file.js';
import type { OutcomeMessage, TaskMessage, WorkerSetup } from './messages.js';

const setup = workerData as WorkerSetup;
const registry = (await import(setup.analyzerModule)) as { analyzers: readonly AnyAnalyzer[] };
const env = { analyzers: registry.analyzers, settings: setup.settings, limits: setup.limits };

parentPort!.on('message', (message: TaskMessage) => {
  void analyzeFileTask(message.task, env)
    .catch((error: unknown) => ({
      findings: [],
      facts: [],
      assets: [],
      notes: [],
      status: 'error' as const,
      reason: `analysis failed: ${error instanceof Error ? error.message : String(error)}`,
      directives: [],
    }))
    .then((outcome) => parentPort!.postMessage({ id: message.id, outcome } satisfies OutcomeMessage));
});
