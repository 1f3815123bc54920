/**
 * @module The scan pipeline: discover -> sniff -> analyse (inline or in the pool) -> project pass. It returns
 * findings, file records and inline directives in a stable order, for policy and reporting to take over.
 */
import { availableParallelism } from 'node:os';
import { compareAssets, type Asset } from '../core/asset.js';
import { findCheck } from '../core/conformance/checks.js';
import { compareEvidence, type Evidence } from '../core/evidence.js';
import type { AnyAnalyzer, FileCandidate, ProjectFact } from '../core/analyzer.js';
import { analyzerClaims } from '../core/analyzer.js';
import type { AigisConfig } from '../core/config/types.js';
import type { FileRecord } from '../core/file-record.js';
import type { Finding, UnfingerprintedFinding } from '../core/finding.js';
import { createFinding, fingerprintFindings } from '../core/finding.js';
import type { Notice } from '../core/policy/apply.js';
import type { InlineDirective } from '../core/policy/inline.js';
import type { FactRecord, FileOutcome, FileTask } from './analyze-file.js';
import { printable } from '../lib/printable.js';
import { analyzeFileTask } from './analyze-file.js';
import { discoverBatches } from './discover.js';
import { WorkerPool } from './pool/pool.js';
import { type SniffResult, sniffFileThen } from './sniff-file.js';

export interface ScanOptions {
  /** Absolute real path every reported path is relative to. */
  readonly scanRoot: string;
  /** Absolute paths inside the scan root: folders or files. */
  readonly roots: readonly string[];
  /** Which of the roots are folders: each gets a project pass. */
  readonly projectRoots: readonly string[];
  readonly analyzers: readonly AnyAnalyzer[];
  /** URL of the module exporting `analyzers`, for pool workers to load. */
  readonly analyzerModule: string;
  readonly config: AigisConfig;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly useGitignore: boolean;
  /** Pool size; 0 runs every analyzer on the main thread (no timeouts). Defaults to the number of cores. */
  readonly workers?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Total size of the facts kept for project passes; default {@link MAX_FACT_BYTES}. */
  readonly maxFactBytes?: number;
}

export interface ScanProgress {
  readonly discovering: boolean;
  readonly discovered: number;
  readonly done: number;
}

export interface ScanResult {
  readonly findings: Finding[];
  /** AI assets the analyzers recorded, in a stable order. */
  readonly assets: Asset[];
  /** What the project passes found for the conformance checks, in a stable order. */
  readonly evidence: Evidence[];
  readonly files: FileRecord[];
  readonly directives: Map<string, InlineDirective[]>;
  readonly notices: Notice[];
}

/**
 * Files being opened and sniffed at once, and how many must finish before the walk queues more (then as
 * many in one go). A deep queue refilled in bursts lets the libuv threads find the next open or read
 * waiting when they finish one, instead of being woken for each; a wake-up costs the main thread more than
 * the call. bench/RESULTS.md: 64 in flight made the bare walk about 10% slower, refilling one at a time 25%.
 * Each sniff holds a descriptor only from its open to its close, right after the read.
 */
const SNIFF_IN_FLIGHT = 256;
const SNIFF_REFILL = 64;

/** Files being analysed at once: enough to keep the pool busy, few enough to bound memory. */
const IN_FLIGHT = 64;

/** Facts kept for project passes, in total; each analyzer keeps little per file, so this is never near in practice. */
const MAX_FACT_BYTES = 256 * 1024 * 1024;

