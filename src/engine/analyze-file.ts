/**
 * @module Runs the claiming analyzers over one file, and over every archive member they hand back, within the
 * scan's budgets. The same code runs on the main thread and inside pool workers.
 */
import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import type { AnyAnalyzer, FileCandidate, FileContext, FileInput, Position } from '../core/analyzer.js';
import { analyzerClaims } from '../core/analyzer.js';
import type { ScanLimits } from '../core/config/types.js';
import type { FileStatus } from '../core/file-record.js';
import { MAX_NOTES } from '../core/file-record.js';
import type { FileType } from '../core/file-type.js';
import type { Asset, AssetReport } from '../core/asset.js';
import type { UnfingerprintedFinding } from '../core/finding.js';
import { createFinding } from '../core/finding.js';
import type { InlineDirective } from '../core/policy/inline.js';
import { parseInlineDirectives } from '../core/policy/inline.js';
import { lineHashes } from '../lib/line-hash.js';
import type { RuleMeta } from '../core/rule.js';
import type { ByteSource } from '../lib/byte-source.js';
import { FileSource, readText } from '../lib/byte-source.js';
import { printable } from '../lib/printable.js';
import { SNIFF_BYTES, sniff } from './sniff.js';

export interface FileTask {
  readonly path: string;
  readonly absolutePath: string;
  readonly type: FileType;
  readonly size: number;
  readonly analyzerIds: readonly string[];
}

export interface FactRecord {
  readonly analyzerId: string;
  readonly path: string;
  readonly member?: string;
  readonly fact: unknown;
}

export interface FileOutcome {
  readonly findings: UnfingerprintedFinding[];
  readonly facts: FactRecord[];
  readonly assets: Asset[];
  readonly notes: string[];
  readonly status: FileStatus;
  readonly reason?: string;
  readonly directives: InlineDirective[];
}

export interface AnalysisEnvironment {
  readonly analyzers: readonly AnyAnalyzer[];
  readonly settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly limits: ScanLimits;
}

const TEXT_TYPES: ReadonlySet<FileType> = new Set(['python', 'javascript', 'typescript', 'notebook', 'json', 'yaml', 'toml', 'markdown', 'dockerfile', 'text']);
const MAX_DIRECTIVE_SCAN_BYTES = 16 * 1024 * 1024;
/** A generated file could name thousands of models; the inventory keeps the first ones and the file's record says so. */
const MAX_ASSETS_PER_FILE = 1000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One file's analysis: findings, facts and the worst problem met, across all its members. */
class Analysis {
  readonly findings: UnfingerprintedFinding[] = [];
  readonly facts: FactRecord[] = [];
  readonly assets: Asset[] = [];
  private readonly noteSet = new Set<string>();
  private error: string | undefined;
  private inconclusive: string | undefined;
  private members = 0;
  private expandedBytes = 0;
  private readonly rulesByAnalyzer = new Map<string, ReadonlySet<string>>();

  constructor(private readonly env: AnalysisEnvironment) {
    for (const analyzer of env.analyzers) this.rulesByAnalyzer.set(analyzer.id, new Set(analyzer.rules.map((r) => r.id)));
  }

  get status(): { status: FileStatus; reason?: string } {
    if (this.error) return { status: 'error', reason: this.error };
    if (this.inconclusive) return { status: 'inconclusive', reason: this.inconclusive };
    return { status: 'scanned' };
  }

  markInconclusive(reason: string): void {
    this.inconclusive ??= reason;
  }

  get notes(): string[] {
    return [...this.noteSet];
  }

  async run(file: FileInput, analyzers: readonly AnyAnalyzer[], depth: number): Promise<void> {
    for (const analyzer of analyzers) {
      if (!analyzer.analyzeFile) continue;
      const where = file.member ? ` in member ${file.member}` : '';
      try {
        await analyzer.analyzeFile(file, this.context(analyzer, file, depth));
      } catch (error) {
        this.error ??= `${analyzer.id} analyzer failed${where}: ${messageOf(error)}`;
      }
    }
  }

