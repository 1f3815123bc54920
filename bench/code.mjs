#!/usr/bin/env node
/**
 * The code-scanning benchmark, side by side with Bandit in one run: a large real-world Python tree (by default
 * the CPython standard library and Django, both from Debian packages) scanned by Bandit and by aigis
 * (`node dist/cli.js scan ... --include '**\/*.py'`), on exactly the same .py files. Goal (issue): aigis in at
 * most one third of Bandit's wall time, with both cores busy.
 *
 *   npm run build && node bench/code.mjs [--tree PATH ...] [--runs R] [--jobs N] [--cli FILE ...] [--snapshot]
 *                                        [--json FILE]
 *
 * Needs `bandit` on the PATH (Debian: `apt-get install bandit`); the default tree needs `python3-django`.
 *
 * Each tool runs in a fresh process per measurement, under /usr/bin/time (else bash's `times`), which gives
 * CPU time (user + system of the whole process tree: aigis's worker threads included) and, with
 * /usr/bin/time, the peak RSS; wall time is taken here. Utilisation = median CPU / median wall: 200% means both
 * cores of a 2-core machine were busy all the time. The last column is the CPU other processes used during
 * the runs (machine busy time from /proc/stat minus the tool's own), in cores: on a shared machine it says how
 * much of the machine the tool could get. One warm-up round (warm page cache, and the file-set check below),
 * then R timed rounds (default 3); the tools take turns going first, so drift hits all alike.
 *
 * Same files: aigis gets Bandit's default excluded folders (.svn, CVS, .bzr, .hg, .git, __pycache__, .tox,
 * .eggs, *.egg) as --exclude patterns; --allow-inconclusive and --fail-on none so that findings do not change
 * the exit code. The two tools still differ at the edges (Bandit follows a symbolic link to a .py file outside
 * the tree, aigis does not; Bandit's excludes are substring matches on the path). The warm-up round lists the
 * .py files each tool actually read (Bandit: the per-file metrics of its JSON report; aigis: the .py file
 * records that were analysed or skipped as empty) and, for the timed rounds, excludes the difference from the
 * tool that had the extra files, by exact path. Every timed round checks that the sets are still equal.
 *
 * --tree PATH     scan this folder instead (repeatable: several folders are scanned in one run of each tool)
 * --runs R        timed rounds (default 3)
 * --jobs N        pass `--jobs N` to aigis (default: aigis's own default, the number of cores)
 * --cli FILE      the aigis CLI to run (default: dist/cli.js); repeatable, to compare builds in one interleaved
 *                 run (one row and one ratio each), e.g. a build with a change against dist/
 * --snapshot      copy dist/ to bench/.work/code/snapshot/ first and run that copy instead of dist/cli.js, so
 *                 that builds by others in the same checkout during the benchmark cannot change what is measured
 * --json FILE     also write every run's raw numbers
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const WORK = join(HERE, '.work', 'code');
const GOAL_RATIO = 1 / 3;
/** Bandit 1.x's default `--exclude` list. */
const BANDIT_EXCLUDES = ['.svn', 'CVS', '.bzr', '.hg', '.git', '__pycache__', '.tox', '.eggs', '*.egg'];
const GNU_TIME = '/usr/bin/time';
const DIST_CLI = join(REPO, 'dist', 'cli.js');

// ---------------------------------------------------------------------------------------------------------
// Options and environment

function parseArgs(argv) {
  const options = { trees: [], runs: 3, jobs: undefined, clis: [], snapshot: false, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--tree') options.trees.push(resolve(value()));
    else if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--jobs') options.jobs = Number(value());
    else if (arg === '--cli') options.clis.push(resolve(value()));
    else if (arg === '--snapshot') options.snapshot = true;
    else if (arg === '--json') options.json = resolve(value());
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
  return options;
}

function run(command, args) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The default tree: the standard library of Debian's python3 (the interpreter Bandit runs on) and Django. */
function defaultTrees() {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const probe = run(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]);
  const trees = [];
  if (probe.status === 0 && probe.stdout.trim()) trees.push(probe.stdout.trim());
  const django = run(python, ['-c', 'import os, django; print(os.path.dirname(django.__file__))']);
  if (django.status === 0 && django.stdout.trim()) trees.push(django.stdout.trim());
  else console.error('note: Django not found (Debian: apt-get install python3-django); scanning the standard library only');
  if (trees.length === 0) throw new Error('no Python standard library found: give --tree PATH');
  return trees;
}

function version(command, args) {
  const out = run(command, args);
  return out.status === 0 ? `${out.stdout}${out.stderr}`.trim().split('\n')[0] : 'unknown';
}