/** The size of plain-data facts, in UTF-16 code units of their JSON: close enough to the memory they hold. */
function factSize(facts: readonly unknown[]): number {
  try {
    return JSON.stringify(facts).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Evidence summaries and shortfalls are one line; longer text is cut. */
const MAX_EVIDENCE_TEXT = 400;

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const { analyzers, config } = options;
  const records: FileRecord[] = [];
  const findings: UnfingerprintedFinding[] = [];
  const facts: FactRecord[] = [];
  const assets: Asset[] = [];
  const directives = new Map<string, InlineDirective[]>();
  const notices: Notice[] = [];
  const poolSize = options.workers ?? availableParallelism();
  const pool = poolSize > 0 && analyzers.some((a) => a.runsInWorker)
    ? new WorkerPool(poolSize, { analyzerModule: options.analyzerModule, settings: config.analyzers, limits: config.limits })
    : undefined;
  const env = { analyzers, settings: config.analyzers, limits: config.limits };
  const progress = { discovering: true, discovered: 0, done: 0 };
  const report = () => options.onProgress?.({ ...progress });

  // Counters and one waiting walk rather than a promise per file raced against the others: Promise.race
  // over N jobs attaches N reactions each time, which over 100,000 files is tens of millions of them.
  let factBytes = 0; // size of the facts kept for the project pass
  const maxFactBytes = options.maxFactBytes ?? MAX_FACT_BYTES;
  let sniffing = 0; // files handed to sniffFileThen and not yet back
  let analysing = 0; // files analyzers claimed: being analysed, or waiting for a slot
  let running = 0; // of those, the ones being analysed
  const analysisQueue: (() => void)[] = [];
  let failed = false;
  let failure: unknown;
  let waiting: { readonly until: () => boolean; readonly resume: () => void } | undefined;

  /** Resolves once `until()` holds; re-checked whenever a file settles. */
  const waitUntil = (until: () => boolean): Promise<void> | undefined =>
    until() ? undefined : new Promise<void>((resume) => {
      waiting = { until, resume };
    });
  const wake = () => {
    if (waiting?.until()) {
      const { resume } = waiting;
      waiting = undefined;
      resume();
    }
  };
  const fail = (error: unknown) => {
    if (!failed) {
      failed = true;
      failure = error;
    }
    wake();
  };
  /** A file is done: whatever became of it is in `records` (or the scan has failed). */
  const settle = () => {
    progress.done++;
    wake();
    try {
      report();
    } catch (error) {
      fail(error);
    }
  };

  async function analyse(candidate: FileCandidate, absolutePath: string, claimers: readonly AnyAnalyzer[]): Promise<void> {
    // A slot is handed straight from a finishing analysis to the next in line, so `running` never overshoots.
    if (running >= IN_FLIGHT) await new Promise<void>((resolve) => analysisQueue.push(resolve));
    else running++;
    try {
      const task: FileTask = { ...candidate, absolutePath, analyzerIds: claimers.map((a) => a.id) };
      const outcome: FileOutcome = pool && claimers.some((a) => a.runsInWorker) ? await pool.run(task) : await analyzeFileTask(task, env);
      // Facts stay in memory until the project pass; a tree of hostile files could otherwise fill it.
      const size = outcome.facts.length === 0 ? 0 : factSize(outcome.facts);
      const keepFacts = factBytes + size <= maxFactBytes;
      if (keepFacts) factBytes += size;
      const dropped = keepFacts ? undefined : `over ${Math.round(maxFactBytes / 1024 / 1024)} MiB of analyzer data was already kept for the project pass; what this file added was dropped`;
      const status = dropped !== undefined && outcome.status === 'scanned' ? 'inconclusive' : outcome.status;
      const reason = outcome.reason ?? dropped;
      records.push({
        ...candidate,
        status,
        ...(reason === undefined ? {} : { reason }),
        analyzers: task.analyzerIds,
        ...(outcome.notes.length > 0 ? { notes: outcome.notes } : {}),
      });
      findings.push(...outcome.findings);
      if (keepFacts) facts.push(...outcome.facts);
      assets.push(...outcome.assets);
      if (outcome.directives.length > 0) directives.set(candidate.path, outcome.directives);
    } finally {
      const next = analysisQueue.shift();
      if (next) next();
      else running--;
    }
  }

  const analysed = () => {
    analysing--;
    settle();
  };
  const analysisFailed = (error: unknown) => {
    analysing--;
    fail(error);
    settle();
  };

  /** What a sniffed file becomes: an error, a file no analyzer wants, or a file to analyse. */
  function sniffed(path: string, absolutePath: string, result: SniffResult): void {
    sniffing--;
    try {
      if ('error' in result) {
        records.push({ path, type: 'unknown', status: 'error', reason: result.error });
      } else {
        const candidate: FileCandidate = { path, type: result.type, size: result.size };
        const claimers = analyzers.length === 0 ? [] : analyzers.filter((analyzer) => analyzerClaims(analyzer, candidate, config.analyzers));
        if (claimers.length === 0) {
          records.push({ ...candidate, status: 'skipped', reason: `no analyzer for ${result.type} files` });
        } else {
          analysing++;
          analyse(candidate, absolutePath, claimers).then(analysed, analysisFailed);
          wake(); // the walk may be waiting for a sniff slot, and one just came free
          return;
        }
      }
    } catch (error) {
      fail(error);
    }
    settle();
  }

  const roomToSniff = () => failed || (sniffing <= SNIFF_IN_FLIGHT - SNIFF_REFILL && analysing < IN_FLIGHT);
  const allSettled = () => sniffing + analysing === 0;

  try {
    for await (const batch of discoverBatches({ ...options, exclude: [...config.ignore, ...options.exclude] })) {
      for (const item of batch) {
        progress.discovered++;
        if (item.kind === 'record') {
          records.push(item.record);
          progress.done++;
          continue;
        }
        sniffing++;
        const { path, absolutePath } = item;
        sniffFileThen(absolutePath, path, (result) => sniffed(path, absolutePath, result));
        if (sniffing >= SNIFF_IN_FLIGHT || analysing >= IN_FLIGHT) await waitUntil(roomToSniff);
        if (failed) throw failure;
      }
    }
    progress.discovering = false;
    report();
    await waitUntil(allSettled);
    if (failed) throw failure;
  } finally {
    await pool?.close();
  }

  records.sort(byPath);
  const evidence: Evidence[] = [];
  // Project passes see the inventory in a stable order, whatever order the pool finished files in.
  const fileAssets = [...assets].sort(compareAssets);
  for (const root of options.projectRoots) {
    await runProjectPass(root, options, records, facts, fileAssets, { findings, assets, evidence, notices });
  }
  return {
    findings: fingerprintFindings(findings),
    assets: assets.sort(compareAssets),
    evidence: evidence.sort(compareEvidence),
    files: records,
    directives,
    notices,
  };
}

async function runProjectPass(
  root: string,
  options: ScanOptions,
  records: readonly FileRecord[],
  facts: readonly FactRecord[],
  fileAssets: readonly Asset[],
  out: { findings: UnfingerprintedFinding[]; assets: Asset[]; evidence: Evidence[]; notices: Notice[] },
): Promise<void> {
  const { findings, assets, evidence, notices } = out;
  const under = (path: string) => root === '' || path === root || path.startsWith(`${root}/`);
  const files = records.filter((record) => under(record.path));
  const projectAssets = fileAssets.filter((asset) => under(asset.location.path));
  for (const analyzer of options.analyzers) {
    if (!analyzer.analyzeProject) continue;
    const ownRules = new Set(analyzer.rules.map((rule) => rule.id));
    const projectFacts: ProjectFact<unknown>[] = facts
      .filter((f) => f.analyzerId === analyzer.id && under(f.path))
      .map(({ path, member, fact }) => ({ path, ...(member === undefined ? {} : { member }), fact }));
    try {
      await analyzer.analyzeProject(
        { root, files, facts: projectFacts, assets: projectAssets },
        {
          settings: options.config.analyzers[analyzer.id] ?? {},
          report: (rule, report) => {
            if (!ownRules.has(rule.id)) throw new Error(`rule ${rule.id} is not one of ${analyzer.id}'s rules`);
            findings.push(createFinding(rule, report));
          },
          asset: (asset) => void assets.push(asset),
          evidence: (item) => {
            if (!findCheck(item.check)) throw new Error(`evidence for ${item.check}, which is not a conformance check`);
            // Summaries quote what was read (paths, job names): made printable and bounded here, as findings are.
            evidence.push({
              ...item,
              summary: printable(item.summary, MAX_EVIDENCE_TEXT),
              ...(item.shortfall === undefined ? {} : { shortfall: printable(item.shortfall, MAX_EVIDENCE_TEXT) }),
              analyzer: analyzer.id,
            });
          },
        },
      );
    } catch (error) {
      notices.push({
        level: 'error',
        message: `${analyzer.id} analyzer failed on the project ${root || '.'}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
}
