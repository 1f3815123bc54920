/**
 * @module The analysis every command that reads a project shares (scan, bom, check): resolve the roots, load
 * aigis.yaml, run the engine with the registered analyzers; and the conformance view of it (check, scan's HTML).
 */
import { ANALYZER_MODULE_URL, analyzers } from '../analyzers/index.js';
import type { AigisConfig } from '../core/config/types.js';
import { evaluateConformance, type ConformanceReport } from '../core/conformance/evaluate.js';
import type { Finding } from '../core/finding.js';
import { scan, type ScanProgress, type ScanResult } from '../engine/scan.js';
import { loadConfig } from './config-context.js';
import { resolveScanRoots } from './scan/roots.js';
import { AIGIS_VERSION } from './version.js';

export interface AnalysisOptions {
  /** Folders or files; the current folder when empty. */
  readonly paths: readonly string[];
  /** `--config`; otherwise aigis.yaml in the scan root. */
  readonly configPath?: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly gitignore: boolean;
  /** Analysis worker threads; 0 analyses on the main thread. Default: the number of cores. */
  readonly jobs?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
}

export interface Analysis {
  readonly scanRoot: string;
  readonly config: AigisConfig;
  readonly result: ScanResult;
}

export async function runAnalysis(options: AnalysisOptions): Promise<Analysis> {
  const { scanRoot, roots, projectRoots } = resolveScanRoots(options.paths.length > 0 ? options.paths : ['.'], process.cwd());
  const config = await loadConfig(scanRoot, options.configPath);
  const result = await scan({
    scanRoot,
    roots,
    projectRoots,
    analyzers,
    analyzerModule: ANALYZER_MODULE_URL,
    config,
    include: options.include ?? [],
    exclude: options.exclude ?? [],
    useGitignore: options.gitignore,
    ...(options.jobs === undefined ? {} : { workers: options.jobs }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { scanRoot, config, result };
}

/** The conformance view of an analysis, judged on the findings that remain after policy. */
export function conformanceOf({ scanRoot, config, result }: Analysis, findings: readonly Finding[]): ConformanceReport {
  return evaluateConformance({
    tool: { name: 'aigis', version: AIGIS_VERSION },
    scanRoot,
    findings,
    assets: result.assets,
    evidence: result.evidence,
    files: result.files,
    rules: analyzers.flatMap((analyzer) => analyzer.rules),
    notApplicable: config.conformance.notApplicable,
  });
}