/** Copies dist/ with links to what it reads from the package root, so the copy runs like dist/ itself. */
function makeSnapshot() {
  const root = join(WORK, 'snapshot');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  cpSync(join(REPO, 'dist'), join(root, 'dist'), { recursive: true });
  for (const name of ['data', 'schemas', 'package.json']) {
    if (existsSync(join(REPO, name))) symlinkSync(join(REPO, name), join(root, name));
  }
  return join(root, 'dist', 'cli.js');
}

/**
 * What a tree holds that the tools treat differently: .gitignore files and node_modules folders (aigis honours
 * and skips them, Bandit does not) and the folders Bandit skips. The walk follows no links, like os.walk.
 */
function inventory(tree) {
  const gitignores = [];
  const nodeModules = [];
  const banditSkipped = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (BANDIT_EXCLUDES.includes(entry.name) || entry.name.endsWith('.egg')) banditSkipped.push(path);
        else if (entry.name === 'node_modules') nodeModules.push(path);
        else walk(path);
      } else if (entry.name === '.gitignore') gitignores.push(path);
    }
  };
  walk(tree);
  return { gitignores, nodeModules, banditSkipped };
}

// ---------------------------------------------------------------------------------------------------------
// One measurement

/** CPU seconds the whole machine has spent busy (all processes), from /proc/stat; NaN where there is none. */
function machineBusySeconds() {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/**
 * Runs a command under /usr/bin/time (or bash `times`): wall (measured here), CPU user+sys, peak RSS, and the
 * CPU that other processes used meanwhile (machine busy time minus ours), which shows a shared machine's load.
 */
function timed(command, args) {
  mkdirSync(WORK, { recursive: true });
  const timeFile = join(WORK, 'time.txt');
  rmSync(timeFile, { force: true });
  const useGnuTime = existsSync(GNU_TIME);
  const busyBefore = machineBusySeconds();
  const started = process.hrtime.bigint();
  const out = useGnuTime
    ? spawnSync(GNU_TIME, ['-o', timeFile, '-f', '%e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync('bash', ['-c', '"$@"; status=$?; times > "$BENCH_TIMES"; exit $status', 'bash', command, ...args], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, BENCH_TIMES: timeFile },
      });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const busy = machineBusySeconds() - busyBefore;
  let cpu = NaN;
  let rssMb = NaN;
  if (existsSync(timeFile)) {
    const text = readFileSync(timeFile, 'utf8').trim().split('\n');
    if (useGnuTime) {
      // GNU time prefixes "Command exited with non-zero status N" when the command fails.
      const [, user, system, rss] = text[text.length - 1].split(' ').map(Number);
      cpu = user + system;
      rssMb = rss / 1024;
    } else {
      // `times`: the shell's own user/sys, then its children's ("0m21.450s 0m0.220s").
      const seconds = (t) => {
        const m = /^(\d+)m([\d.]+)s$/.exec(t);
        return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
      };
      const [user, system] = (text[1] ?? '').split(' ').map(seconds);
      cpu = user + system;
    }
  }
  return { status: out.status, stderr: out.stderr, wall, cpu, rssMb, others: Math.max(0, busy - cpu) / wall };
}

function runBandit(trees, extraExcludes) {
  const output = join(WORK, 'bandit.json');
  rmSync(output, { force: true });
  const excludes = [...BANDIT_EXCLUDES, ...extraExcludes].join(',');
  const t = timed('bandit', ['-r', ...trees, '-f', 'json', '-q', '-o', output, '-x', excludes]);
  // Bandit exits 1 when it has findings.
  if ((t.status !== 0 && t.status !== 1) || !existsSync(output)) throw new Error(`bandit failed (exit ${t.status}):\n${t.stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(output, 'utf8'));
  const files = Object.keys(report.metrics).filter((key) => key !== '_totals');
  const bySeverity = {};
  for (const result of report.results) bySeverity[result.issue_severity] = (bySeverity[result.issue_severity] ?? 0) + 1;
  return {
    ...t,
    files: new Set(files.map((f) => resolve(f))),
    findings: report.results.length,
    bySeverity,
    parseErrors: new Set(report.errors.map((e) => e.filename)).size,
    loc: report.metrics._totals.loc,
  };
}

/** A path as an anchored gitignore pattern relative to the scan root, special characters escaped. */
const anchored = (rel) => `/${rel.split(sep).join('/').replace(/[\\*?[\]!# ]/g, (c) => `\\${c}`)}`;

function runAigis(cli, trees, extraExcludes, jobs) {
  const output = join(WORK, 'aigis.json');
  rmSync(output, { force: true });
  const args = [cli, 'scan', ...trees, '--format', 'json', '--output', output, '--no-progress', '--quiet'];
  args.push('--include', '**/*.py', '--allow-inconclusive', '--fail-on', 'none');
  for (const pattern of [...BANDIT_EXCLUDES.map((name) => `${name}/`), ...extraExcludes]) args.push('--exclude', pattern);
  if (jobs !== undefined) args.push('--jobs', String(jobs));
  const t = timed(process.execPath, args);
  if (t.status !== 0 || !existsSync(output)) throw new Error(`aigis failed (exit ${t.status}):\n${t.stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(output, 'utf8'));
  const files = report.files.filter(
    (f) => f.path.endsWith('.py') && f.type !== 'symlink' && (f.status !== 'skipped' || /^no analyzer for empty/.test(f.reason ?? '')),
  );
  const byAnalyzer = {};
  for (const finding of report.findings) {
    const analyzer = finding.ruleId.split('/')[0];
    byAnalyzer[analyzer] = (byAnalyzer[analyzer] ?? 0) + 1;
  }
  return {
    ...t,
    scanRoot: report.scanRoot,
    files: new Set(files.map((f) => join(report.scanRoot, f.path))),
    findings: report.findings.length,
    byAnalyzer,
    parseErrors: report.files.filter((f) => (f.notes ?? []).some((n) => /syntax error/.test(n))).length,
    inconclusive: report.files.filter((f) => f.status === 'inconclusive').length,
    errors: report.files.filter((f) => f.status === 'error').length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Main

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const difference = (a, b) => [...a].filter((x) => !b.has(x)).sort();

function summarize(list) {
  const mid = median(list.map((r) => r.wall));
  const at = list.find((r) => r.wall === mid);
  return { min: Math.min(...list.map((r) => r.wall)), median: mid, max: Math.max(...list.map((r) => r.wall)), at };
}

/** Every run's raw numbers, as JSON (--json). */
function writeRaw(file, trees, tools) {
  if (!file) return;
  const strip = (r) => ({ wall: r.wall, cpu: r.cpu, rssMb: r.rssMb, otherCores: r.others, files: r.files.size, findings: r.findings, parseErrors: r.parseErrors });
  const raw = { date: new Date().toISOString(), trees, load: loadavg(), tools: tools.map((t) => ({ name: t.name, cli: t.cli, runs: t.runs.map(strip) })) };
  writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
}

async function main(argv) {
  const options = parseArgs(argv);
  if (options.clis.length === 0) options.clis.push(DIST_CLI);
  for (const cli of options.clis) if (!existsSync(cli)) throw new Error(`${relative(process.cwd(), cli)} is missing: run "npm run build" first`);
  if (run('bandit', ['--version']).error) throw new Error('bandit is not installed (Debian: apt-get install bandit)');
  let clis = options.clis;
  if (options.snapshot && clis.includes(DIST_CLI)) {
    const copy = makeSnapshot();
    clis = clis.map((cli) => (cli === DIST_CLI ? copy : cli));
  }
  const trees = options.trees.length > 0 ? options.trees : defaultTrees();
  for (const tree of trees) if (!statSync(tree).isDirectory()) throw new Error(`not a folder: ${tree}`);
  const loadBefore = loadavg();

  // The tools: Bandit, and aigis once per --cli (label: the CLI's path when there are several).
  const tools = [{ name: 'Bandit', bandit: true, runs: [] }];
  for (const cli of clis) tools.push({ name: clis.length === 1 ? 'aigis' : `aigis (${relative(REPO, cli)})`, cli, runs: [] });

  // Warm-up round: warms the page cache and shows which files each tool reads. For the timed rounds, what only
  // one tool read is excluded from it by exact path (Bandit's -x is a substring and glob match).
  console.error(`warm-up: Bandit and aigis on ${trees.join(' ')}`);
  const bandit0 = runBandit(trees, []);
  const onlyBandit = new Set();
  const onlyAigis = new Set();
  for (const tool of tools.slice(1)) {
    const aigis0 = runAigis(tool.cli, trees, [], options.jobs);
    for (const path of difference(bandit0.files, aigis0.files)) onlyBandit.add(path);
    tool.extra = difference(aigis0.files, bandit0.files);
    for (const path of tool.extra) onlyAigis.add(path);
    tool.excludes = tool.extra.map((path) => anchored(relative(aigis0.scanRoot, path)));
  }
  const banditExtra = [...onlyBandit].sort();

  for (let round = 1; round <= options.runs; round++) {
    // Rotate which tool goes first, so drift on a shared machine hits all alike.
    const order = tools.map((_, i) => tools[(i + round - 1) % tools.length]);
    for (const tool of order) {
      const measured = tool.bandit ? runBandit(trees, banditExtra) : runAigis(tool.cli, trees, tool.excludes, options.jobs);
      tool.runs.push(measured);
    }
    const reference = tools[0].runs[round - 1].files;
    for (const tool of tools.slice(1)) {
      const files = tool.runs[round - 1].files;
      const differ = difference(reference, files).length + difference(files, reference).length;
      if (differ > 0) throw new Error(`round ${round}: Bandit and ${tool.name} read different files (${differ} differ)`);
    }
    writeRaw(options.json, trees, tools); // after every round, so an interrupted run keeps its numbers
    const show = (r) => `${r.wall.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s, other processes ${r.others.toFixed(2)} cores)`;
    console.error(`round ${round}/${options.runs}: ${tools.map((t) => `${t.name} ${show(t.runs[round - 1])}`).join('; ')}`);
  }

  // The common file set, its size, and what the tree holds.
  const common = [...tools[0].runs[0].files];
  let bytes = 0;
  for (const path of common) bytes += statSync(path).size;
  const links = common.filter((path) => lstatSync(path).isSymbolicLink()).length;
  const inventories = trees.map(inventory);
  const gitignores = inventories.flatMap((i) => i.gitignores);
  const banditSkipped = inventories.flatMap((i) => i.banditSkipped);
  const nodeModules = inventories.flatMap((i) => i.nodeModules);

  const cores = availableParallelism();
  const mb = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : 'n/a');
  for (const tool of tools) {
    tool.wall = summarize(tool.runs);
    tool.cpu = median(tool.runs.map((r) => r.cpu));
    tool.others = median(tool.runs.map((r) => r.others));
  }
  const bandit = tools[0];

  console.log(`${new Date().toISOString()}; ${cores} cores (${cpus()[0]?.model ?? '?'}); node ${process.version}; ${version('bandit', ['--version'])}; aigis: ${clis.map((cli) => relative(REPO, cli)).join(', ')}${options.jobs === undefined ? '' : ` --jobs ${options.jobs}`}`);
  console.log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after; 1 warm-up round + ${options.runs} timed rounds, tools alternating`);
  console.log(`tree: ${trees.join(', ')}: ${common.length} .py files read by every tool (${links} through symbolic links), ${(bytes / 1e6).toFixed(1)} MB, ${bandit.runs[0].loc.toLocaleString('en-US')} lines of code (Bandit's count)`);
  console.log(`excluded by Bandit's defaults: ${banditSkipped.length} folders (${[...new Set(banditSkipped.map((p) => p.split(sep).pop()))].join(', ') || 'none'}); .gitignore files in the tree: ${gitignores.length === 0 ? 'none' : gitignores.join(', ')}; node_modules folders: ${nodeModules.length === 0 ? 'none' : nodeModules.join(', ')}`);
  if (onlyBandit.size > 0) console.log(`read by Bandit only (a link out of the tree, say), so excluded from its timed runs: ${banditExtra.join(', ')}`);
  if (onlyAigis.size > 0) console.log(`read by aigis only, so excluded from its timed runs: ${[...onlyAigis].sort().join(', ')}`);
  console.log('');
  console.log('| tool | files | min wall | median wall | max wall | median CPU (user+sys) | utilisation (median CPU / median wall) | peak RSS | findings | files with parse errors | other processes meanwhile (median) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const tool of tools) {
    const s = tool.wall;
    const r = s.at;
    const others = Number.isFinite(tool.others) ? `${tool.others.toFixed(2)} cores` : 'n/a';
    console.log(`| ${tool.name} | ${r.files.size} | ${s.min.toFixed(2)} s | **${s.median.toFixed(2)} s** | ${s.max.toFixed(2)} s | ${tool.cpu.toFixed(2)} s | ${((100 * tool.cpu) / s.median).toFixed(0)}% | ${mb(r.rssMb)} | ${r.findings} | ${r.parseErrors} | ${others} |`);
  }
  console.log('');
  console.log(`Peak RSS and findings are those of the median run. Bandit findings by severity: ${JSON.stringify(bandit.wall.at.bySeverity)}.`);
  for (const tool of tools.slice(1)) {
    const ratio = tool.wall.median / bandit.wall.median;
    const at = tool.wall.at;
    console.log(`${tool.name}: findings by analyzer ${JSON.stringify(at.byAnalyzer)}, files inconclusive ${at.inconclusive}, errors ${at.errors}.`);
    console.log(`${tool.name}: ratio to Bandit, median wall: **${ratio.toFixed(3)}** (${ratio <= 1 ? `Bandit ${(1 / ratio).toFixed(1)}x slower` : `Bandit ${ratio.toFixed(1)}x faster`}), goal <= 1/3: **${ratio <= GOAL_RATIO ? 'MET' : 'NOT MET'}**; median CPU: ${(tool.cpu / bandit.cpu).toFixed(3)}; utilisation ${((100 * tool.cpu) / tool.wall.median).toFixed(0)}% of ${cores * 100}% possible.`);
  }

  writeRaw(options.json, trees, tools);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
