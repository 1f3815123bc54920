#!/usr/bin/env node
/**
 * The bare-walk benchmark: discovery + sniffing with no analyzers, over the generated tree of
 * bench/make-tree.mjs (100,000 files by default). Goal: under 3 s on a 2-core machine.
 *
 *   npm run build && npm run bench:walk
 *   node bench/walk.mjs [--files N] [--runs R] [--cold] [--only find,readdir,discover,open-read,scan]
 *                       [--threadpool K] [--dist DIR ...] [--json FILE]
 *
 * Every measurement runs in a fresh Node process (so peak RSS is that of one run, and nothing is JIT-warm
 * from an earlier run); the time is taken inside that process around the work only (Node start-up and
 * module loading excluded). One warm-up round is run and discarded, then R timed rounds; the measurements
 * are interleaved within a round so that drift on a shared machine hits them alike. Reported: min / median
 * / max wall time, and for the median run files per second, CPU time (user + system, all threads) and peak
 * RSS (process.resourceUsage().maxRSS).
 *
 * Measurements, cheapest first, so the reader sees where the time goes:
 *   find      `find <tree> -type f | wc -l` (lists everything, node_modules and .git included)
 *   readdir   a minimal Node walk: readdir(withFileTypes) folder by folder, no file is opened
 *   discover  aigis's discovery alone (dist/engine/discover.js): the same walk with .gitignore files,
 *             symlinks and special files handled, no file opened
 *   open-read a minimal Node loop over the same files: open(O_NONBLOCK) + read 1 KB + close, 64 in flight
 *             (the file list is collected before the clock starts)
 *   scan      aigis's scan() from dist/ with analyzers: [] and workers: 0: discovery (.gitignore,
 *             symlinks, special files) + sniffing of every file, each recorded as skipped "no analyzer"
 *
 * --cold drops the page cache (`sync; echo 3 > /proc/sys/vm/drop_caches`, root only) before every timed
 * measurement; when that is refused the benchmark says so and reports warm-cache numbers only.
 * --threadpool K sets UV_THREADPOOL_SIZE for the measured processes (libuv's default is 4).
 * --dist DIR benchmarks another build of the engine (default: dist/); give it more than once to compare
 *   builds in the same run, e.g. `--dist bench/.work/dist-before --dist dist` (a discover and a scan row
 *   each).
 * --json FILE also writes every run's raw numbers.
 */
import { spawnSync } from 'node:child_process';
import { close, constants, existsSync, open, promises as fsp, read, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureTree } from './make-tree.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const SKIPPED = new Set(['.git', 'node_modules']);
const KINDS = ['find', 'readdir', 'discover', 'open-read', 'scan'];
const GOAL_SECONDS = 3;

// ---------------------------------------------------------------------------------------------------------
// Child side: one measurement, one JSON line on stdout.

/** Depth-first, one folder at a time, like discover(); .git and node_modules are not entered. */
async function readdirWalk(root) {
  let files = 0;
  let folders = 0;
  async function walk(dir) {
    folders++;
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) await walk(join(dir, entry.name));
      } else if (entry.isFile()) files++;
    }
  }
  await walk(root);
  return { files, folders };
}

function listFilesSync(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(path);
      } else if (entry.isFile()) out.push(path);
    }
  };
  walk(root);
  return out;
}

/** open + read the first 1 KB + close for every path, `inFlight` at a time. */
function openReadAll(paths, inFlight = 64) {
  return new Promise((resolveAll, reject) => {
    const buffer = Buffer.allocUnsafe(1032 * inFlight);
    let next = 0;
    let done = 0;
    let bytes = 0;
    const start = (slot) => {
      if (next >= paths.length) return;
      const path = paths[next++];
      open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0), (openError, fd) => {
        if (openError) return reject(openError);
        read(fd, buffer, slot * 1032, 1032, 0, (readError, n) => {
          if (readError) return reject(readError);
          bytes += n;
          close(fd, () => {
            if (++done === paths.length) resolveAll({ files: done, bytes });
            else start(slot);
          });
        });
      });
    };
    if (paths.length === 0) resolveAll({ files: 0, bytes: 0 });
    for (let slot = 0; slot < inFlight; slot++) start(slot);
  });
}

