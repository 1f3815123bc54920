#!/usr/bin/env node
/**
 * The pickle analyzer benchmark. Generates two 50 MB pickles under bench/.work/pickle/ (deterministically,
 * opcode by opcode, no Python) and scans each with the BUILT analyzer through the engine (dist/engine/scan.js,
 * workers: 0), every run in a fresh Node process so peak RSS is that of one scan.
 *
 *   npm run build && node bench/pickle.mjs [--runs R] [--json FILE]
 *
 *   big_ops.pkl   protocol 4, a dict of 83,500 lists of 64 floats: 5.85 M opcodes (goal: < 0.8 s, < 150 MB RSS)
 *   big_blob.pkl  protocol 4, a list of 12 float32 1024x1024 numpy arrays rebuilt by _reconstruct + BUILD with
 *                 4 MiB BINBYTES each: few opcodes, memory must not follow the array bytes
 *
 * Reported per file: min / median / max wall time of scan() (Node start-up and module loading excluded), the
 * median run's peak RSS (process.resourceUsage().maxRSS) and the findings, which must be none.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const WORK = join(HERE, '.work', 'pickle');
const GOAL_SECONDS = 0.8;
const GOAL_RSS_MB = 150;

// ---------------------------------------------------------------------------------------------------------
// Generation

/** Writes opcodes through a protocol 4 framer: frames of at least 64 KiB, as pickle.py's _Framer cuts them. */
class FramedWriter {
  constructor(fd) {
    this.fd = fd;
    this.parts = [];
    this.size = 0;
  }
  write(bytes) {
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size >= 64 * 1024) this.commit();
  }
  commit() {
    if (this.size === 0) return;
    const header = Buffer.alloc(9);
    header[0] = 0x95;
    header.writeBigUInt64LE(BigInt(this.size), 1);
    writeSync(this.fd, header);
    writeSync(this.fd, Buffer.concat(this.parts));
    this.parts = [];
    this.size = 0;
  }
  /** Large payloads go outside frames, as pickle.py writes them. */
  unframed(bytes) {
    this.commit();
    writeSync(this.fd, bytes);
  }
}

const sbu = (text) => Buffer.concat([Buffer.from([0x8c, Buffer.byteLength(text)]), Buffer.from(text)]);

export function makeBigOps(path) {
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.from([0x80, 0x04]));
  const out = new FramedWriter(fd);
  out.write(Buffer.from('}\x94(', 'latin1'));
  const floats = Buffer.alloc(64 * 9);
  for (let i = 0; i < 64; i++) {
    floats[i * 9] = 0x47;
    floats.writeDoubleBE(i / 7, i * 9 + 1);
  }
  for (let entry = 0; entry < 83_500; entry++) {
    out.write(Buffer.concat([sbu(`key_${entry}`), Buffer.from('\x94]\x94(', 'latin1'), floats, Buffer.from('e', 'latin1')]));
    if (entry % 1000 === 999) out.write(Buffer.from('u(', 'latin1'));
  }
  out.write(Buffer.from('u.', 'latin1'));
  out.commit();
  closeSync(fd);
}

export function makeBigBlob(path) {
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.from([0x80, 0x04]));
  const out = new FramedWriter(fd);
  const array = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < array.length / 4; i++) array.writeFloatLE(Math.sin(i), i * 4);
  out.write(Buffer.concat([Buffer.from(']\x94(', 'latin1')]));
  for (let n = 0; n < 12; n++) {
    // numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b') then BUILD (1, (1024, 1024), dtype('f4'), False, <bytes>)
    out.write(Buffer.concat([
      sbu('numpy.core.multiarray'), sbu('_reconstruct'), Buffer.from('\x93', 'latin1'), sbu('numpy'), sbu('ndarray'), Buffer.from('\x93K\x00\x85C\x01b\x87R(K\x01M\x00\x04M\x00\x04\x86', 'latin1'),
      sbu('numpy'), sbu('dtype'), Buffer.from('\x93', 'latin1'), sbu('f4'), Buffer.from('\x89\x88\x87R(K\x03', 'latin1'), sbu('<'), Buffer.from('NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00t', 'latin1'), Buffer.from('b\x89', 'latin1'),
    ]));
    const header = Buffer.alloc(9);
    header[0] = 0x8e;
    header.writeBigUInt64LE(BigInt(array.length), 1);
    out.unframed(Buffer.concat([header, array]));
    out.write(Buffer.from('tb', 'latin1'));
  }
  out.write(Buffer.from('e.', 'latin1'));
  out.commit();
  closeSync(fd);
}

