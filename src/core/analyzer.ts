/**
 * @module The analyzer contract. An analyzer owns one format or language: it claims files by their sniffed
 * type, reports findings against its own rules, and may keep facts for a project-wide pass. It never writes
 * output and never calls another analyzer: containers hand their members back to the engine.
 */
import type { ByteSource } from '../lib/byte-source.js';
import type { Asset, AssetReport } from './asset.js';
import type { EvidenceReport } from './evidence.js';
import type { ScanLimits } from './config/types.js';
import type { FileRecord } from './file-record.js';
import type { FileType } from './file-type.js';
import type { Location } from './finding.js';
import type { RuleMeta } from './rule.js';

/** A file as the engine knows it before anyone reads it. */
export interface FileCandidate {
  readonly path: string;
  readonly type: FileType;
  readonly size: number;
  /** Set when the file is a member of an archive (nested members joined with `!`). */
  readonly member?: string;
}

export interface FileInput extends FileCandidate {
  readonly source: ByteSource;
  /**
   * The file on disk, for a parser that can only read from a path (a WASM library, say). Absent for an
   * archive member: such a parser must then work from `source` or mark the member inconclusive.
   */
  readonly absolutePath?: string;
}

/** Where inside the file a finding is; the context fills in the path and archive member. */
export type Position = Omit<Location, 'path' | 'member'>;

export interface FileContext<Fact> {
  /** This analyzer's settings from aigis.yaml, defaults applied. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The scan's budgets (aigis.yaml `limits`), so an analyzer can size its own caps to them. */
  readonly limits: ScanLimits;
  report(rule: RuleMeta, report: { message: string; evidence?: string; position?: Position }): void;
  /** Keeps a fact for this analyzer's project pass. Facts must be plain data (they may cross threads). */
  fact(fact: Fact): void;
  /** The file could not be fully analyzed: it is never reported as clean. Findings so far are kept. */
  inconclusive(reason: string): void;
  /** A short remark kept on the file's record, e.g. which allowlist profile admitted an import. */
  note(text: string): void;
  /** Records an AI asset this file names or holds (a model id, a provider, a package), for the inventory. */
  asset(asset: AssetReport): void;
  /**
   * Hands an archive member to the engine, which sniffs it and runs the analyzers that claim it. Members count
   * against `limits.maxExpandedBytes`, except windows of the file itself (`file.source.slice(...)` of an
   * on-disk file), which cost neither memory nor decompression.
   */
  emitMember(name: string, source: ByteSource): Promise<void>;
}

export interface ProjectFact<Fact> {
  readonly path: string;
  readonly member?: string;
  readonly fact: Fact;
}

export interface ProjectInput<Fact> {
  /** The project folder relative to the scan root (`''` for the scan root itself). */
  readonly root: string;
  /** Every file record under the project folder, analysed or not. */
  readonly files: readonly FileRecord[];
  /** The facts this analyzer kept during the file pass, for files under the project folder. */
  readonly facts: readonly ProjectFact<Fact>[];
  /**
   * The AI assets every analyzer's file pass recorded under the project folder (not those of other project
   * passes), so a document can be checked against the inventory.
   */
  readonly assets: readonly Asset[];
}

export interface ProjectContext {
  readonly settings: Readonly<Record<string, unknown>>;
  report(rule: RuleMeta, report: { message: string; location: Location; evidence?: string }): void;
  /** Records an AI asset found by looking at the project as a whole (a lockfile's packages, say). */
  asset(asset: Omit<AssetReport, 'position'> & { location: Location }): void;
  /** Records what was found for a conformance check (`aigis check`); the check id must be in the catalogue. */
  evidence(evidence: EvidenceReport): void;
}

export interface Analyzer<Fact = unknown> {
  /** The folder name; every rule id starts with `<id>/`. */
  readonly id: string;
  /** Bumped when the analyzer's results can change for the same input. */
  readonly version: string;
  readonly description: string;
  readonly rules: readonly RuleMeta[];
  /** JSON Schema of `analyzers.<id>` in aigis.yaml; without one, the analyzer takes no settings. */
  readonly settingsSchema?: Readonly<Record<string, unknown>>;
  /** Parses untrusted bytes heavily: run it in the worker pool, under a timeout and a memory limit. */
  readonly runsInWorker?: boolean;
  /** Sniffed types this analyzer claims. */
  readonly fileTypes?: readonly FileType[];
  /** A finer claim than `fileTypes` (by name, say); when both are given, either may claim. */
  claims?(file: FileCandidate, settings: Readonly<Record<string, unknown>>): boolean;
  analyzeFile?(file: FileInput, context: FileContext<Fact>): void | Promise<void>;
  /** Runs once per folder given to `aigis scan`, after every file has been analysed. */
  analyzeProject?(project: ProjectInput<Fact>, context: ProjectContext): void | Promise<void>;
}

/** Identity, but it lets TypeScript infer the fact type from the analyzer's own functions. */
export function defineAnalyzer<Fact>(analyzer: Analyzer<Fact>): Analyzer<Fact> {
  return analyzer;
}

/** An analyzer of any fact type, as registries hold them. */
export type AnyAnalyzer = Analyzer<any>;

export function analyzerClaims(
  analyzer: AnyAnalyzer,
  file: FileCandidate,
  settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): boolean {
  if (analyzer.fileTypes?.includes(file.type)) return true;
  return analyzer.claims?.(file, settings[analyzer.id] ?? {}) ?? false;
}