  private context(analyzer: AnyAnalyzer, file: FileInput, depth: number): FileContext<unknown> {
    const ownRules = this.rulesByAnalyzer.get(analyzer.id)!;
    const location = { path: file.path, ...(file.member === undefined ? {} : { member: file.member }) };
    return {
      settings: this.env.settings[analyzer.id] ?? {},
      limits: this.env.limits,
      report: (rule: RuleMeta, report: { message: string; evidence?: string; position?: Position }) => {
        if (!ownRules.has(rule.id)) throw new Error(`rule ${rule.id} is not one of ${analyzer.id}'s rules`);
        const finding = createFinding(rule, {
          message: report.message,
          location: { ...location, ...report.position },
          ...(report.evidence === undefined ? {} : { evidence: report.evidence }),
        });
        this.findings.push(finding);
      },
      fact: (fact: unknown) => {
        this.facts.push({ analyzerId: analyzer.id, ...location, fact });
      },
      asset: ({ position, ...asset }: AssetReport) => {
        if (this.assets.length < MAX_ASSETS_PER_FILE) this.assets.push({ ...asset, location: { ...location, ...position } });
      },
      inconclusive: (reason: string) => {
        this.markInconclusive(file.member ? `${reason} (in member ${file.member})` : reason);
      },
      note: (text: string) => {
        if (this.noteSet.size < MAX_NOTES) this.noteSet.add(printable(file.member ? `${file.member}: ${text}` : text, 300));
      },
      emitMember: (name: string, source: ByteSource) => this.member(file, name, source, depth + 1),
    };
  }

  private async member(parent: FileInput, name: string, source: ByteSource, depth: number): Promise<void> {
    const member = parent.member === undefined ? name : `${parent.member}!${name}`;
    const { limits } = this.env;
    if (depth > limits.maxArchiveDepth) {
      this.markInconclusive(`archives nest deeper than ${limits.maxArchiveDepth} levels at member ${member}; raise limits.maxArchiveDepth to look further`);
      return;
    }
    if (++this.members > limits.maxMembers) {
      this.markInconclusive(`more than ${limits.maxMembers} archive members; raise limits.maxMembers to look further`);
      return;
    }
    // A window of the file on disk (a stored zip member, say) is read in place: it expands nothing.
    if (!(source instanceof FileSource)) this.expandedBytes += source.size;
    if (this.expandedBytes > limits.maxExpandedBytes) {
      this.markInconclusive(`archive members expand past ${limits.maxExpandedBytes} bytes at member ${member}; raise limits.maxExpandedBytes to look further`);
      return;
    }
    const type = sniff(source.read(0, SNIFF_BYTES), name, source.size);
    const candidate: FileCandidate = { path: parent.path, member, type, size: source.size };
    const claimers = this.env.analyzers.filter((analyzer) => analyzerClaims(analyzer, candidate, this.env.settings));
    await this.run({ ...candidate, source }, claimers, depth);
  }
}

function openRegularFile(absolutePath: string): { fd: number; size: number } {
  // O_NONBLOCK: if the file was swapped for a FIFO since the walk, opening must not hang.
  const fd = openSync(absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new Error('no longer a regular file');
  }
  return { fd, size: stats.size };
}

/** Adds GitHub's line hash to findings that point at a line of the file itself (not of an archive member). */
function withLineHashes(findings: UnfingerprintedFinding[], text: string): UnfingerprintedFinding[] {
  const lines = new Set(findings.filter((f) => f.location.member === undefined && f.location.startLine !== undefined).map((f) => f.location.startLine!));
  if (lines.size === 0) return findings;
  const hashes = lineHashes(text, lines);
  return findings.map((finding) => {
    const hash = finding.location.member === undefined && finding.location.startLine !== undefined ? hashes.get(finding.location.startLine) : undefined;
    return hash === undefined ? finding : { ...finding, location: { ...finding.location, lineHash: hash } };
  });
}

export async function analyzeFileTask(task: FileTask, env: AnalysisEnvironment): Promise<FileOutcome> {
  const analyzers = env.analyzers.filter((a) => task.analyzerIds.includes(a.id));
  const analysis = new Analysis(env);
  let opened: { fd: number; size: number };
  try {
    opened = openRegularFile(task.absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { findings: [], facts: [], assets: [], notes: [], status: 'error', reason: `cannot open: ${code ?? messageOf(error)}`, directives: [] };
  }
  const source = new FileSource(opened.fd, opened.size);
  try {
    await analysis.run({ path: task.path, type: task.type, size: opened.size, source, absolutePath: task.absolutePath }, analyzers, 0);
    if (!TEXT_TYPES.has(task.type)) return { findings: analysis.findings, facts: analysis.facts, assets: analysis.assets, notes: analysis.notes, ...analysis.status, directives: [] };
    const text = readText(source, MAX_DIRECTIVE_SCAN_BYTES).text;
    // Directives are collected for every analysed text file: a project pass may report on it later.
    const directives = parseInlineDirectives(text);
    return { findings: withLineHashes(analysis.findings, text), facts: analysis.facts, assets: analysis.assets, notes: analysis.notes, ...analysis.status, directives };
  } finally {
    closeSync(opened.fd);
  }
}