async function runScan(tree, dist) {
  const distScan = join(dist, 'engine', 'scan.js');
  // defaultConfig lives in defaults.js; builds older than that kept it in load.js (for --dist comparisons).
  const defaults = join(dist, 'core', 'config', 'defaults.js');
  const distConfig = existsSync(defaults) ? defaults : join(dist, 'core', 'config', 'load.js');
  const { scan } = await import(pathToFileURL(distScan).href);
  const { defaultConfig } = await import(pathToFileURL(distConfig).href);
  const config = defaultConfig({ analyzers: [], ruleIds: new Set() });
  const options = {
    scanRoot: tree,
    roots: [tree],
    projectRoots: [],
    analyzers: [],
    analyzerModule: '',
    config,
    include: [],
    exclude: [],
    useGitignore: true,
    workers: 0,
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await scan(options);
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  let sniffed = 0;
  const byStatus = {};
  for (const record of result.files) {
    byStatus[record.status] = (byStatus[record.status] ?? 0) + 1;
    if (record.reason?.startsWith('no analyzer for ')) sniffed++;
  }
  return { ms, cpuMs: (user + system) / 1000, files: sniffed, records: result.files.length, byStatus };
}

/** aigis's discovery alone: the walk scan() does (.gitignore, links, special files), no file opened. */
async function runDiscover(tree, dist) {
  const module = await import(pathToFileURL(join(dist, 'engine', 'discover.js')).href);
  const options = { scanRoot: tree, roots: [tree], exclude: [], include: [], useGitignore: true };
  const cpu = process.cpuUsage();
  const started = performance.now();
  let files = 0;
  let items = 0;
  if (module.discoverBatches) {
    for await (const batch of module.discoverBatches(options)) {
      items += batch.length;
      for (const item of batch) if (item.kind === 'file') files++;
    }
  } else {
    for await (const item of module.discover(options)) {
      items++;
      if (item.kind === 'file') files++;
    }
  }
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { ms, cpuMs: (user + system) / 1000, files, items };
}

async function child(kind, tree, dist) {
  let measured;
  const cpuSince = (cpu) => {
    const { user, system } = process.cpuUsage(cpu);
    return (user + system) / 1000;
  };
  if (kind === 'readdir') {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { files, folders } = await readdirWalk(tree);
    measured = { ms: performance.now() - started, cpuMs: cpuSince(cpu), files, folders };
  } else if (kind === 'open-read') {
    const paths = listFilesSync(tree);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { files } = await openReadAll(paths);
    measured = { ms: performance.now() - started, cpuMs: cpuSince(cpu), files };
  } else if (kind === 'discover') {
    measured = await runDiscover(tree, dist);
  } else if (kind === 'scan') {
    measured = await runScan(tree, dist);
  } else {
    throw new Error(`unknown measurement ${kind}`);
  }
  process.stdout.write(`${JSON.stringify({ ...measured, maxRSSKiB: process.resourceUsage().maxRSS })}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Parent side.

function parseArgs(argv) {
  const args = { files: 100_000, runs: 5, cold: false, only: KINDS, threadpool: undefined, json: undefined, dists: [], child: undefined, tree: undefined, dist: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--files' || flag === '-n') args.files = Number(value());
    else if (flag === '--runs') args.runs = Number(value());
    else if (flag === '--cold') args.cold = true;
    else if (flag === '--only') args.only = value().split(',');
    else if (flag === '--threadpool') args.threadpool = Number(value());
    else if (flag === '--json') args.json = value();
    else if (flag === '--dist') args.dists.push(resolve(value()));
    else if (flag === '--child') args.child = value();
    else if (flag === '--tree') args.tree = value();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]} (try --help)`);
  }
  if (args.dists.length === 0) args.dists.push(join(REPO, 'dist'));
  args.dist = args.dists[0];
  if (!Number.isInteger(args.files) || args.files < 100) throw new Error('--files must be an integer >= 100');
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs must be a positive integer');
  for (const kind of args.only) if (!KINDS.includes(kind)) throw new Error(`--only: unknown measurement ${kind} (one of ${KINDS.join(', ')})`);
  if (args.threadpool !== undefined && !(Number.isInteger(args.threadpool) && args.threadpool >= 1 && args.threadpool <= 1024)) throw new Error('--threadpool must be 1-1024');
  return args;
}

/** True when the page cache was dropped; the reason it could not be otherwise. */
function dropCaches() {
  try {
    spawnSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3\n');
    return true;
  } catch (error) {
    return `${error.code ?? ''} ${error.message}`.trim();
  }
}

