#!/usr/bin/env node
/**
 * The model-scanner benchmark the issue asks for, side by side in one run: a 50 MB pickle of 5.85 M opcodes, a
 * 50 MB pickle of a few large arrays, and a multi-GB PyTorch zip checkpoint. Each file is scanned with EVERY
 * built-in analyzer (the registry in dist/analyzers/index.js), two ways:
 *   engine  scan() inline (workers: 0): the analysis itself, Node start-up and module loading excluded;
 *   cli     `node dist/cli.js scan FILE --format json`: what a user waits for, worker pool included.
 * Each measurement is a fresh process. Goals (2-core machine): big_ops.pkl under 0.8 s and 150 MB peak RSS;
 * the checkpoint under 100 ms, i.e. independent of its tensor bytes.
 *
 *   npm run build && node bench/models.mjs [--runs R] [--gib G]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeBigBlob, makeBigOps } from './pickle.mjs';
import { writeCheckpoint } from './torch-zip.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const WORK = join(HERE, '.work', 'models');
const CLI = join(REPO, 'dist', 'cli.js');

async function child(folder) {
  const { scan } = await import(pathToFileURL(join(REPO, 'dist/engine/scan.js')).href);
  const { defaultConfig } = await import(pathToFileURL(join(REPO, 'dist/core/config/defaults.js')).href);
  const { analyzers } = await import(pathToFileURL(join(REPO, 'dist/analyzers/index.js')).href);
  const config = defaultConfig({ analyzers, ruleIds: new Set(analyzers.flatMap((a) => a.rules.map((r) => r.id))) });
  const started = process.hrtime.bigint();
  const result = await scan({ scanRoot: folder, roots: [folder], projectRoots: [], analyzers, analyzerModule: '', config, include: [], exclude: [], useGitignore: false, workers: 0 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const findings = result.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').length;
  process.stdout.write(`${JSON.stringify({ seconds, rssMb: process.resourceUsage().maxRSS / 1024, findings, status: result.files.map((f) => f.status).join(',') })}\n`);
}

function engineRun(folder) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', folder], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

function cliRun(path) {
  // /usr/bin/time reports the peak RSS of the whole command, worker threads included.
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, 'scan', path, '--format', 'json', '--fail-on', 'none', '--no-progress'], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(run.stderr);
  const report = JSON.parse(run.stdout);
  const findings = report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').length;
  return { seconds, rssMb: Number(run.stderr.trim().split('\n').pop()) / 1024, findings, status: report.files.map((f) => f.status).join(',') };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function summarize(list) {
  const mid = list.find((r) => r.seconds === median(list.map((x) => x.seconds)));
  return { min: Math.min(...list.map((r) => r.seconds)), median: mid.seconds, max: Math.max(...list.map((r) => r.seconds)), rss: mid.rssMb, findings: mid.findings, status: mid.status };
}

async function main(argv) {
  if (argv[0] === '--child') return child(argv[1]);
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run "npm run build" first');
  const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
  const runs = option('--runs', 5);
  const gib = option('--gib', 5);
  const tensors = 250;
  const files = [
    { name: 'big_ops.pkl', what: 'pickle: dict of 83,500 lists of 64 floats, 5.85 M opcodes', make: makeBigOps },
    { name: 'big_blob.pkl', what: 'pickle: 12 float32 1024x1024 numpy arrays', make: makeBigBlob },
    { name: 'model.pt', what: `PyTorch zip: ${tensors} tensors, ${gib} GiB (sparse)`, make: (path) => writeCheckpoint(path, tensors, Math.floor((gib * 1024 ** 3) / tensors / 64) * 64) },
  ];
  for (const file of files) {
    file.folder = join(WORK, `${file.name}-${file.name === 'model.pt' ? gib : 0}`);
    file.path = join(file.folder, file.name);
    mkdirSync(file.folder, { recursive: true });
    if (!existsSync(file.path)) file.make(file.path);
    file.engine = [];
    file.cli = [];
  }
  // One warm-up round, then timed rounds with the files interleaved, so drift on a shared machine hits all alike.
  for (let round = 0; round <= runs; round++) {
    for (const file of files) {
      const engine = engineRun(file.folder);
      const cli = cliRun(file.path);
      if (round > 0) {
        file.engine.push(engine);
        file.cli.push(cli);
      }
    }
    console.error(`round ${round}/${runs}`);
  }
  console.log(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end; ${runs} timed rounds after 1 warm-up, each measurement a fresh process`);
  console.log('');
  console.log('| file | content | size | how | min | median | max | peak RSS | status | high/critical findings |');
  console.log('|---|---|---:|---|---:|---:|---:|---:|---|---:|');
  for (const file of files) {
    for (const how of ['engine', 'cli']) {
      const s = summarize(file[how]);
      const size = statSync(file.path).size;
      const shown = size > 1e9 ? `${(size / 1024 ** 3).toFixed(2)} GiB` : `${(size / 1e6).toFixed(1)} MB`;
      console.log(`| ${file.name} | ${file.what} | ${shown} | ${how} | ${s.min.toFixed(3)} s | **${s.median.toFixed(3)} s** | ${s.max.toFixed(3)} s | ${s.rss.toFixed(0)} MB | ${s.status} | ${s.findings} |`);
    }
  }
  const ops = summarize(files[0].engine);
  const zip = summarize(files[2].engine);
  console.log('');
  console.log(`Goal big_ops.pkl < 0.8 s and < 150 MB (engine): ${ops.median < 0.8 && ops.rss < 150 ? 'MET' : 'NOT MET'} (${ops.median.toFixed(3)} s, ${ops.rss.toFixed(0)} MB)`);
  console.log(`Goal ${gib} GiB checkpoint < 100 ms (engine): ${zip.median < 0.1 ? 'MET' : 'NOT MET'} (${(zip.median * 1000).toFixed(1)} ms)`);
}

await main(process.argv.slice(2));
