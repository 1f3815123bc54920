/** @module `aigis bom` at work: roots -> config -> engine -> file hashes -> CycloneDX JSON. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { EXIT_INCOMPLETE } from '../../core/policy/exit-code.js';
import { hashAll, type HashTask } from '../../lib/model-signing/hash.js';
import { filesToHash, renderCycloneDx, type CycloneDxSpec } from '../../reporters/cyclonedx/index.js';
import { runAnalysis } from '../run-analysis.js';
import { progressLine } from '../scan/progress.js';
import { AIGIS_VERSION } from '../version.js';
import { writeOutput } from '../write-output.js';

export interface BomFlags {
  spec: CycloneDxSpec;
  output?: string;
  reproducible?: boolean;
  config?: string;
  allowInconclusive?: boolean;
  gitignore: boolean;
  progress: boolean;
  quiet?: boolean;
  /** Analysis worker threads; 0 analyses on the main thread. Default: the number of cores. */
  jobs?: number;
}


const MANIFEST_LIMIT = 1024 * 1024;

/** Reads a small regular file, or undefined (missing, not a file, too big, unreadable). */
function readSmall(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MANIFEST_LIMIT) return undefined;
    const buffer = Buffer.alloc(stat.size);
    const n = readSync(fd, buffer, 0, stat.size, 0);
    return buffer.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const shortString = (value: unknown, max = 214): string | undefined =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max && !/[\u0000-\u001f]/.test(value) ? value.trim() : undefined;

export interface ProjectIdentity {
  readonly name: string;
  readonly version?: string;
  readonly description?: string;
}

/** The project's name, version and description: pyproject.toml, then package.json, then the folder's name. */
export function projectIdentity(folder: string): ProjectIdentity {
  const fromRecord = (record: unknown): ProjectIdentity | undefined => {
    if (typeof record !== 'object' || record === null) return undefined;
    const r = record as Record<string, unknown>;
    const name = shortString(r['name']);
    if (!name) return undefined;
    const version = shortString(r['version'], 64);
    const description = shortString(r['description'], 1000);
    return { name, ...(version ? { version } : {}), ...(description ? { description } : {}) };
  };
  const pyproject = readSmall(join(folder, 'pyproject.toml'));
  if (pyproject !== undefined) {
    try {
      const toml = parseToml(pyproject) as Record<string, unknown>;
      const tool = (toml['tool'] as Record<string, unknown> | undefined)?.['poetry'];
      const found = fromRecord(toml['project']) ?? fromRecord(tool);
      if (found) return found;
    } catch {
      // Not valid TOML: the analyzers report it; the name falls back below.
    }
  }
  const packageJson = readSmall(join(folder, 'package.json'));
  if (packageJson !== undefined) {
    try {
      const found = fromRecord(JSON.parse(packageJson));
      if (found) return found;
    } catch {
      // As above.
    }
  }
  return { name: basename(folder) || 'project' };
}

/** SHA-256 of each path (relative to the root); a file that cannot be read is left out. */
async function hashFiles(scanRoot: string, paths: readonly string[], sizes: ReadonlyMap<string, number>): Promise<Map<string, string>> {
  const tasks: HashTask[] = paths.map((path) => ({ name: path, absolutePath: join(scanRoot, path), start: 0, size: sizes.get(path) ?? 0, noFollow: true }));
  const hashes = new Map<string, string>();
  try {
    const digests = await hashAll(tasks);
    tasks.forEach((task, index) => hashes.set(task.name, digests[index]!));
  } catch {
    // One file failed (it vanished or became a FIFO since the walk): hash the rest one by one.
    for (const task of tasks) {
      try {
        hashes.set(task.name, (await hashAll([task], { workers: 0 }))[0]!);
      } catch {
        // Left without a hash; the component still lists the file.
      }
    }
  }
  return hashes;
}

export async function runBom(path: string | undefined, flags: BomFlags): Promise<void> {
  const progress = flags.progress && !flags.quiet && process.stderr.isTTY === true ? progressLine(process.stderr) : undefined;
  const { scanRoot, result } = await runAnalysis({
    paths: path === undefined ? [] : [path],
    ...(flags.config === undefined ? {} : { configPath: flags.config }),
    gitignore: flags.gitignore,
    ...(flags.jobs === undefined ? {} : { jobs: flags.jobs }),
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.clear();
  const paths = filesToHash(result.assets, result.files);
  const sizes = new Map(result.files.flatMap((file) => (file.size === undefined ? [] : [[file.path, file.size] as const])));
  const hashes = await hashFiles(scanRoot, paths, sizes);
  const text = renderCycloneDx({
    assets: result.assets,
    files: result.files,
    hashes,
    tool: { name: 'aigis', version: AIGIS_VERSION },
    project: projectIdentity(scanRoot),
    spec: flags.spec,
    reproducible: flags.reproducible === true,
  });
  writeOutput(text, flags.output);
  const incomplete = result.files.filter((file) => file.status === 'inconclusive' || file.status === 'error');
  if (!flags.quiet) {
    if (flags.output !== undefined) {
      const count = (JSON.parse(text) as { components: unknown[]; services?: unknown[] });
      process.stderr.write(`aigis: wrote CycloneDX ${flags.spec} BOM to ${flags.output} (${count.components.length} components, ${count.services?.length ?? 0} services)\n`);
    }
    if (incomplete.length > 0) {
      process.stderr.write(`aigis: ${incomplete.length} file(s) could not be fully analysed (first: ${incomplete[0]!.path}); the BOM may miss what they hold\n`);
    }
  }
  process.exitCode = incomplete.length > 0 && flags.allowInconclusive !== true ? EXIT_INCOMPLETE : 0;
}
