/** @module What the main thread and a pool worker say to each other. */
import type { ScanLimits } from '../../core/config/types.js';
import type { FileOutcome, FileTask } from '../analyze-file.js';

export interface WorkerSetup {
  /** URL of a module that exports `analyzers`, the registry. */
  readonly analyzerModule: string;
  readonly settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly limits: ScanLimits;
}

export interface TaskMessage {
  readonly id: number;
  readonly task: FileTask;
}

export interface OutcomeMessage {
  readonly id: number;
  readonly outcome: FileOutcome;
}