const FILES = [
  { name: 'big_ops.pkl', make: makeBigOps, what: 'dict of 83,500 lists of 64 floats (protocol 4)' },
  { name: 'big_blob.pkl', make: makeBigBlob, what: '12 numpy float32 1024x1024 arrays, 4 MiB BINBYTES8 each' },
];

// ---------------------------------------------------------------------------------------------------------
// Child: one scan, one JSON line.

async function child(folder) {
  const { scan } = await import(pathToFileURL(join(REPO, 'dist/engine/scan.js')).href);
  const { parseConfig } = await import(pathToFileURL(join(REPO, 'dist/core/config/load.js')).href);
  const { pickleAnalyzer } = await import(pathToFileURL(join(REPO, 'dist/analyzers/pickle/analyzer.js')).href);
  const analyzers = [pickleAnalyzer];
  const config = parseConfig('', 'aigis.yaml', { analyzers, ruleIds: new Set(pickleAnalyzer.rules.map((r) => r.id)) });
  const started = process.hrtime.bigint();
  const result = await scan({ scanRoot: folder, roots: [folder], projectRoots: [''], analyzers, analyzerModule: '', config, include: [], exclude: [], useGitignore: false, workers: 0 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const record = result.files[0];
  process.stdout.write(`${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, findings: result.findings.length, status: record?.status, type: record?.type, opcodes: undefined })}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Parent

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]);
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
  const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  if (!existsSync(join(REPO, 'dist/analyzers/pickle/analyzer.js'))) throw new Error('run `npm run build` first');
  const rows = [];
  for (const file of FILES) {
    const folder = join(WORK, file.name.replace('.', '_'));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, file.name);
    if (!existsSync(path)) file.make(path);
    const measurements = [];
    for (let i = 0; i <= runs; i++) {
      const { stdout, status, stderr } = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', folder], { encoding: 'utf8' });
      if (status !== 0) throw new Error(stderr);
      if (i > 0) measurements.push(JSON.parse(stdout.trim().split('\n').pop()));
    }
    const mid = measurements.find((m) => m.seconds === median(measurements.map((x) => x.seconds)));
    rows.push({ file: file.name, what: file.what, bytes: (await import('node:fs')).statSync(path).size, min: Math.min(...measurements.map((m) => m.seconds)), median: mid.seconds, max: Math.max(...measurements.map((m) => m.seconds)), rss: mid.maxRssMb, findings: mid.findings, status: mid.status, type: mid.type, runs: measurements });
  }
  console.log(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} timed runs after 1 warm-up, each a fresh process`);
  console.log('| file | content | size | min | median | max | peak RSS (median run) | status | findings |');
  console.log('|---|---|---:|---:|---:|---:|---:|---|---:|');
  for (const r of rows) console.log(`| ${r.file} | ${r.what} | ${(r.bytes / 1e6).toFixed(1)} MB | ${r.min.toFixed(3)} s | **${r.median.toFixed(3)} s** | ${r.max.toFixed(3)} s | ${r.rss.toFixed(0)} MB | ${r.type} ${r.status} | ${r.findings} |`);
  const ops = rows.find((r) => r.file === 'big_ops.pkl');
  console.log(`big_ops.pkl goal (< ${GOAL_SECONDS} s, < ${GOAL_RSS_MB} MB): ${ops.median < GOAL_SECONDS && ops.rss < GOAL_RSS_MB ? 'MET' : 'NOT MET'}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1));
}

// Run only when invoked directly: bench/models.mjs imports the generators.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
