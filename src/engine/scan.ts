/**
 * @module The scan pipeline: discover -> sniff -> analyse (inline or in the pool) -> project pass. It returns
 * findings, file records and inline directives in a stable order, for policy and reporting to take over.
 */
import { availableParallelism } from 'node:os';
import type { AnyAnalyzer, FileCandidate, ProjectFact } from '../core/analyzer.js';
import { analyzerClaims } from '../core/analyzer.js';
import type { AigisConfig } from '../core/config/types.js';
import type { FileRecord } from '../core/file-record.js';
import type { Finding, UnfingerprintedFinding } from '../core/finding.js';
import { createFinding, fingerprintFindings } from '../core/finding.js';
import type { Notice } from '../core/policy/apply.js';
import type { InlineDirective } from '../core/policy/inline.js';
import type { FactRecord, FileOutcome, FileTask } from './analyze-file.js';
import { analyzeFileTask } from './analyze-file.js';
import { discover } from './discover.js';
import { WorkerPool } from './pool/pool.js';
import { sniffFile } from './sniff-file.js';

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
}

export interface ScanProgress {
  readonly discovering: boolean;
  readonly discovered: number;
  readonly done: number;
}

export interface ScanResult {
  readonly findings: Finding[];
  readonly files: FileRecord[];
  readonly directives: Map<string, InlineDirective[]>;
  readonly notices: Notice[];
}

/** Files in flight at once: enough to keep the I/O threads and the pool busy, few enough to bound memory. */
const IN_FLIGHT = 64;

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const { analyzers, config } = options;
  const records: FileRecord[] = [];
  const findings: UnfingerprintedFinding[] = [];
  const facts: FactRecord[] = [];
  const directives = new Map<string, InlineDirective[]>();
  const notices: Notice[] = [];
  const poolSize = options.workers ?? availableParallelism();
  const pool = poolSize > 0 && analyzers.some((a) => a.runsInWorker)
    ? new WorkerPool(poolSize, { analyzerModule: options.analyzerModule, settings: config.analyzers, limits: config.limits })
    : undefined;
  const env = { analyzers, settings: config.analyzers, limits: config.limits };
  const progress = { discovering: true, discovered: 0, done: 0 };
  const report = () => options.onProgress?.({ ...progress });

  async function handle(path: string, absolutePath: string): Promise<void> {
    const sniffed = await sniffFile(absolutePath, path);
    if ('error' in sniffed) {
      records.push({ path, type: 'unknown', status: 'error', reason: sniffed.error });
      return;
    }
    const candidate: FileCandidate = { path, type: sniffed.type, size: sniffed.size };
    const claimers = analyzers.filter((analyzer) => analyzerClaims(analyzer, candidate, config.analyzers));
    if (claimers.length === 0) {
      records.push({ ...candidate, status: 'skipped', reason: `no analyzer for ${sniffed.type} files` });
      return;
    }
    const task: FileTask = { ...candidate, absolutePath, analyzerIds: claimers.map((a) => a.id) };
    const outcome: FileOutcome = pool && claimers.some((a) => a.runsInWorker) ? await pool.run(task) : await analyzeFileTask(task, env);
    records.push({
      ...candidate,
      status: outcome.status,
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      analyzers: task.analyzerIds,
    });
    findings.push(...outcome.findings);
    facts.push(...outcome.facts);
    if (outcome.directives.length > 0) directives.set(path, outcome.directives);
  }

  const inFlight = new Set<Promise<void>>();
  try {
    for await (const item of discover({ ...options, exclude: [...config.ignore, ...options.exclude] })) {
      progress.discovered++;
      if (item.kind === 'record') {
        records.push(item.record);
        progress.done++;
        continue;
      }
      const job = handle(item.path, item.absolutePath).finally(() => {
        inFlight.delete(job);
        progress.done++;
        report();
      });
      inFlight.add(job);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    progress.discovering = false;
    report();
    await Promise.all(inFlight);
  } finally {
    await pool?.close();
  }

  records.sort(byPath);
  for (const root of options.projectRoots) {
    await runProjectPass(root, options, records, facts, findings, notices);
  }
  return { findings: fingerprintFindings(findings), files: records, directives, notices };
}

async function runProjectPass(
  root: string,
  options: ScanOptions,
  records: readonly FileRecord[],
  facts: readonly FactRecord[],
  findings: UnfingerprintedFinding[],
  notices: Notice[],
): Promise<void> {
  const under = (path: string) => root === '' || path === root || path.startsWith(`${root}/`);
  const files = records.filter((record) => under(record.path));
  for (const analyzer of options.analyzers) {
    if (!analyzer.analyzeProject) continue;
    const ownRules = new Set(analyzer.rules.map((rule) => rule.id));
    const projectFacts: ProjectFact<unknown>[] = facts
      .filter((f) => f.analyzerId === analyzer.id && under(f.path))
      .map(({ path, member, fact }) => ({ path, ...(member === undefined ? {} : { member }), fact }));
    try {
      await analyzer.analyzeProject(
        { root, files, facts: projectFacts },
        {
          settings: options.config.analyzers[analyzer.id] ?? {},
          report: (rule, report) => {
            if (!ownRules.has(rule.id)) throw new Error(`rule ${rule.id} is not one of ${analyzer.id}'s rules`);
            findings.push(createFinding(rule, report));
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