function measure({ kind, dist }, tree, env) {
  if (kind === 'find') {
    const started = performance.now();
    const result = spawnSync('sh', ['-c', 'find "$1" -type f | wc -l', 'sh', tree], { encoding: 'utf8' });
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`find failed: ${result.stderr}`);
    return { ms, files: Number(result.stdout.trim()) };
  }
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, '--tree', tree, '--dist', dist], {
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${kind} failed (exit ${result.status}):\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = (ms) => `${(ms / 1000).toFixed(3)} s`;
const thousands = (n) => Math.round(n).toLocaleString('en-US');

const DESCRIPTIONS = {
  find: '`find <tree> -type f \\| wc -l` via `sh -c` (everything, incl. .git, node_modules)',
  readdir: 'Node: readdir(withFileTypes) of every folder, no file opened',
  discover: 'aigis discovery alone (.gitignore, links, special files), no file opened',
  'open-read': 'Node: open(O_NONBLOCK) + read 1 KB + close of every file, 64 in flight',
  scan: 'aigis `scan()`, analyzers: [], workers: 0 (discover + sniff)',
};

function table(title, results, measurements) {
  const lines = [
    `### ${title}`,
    '',
    '| measurement | what it does | min | median | max | files | files/s (median) | CPU user+sys (median run) | peak RSS (median run) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { label, kind } of measurements) {
    const runs = results[label];
    if (!runs || runs.length === 0) continue;
    const times = runs.map((r) => r.ms);
    const med = median(times);
    const medianRun = runs.reduce((best, r) => (Math.abs(r.ms - med) < Math.abs(best.ms - med) ? r : best));
    const rss = medianRun.maxRSSKiB === undefined ? 'n/a' : `${(medianRun.maxRSSKiB / 1024).toFixed(0)} MiB`;
    const cpu = medianRun.cpuMs === undefined ? 'n/a' : seconds(medianRun.cpuMs);
    lines.push(`| ${label} | ${DESCRIPTIONS[kind]} | ${seconds(Math.min(...times))} | ${seconds(med)} | ${seconds(Math.max(...times))} | ${thousands(medianRun.files)} | ${thousands(medianRun.files / (med / 1000))} | ${cpu} | ${rss} |`);
  }
  return lines.join('\n');
}

async function parent(args) {
  for (const dist of args.dists) {
    const distScan = join(dist, 'engine', 'scan.js');
    if (!existsSync(distScan) && (args.only.includes('scan') || args.only.includes('discover'))) {
      process.stderr.write(`${distScan} is missing: run \`npm run build\` first.\n`);
      process.exit(2);
    }
  }
  const tree = ensureTree(args.files);
  const env = { ...process.env };
  if (args.threadpool !== undefined) env.UV_THREADPOOL_SIZE = String(args.threadpool);
  const measurements = KINDS.filter((kind) => args.only.includes(kind)).flatMap((kind) =>
    (kind === 'scan' || kind === 'discover') && args.dists.length > 1
      ? args.dists.map((dist) => ({ kind, dist, label: `${kind} (${relative(REPO, dist) || dist})` }))
      : [{ kind, dist: args.dist, label: kind }],
  );

  const log = (message) => process.stderr.write(`${message}\n`);
  const sets = [{ name: 'warm page cache', cold: false }];
  let coldNote;
  if (args.cold) {
    const dropped = dropCaches();
    if (dropped === true) sets.push({ name: 'cold page cache (dropped before every run)', cold: true });
    else coldNote = `cold-cache runs skipped: dropping the page cache was refused (${dropped})`;
  }

  const loadBefore = loadavg();
  const all = {};
  for (const set of sets) {
    const results = Object.fromEntries(measurements.map((m) => [m.label, []]));
    for (let round = 0; round <= args.runs; round++) {
      const warmUp = round === 0 && !set.cold;
      if (round === 0 && set.cold) continue; // a cold run needs no warm-up: each starts from a dropped cache
      for (const measurement of measurements) {
        if (set.cold) dropCaches();
        const result = measure(measurement, tree, env);
        log(`${set.cold ? 'cold' : 'warm'} ${warmUp ? 'warm-up' : `run ${round}/${args.runs}`} ${measurement.label}: ${seconds(result.ms)}${result.cpuMs === undefined ? '' : ` (CPU ${seconds(result.cpuMs)})`}, ${thousands(result.files)} files${result.maxRSSKiB ? `, ${(result.maxRSSKiB / 1024).toFixed(0)} MiB` : ''}${result.byStatus ? ` ${JSON.stringify(result.byStatus)}` : ''}`);
        if (!warmUp) results[measurement.label].push(result);
      }
    }
    all[set.name] = results;
  }

  const load = (values) => values.map((l) => l.toFixed(2)).join(' ');
  const out = [
    `## Bare walk over ${thousands(args.files)} generated files`,
    '',
    `- tree: \`${relative(REPO, tree)}\` (bench/make-tree.mjs); engine: ${args.dists.map((d) => `\`${relative(REPO, d) || d}\``).join(', ')}`,
    `- machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average ${load(loadBefore)} before, ${load(loadavg())} after`,
    `- UV_THREADPOOL_SIZE: ${env.UV_THREADPOOL_SIZE ?? 'unset (libuv default 4)'}; runs: ${args.runs} timed (after 1 warm-up for the warm cache), each in a fresh process, measurements interleaved`,
    ...(coldNote ? [`- ${coldNote}`] : []),
    '',
    ...Object.entries(all).flatMap(([name, results]) => [table(name, results, measurements), '']),
  ];
  for (const { label, kind } of measurements) {
    if (kind !== 'scan') continue;
    const runs = all['warm page cache'][label];
    const med = median(runs.map((r) => r.ms));
    const last = runs[runs.length - 1];
    out.push(`${label}: ${thousands(last.records)} records (${Object.entries(last.byStatus).map(([s, n]) => `${s} ${thousands(n)}`).join(', ')}), ${thousands(last.files)} files sniffed.`);
    out.push(`Goal, ${thousands(args.files)} files in under ${GOAL_SECONDS} s (warm cache, median): ${seconds(med)}, ${med < GOAL_SECONDS * 1000 ? 'MET' : 'NOT MET'}.`, '');
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (args.json) writeFileSync(args.json, `${JSON.stringify({ files: args.files, tree, threadpool: env.UV_THREADPOOL_SIZE ?? null, dists: args.dists, results: all }, null, 2)}\n`);
}

const args = parseArgs(process.argv.slice(2));
if (args.child) await child(args.child, resolve(args.tree), args.dist);
else await parent(args);
