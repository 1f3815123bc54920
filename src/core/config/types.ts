/** @module The shape of aigis.yaml after validation, defaults applied. */
import type { Severity } from '../severity.js';

/** `off`, a severity, or both spelled out. */
export type RuleSetting = 'off' | Severity | { readonly severity?: Severity; readonly enabled?: boolean };

export interface Suppression {
  /** A rule id, or `<analyzer>/*` for every rule of an analyzer. */
  readonly rule: string;
  /** A glob over paths relative to the scan root; without one, every path. */
  readonly path?: string;
  /** Suppress exactly one finding. */
  readonly fingerprint?: string;
  readonly reason: string;
  /** `YYYY-MM-DD`; from the next day on the suppression stops suppressing, and the report says so. */
  readonly expires?: string;
}

export interface ScanLimits {
  /** A file analysis that runs longer is stopped and the file marked inconclusive. */
  readonly fileTimeoutSeconds: number;
  /** Memory ceiling of each analysis worker, in MiB. */
  readonly workerMemoryMiB: number;
  /** How deep archives may nest inside archives. */
  readonly maxArchiveDepth: number;
  /** Total bytes all members of one file may expand to. */
  readonly maxExpandedBytes: number;
  /** Total members one file may contain, at every depth. */
  readonly maxMembers: number;
}

/** `signing` in aigis.yaml: how `aigis scan` checks model signatures (the model-signature analyzer). */
export interface SigningConfig {
  /** PEM public key that model signatures must verify with; absolute after loading (relative to aigis.yaml). */
  readonly publicKey?: string;
  /** File name of model signatures; default `model.sig`. */
  readonly signatureName?: string;
}

/** `conformance` in aigis.yaml: how `aigis check` judges the project. */
export interface ConformanceConfig {
  /** Principle id -> why it does not apply. */
  readonly notApplicable: Readonly<Record<string, string>>;
}

export interface AigisConfig {
  /** Where the configuration came from, for messages; undefined when built-in defaults are used. */
  readonly source?: string;
  /** gitignore-style patterns, relative to the scan root, never scanned. */
  readonly ignore: readonly string[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly suppressions: readonly Suppression[];
  readonly analyzers: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly limits: ScanLimits;
  readonly conformance: ConformanceConfig;
  /** Absent when aigis.yaml has no `signing` section. */
  readonly signing?: SigningConfig;
}

export const DEFAULT_LIMITS: ScanLimits = {
  fileTimeoutSeconds: 120,
  workerMemoryMiB: 1024,
  maxArchiveDepth: 5,
  maxExpandedBytes: 8 * 1024 ** 3,
  maxMembers: 100_000,
};
