/** Runs the real engine over a folder, on the main thread, for analyzer tests. */
import type { AnyAnalyzer } from '../../src/core/analyzer.js';
import { parseConfig } from '../../src/core/config/load.js';
import { scan, type ScanResult } from '../../src/engine/scan.js';

export async function scanTree(root: string, analyzers: readonly AnyAnalyzer[], configYaml = ''): Promise<ScanResult> {
  const config = parseConfig(configYaml, 'aigis.yaml', {
    analyzers,
    ruleIds: new Set(analyzers.flatMap((a) => a.rules.map((r) => r.id))),
  });
  return scan({
    scanRoot: root,
    roots: [root],
    projectRoots: [''],
    analyzers,
    analyzerModule: '',
    config,
    include: [],
    exclude: [],
    useGitignore: true,
    workers: 0,
  });
}
