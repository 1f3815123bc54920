#!/usr/bin/env node
/**
 * The multi-gigabyte PyTorch checkpoint benchmark: the BUILT zip analyzer through the engine, on a generated
 * torch.save-layout zip. Goal: under 100 ms, i.e. time independent of the tensor bytes.
 *
 *   npm run build && node bench/torch-zip.mjs [--gib G] [--tensors N] [--runs R] [--json FILE]
 *
 * It writes two checkpoints under bench/.work/torch-zip/ with the same layout and tensor count: a small one
 * (N tensors of 4 KiB) and a big one (N tensors adding up to G GiB, default 5, so offsets pass 4 GiB and ZIP64
 * records are needed). Both are written as torch.save writes them: `archive/data.pkl` (a real state_dict
 * pickle, protocol 2, with one persistent id per storage), `archive/data/<n>` stored and 64-byte aligned with
 * "FB" padding, flag bits 0x808 with data descriptors, `version`, `.data/serialization_id`, `byteorder`. The
 * tensor data is left as holes in a sparse file, so generating 5 GiB takes milliseconds and no disk.
 *
 * Each measurement runs `scan()` from dist/engine/scan.js in a fresh Node process (no JIT warm-up from an
 * earlier run) with the zip analyzer and a stub pickle analyzer that reads every pickle member whole,
 * `workers: 0`; the time is taken inside the process around scan() only. One warm-up round is discarded, then
 * R rounds alternate small and big. Reported per file: min / median / max wall time, and for the median run
 * the reads made through fs.readSync (calls and bytes: the engine's FileSource reads that way) and the peak RSS.
 */
import { spawnSync } from 'node:child_process';
import fs, { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const WORK = join(HERE, '.work', 'torch-zip');
const GOAL_MS = 100;
const GENERATOR_VERSION = 1;

// ---------------------------------------------------------------------------------------------------------
// Writing a torch.save-layout zip, sparse.

const u16 = (n) => Buffer.from([n & 0xff, (n >>> 8) & 0xff]);
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const text = (s) => Buffer.from(s, 'latin1');
const binunicode = (s) => Buffer.concat([text('X'), u32(Buffer.byteLength(s)), text(s)]);
const binint = (n) => Buffer.concat([text('J'), u32(n)]);

/** A state_dict pickle as torch.save writes it: OrderedDict of _rebuild_tensor_v2 calls on persistent storages. */
function stateDictPickle(count, elementsOf) {
  const parts = [Buffer.from([0x80, 0x02]), text('ccollections\nOrderedDict\n)R(')];
  for (let i = 0; i < count; i++) {
    parts.push(binunicode(`layers.${i}.weight`), text('ctorch._utils\n_rebuild_tensor_v2\n('));
    parts.push(text('('), binunicode('storage'), text('ctorch\nFloatStorage\n'), binunicode(String(i)), binunicode('cpu'), binint(elementsOf(i)), text('tQ'));
    parts.push(text('K\x00('), binint(elementsOf(i)), text('t(K\x01t\x89ccollections\nOrderedDict\n)RtR'));
  }
  parts.push(text('u.'));
  return Buffer.concat(parts);
}

export function writeCheckpoint(path, count, tensorBytes) {
  const fd = openSync(path, 'w');
  let cursor = 0;
  const central = [];
  const zeroCrc = crc32(Buffer.alloc(tensorBytes));
  const add = (name, data, size = data.length, crc = crc32(data)) => {
    const nameBytes = text(name);
    // torch pads the local extra field ("FB", length, 'Z'...) so that data starts on a 64-byte boundary.
    const start = cursor + 30 + nameBytes.length + 4;
    const pad = (64 - (start % 64)) % 64;
    const extra = Buffer.concat([text('FB'), u16(pad), Buffer.alloc(pad, 'Z')]);
    const header = Buffer.concat([u32(0x04034b50), u16(20), u16(0x808), u16(0), u16(0), u16(0x21), u32(0), u32(0), u32(0), u16(nameBytes.length), u16(extra.length), nameBytes, extra]);
    writeSync(fd, header, 0, header.length, cursor);
    const dataOffset = cursor + header.length;
    if (data.length > 0) writeSync(fd, data, 0, data.length, dataOffset); // tensors stay holes
    const descriptor = Buffer.concat([u32(0x08074b50), u32(crc), u32(size), u32(size)]);
    writeSync(fd, descriptor, 0, descriptor.length, dataOffset + size);
    central.push({ nameBytes, crc, size, offset: cursor });
    cursor = dataOffset + size + descriptor.length;
  };
  const elements = Math.floor(tensorBytes / 4);
  add('archive/data.pkl', stateDictPickle(count, () => elements));
  for (let i = 0; i < count; i++) add(`archive/data/${i}`, Buffer.alloc(0), tensorBytes, zeroCrc);
  add('archive/version', text('3\n'));
  add('archive/.data/serialization_id', text('0123456789012345678901234567890123456789\n'));
  add('archive/byteorder', text('little'));

  const directoryStart = cursor;
  for (const entry of central) {
    const wide = entry.offset >= 0xffffffff;
    const extra = wide ? Buffer.concat([u16(1), u16(8), u64(entry.offset)]) : Buffer.alloc(0);
    const record = Buffer.concat([
      u32(0x02014b50), u16(45), u16(45), u16(0x808), u16(0), u16(0), u16(0x21), u32(entry.crc), u32(entry.size), u32(entry.size),
      u16(entry.nameBytes.length), u16(extra.length), u16(0), u16(0), u16(0), u32(0), u32(wide ? 0xffffffff : entry.offset),
      entry.nameBytes, extra,
    ]);
    writeSync(fd, record, 0, record.length, cursor);
    cursor += record.length;
  }
  const directorySize = cursor - directoryStart;
  const zip64Record = cursor;
  const tail = Buffer.concat([
    u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(central.length), u64(central.length), u64(directorySize), u64(directoryStart),
    u32(0x07064b50), u32(0), u64(zip64Record), u32(1),
    u32(0x06054b50), u16(0), u16(0), u16(0xffff), u16(0xffff), u32(0xffffffff), u32(0xffffffff), u16(0),
  ]);
  writeSync(fd, tail, 0, tail.length, cursor);
  ftruncateSync(fd, cursor + tail.length);
  closeSync(fd);
  return cursor + tail.length;
}

function ensureCheckpoints(gib, count) {
  const tensorBytes = Math.floor((gib * 1024 ** 3) / count / 64) * 64;
  const files = { small: { name: `small-${count}x4KiB`, tensorBytes: 4096 }, big: { name: `big-${count}x${tensorBytes}`, tensorBytes } };
  mkdirSync(WORK, { recursive: true });
  for (const file of Object.values(files)) {
    const dir = join(WORK, file.name);
    file.dir = dir;
    file.path = join(dir, 'model.pt');
    const marker = join(WORK, `${file.name}.done`);
    if (existsSync(marker) && readFileSync(marker, 'utf8') === String(GENERATOR_VERSION) && existsSync(file.path)) continue;
    mkdirSync(dir, { recursive: true });
    writeCheckpoint(file.path, count, file.tensorBytes);
    writeFileSync(marker, String(GENERATOR_VERSION));
  }
  return files;
}

// ---------------------------------------------------------------------------------------------------------
// Child side: one scan, one JSON line on stdout.

async function child(dir) {
  // Count the reads the engine and analyzers make (FileSource reads through fs.readSync).
  const reads = { calls: 0, bytes: 0 };
  const readSync = fs.readSync;
  fs.readSync = (...args) => {
    const n = readSync(...args);
    reads.calls++;
    reads.bytes += n;
    return n;
  };
  syncBuiltinESMExports();
  const dist = join(REPO, 'dist');
  const { scan } = await import(pathToFileURL(join(dist, 'engine', 'scan.js')).href);
  const { parseConfig } = await import(pathToFileURL(join(dist, 'core', 'config', 'load.js')).href);
  const { zipAnalyzer } = await import(pathToFileURL(join(dist, 'analyzers', 'zip', 'analyzer.js')).href);
  const seen = [];
  const stubPickle = {
    id: 'stub-pickle',
    version: '1',
    description: 'Reads every pickle member whole (benchmark stand-in for the pickle analyzer).',
    rules: [],
    fileTypes: ['pickle'],
    analyzeFile(file) {
      seen.push([file.member, file.source.read(0, file.size).length]);
    },
  };
  const analyzers = [stubPickle, zipAnalyzer];
  const config = parseConfig('', 'aigis.yaml', { analyzers, ruleIds: new Set(analyzers.flatMap((a) => a.rules.map((r) => r.id))) });
  const started = performance.now();
  const result = await scan({ scanRoot: dir, roots: [dir], projectRoots: [], analyzers, analyzerModule: '', config, include: [], exclude: [], useGitignore: true, workers: 0 });
  const ms = performance.now() - started;
  const record = result.files[0];
  process.stdout.write(
    `${JSON.stringify({ ms, reads, maxRssMiB: process.resourceUsage().maxRSS / 1024, status: record?.status, notes: record?.notes ?? [], pickles: seen, findings: result.findings.length })}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Parent side.

function measure(dir) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(argv) {
  const option = (name, fallback) => {
    const at = argv.indexOf(name);
    return at < 0 ? fallback : argv[at + 1];
  };
  if (argv[0] === '--child') return child(argv[1]);
  if (!existsSync(join(REPO, 'dist', 'analyzers', 'zip', 'analyzer.js'))) throw new Error('dist/ is missing or stale: run "npm run build" first');
  const gib = Number(option('--gib', 5));
  const count = Number(option('--tensors', 250));
  const runs = Number(option('--runs', 9));
  const files = ensureCheckpoints(gib, count);
  const sizes = Object.fromEntries(Object.entries(files).map(([key, file]) => [key, spawnSync('stat', ['-c', '%s', file.path], { encoding: 'utf8' }).stdout.trim()]));
  console.error(`checkpoints: ${files.small.path} (${sizes.small} bytes), ${files.big.path} (${sizes.big} bytes)`);
  measure(files.small.dir); // warm-up: page cache and disk
  measure(files.big.dir);
  const results = { small: [], big: [] };
  for (let round = 0; round < runs; round++) {
    for (const key of ['small', 'big']) results[key].push(measure(files[key].dir));
    console.error(`round ${round + 1}/${runs} done`);
  }
  console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('');
  console.log('| file | size | handed on | min ms | median ms | max ms | reads (calls / bytes) | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const key of ['small', 'big']) {
    const list = results[key];
    const mid = list.find((r) => r.ms === median(list.map((x) => x.ms)));
    console.log(
      `| ${files[key].name} | ${(Number(sizes[key]) / 1024 ** 3).toFixed(3)} GiB | ${mid.pickles.length} pickle (${mid.pickles.map(([, n]) => n).join(', ')} B) + 3 text records; ${count} storages skipped | ${Math.min(...list.map((r) => r.ms)).toFixed(1)} | ${mid.ms.toFixed(1)} | ${Math.max(...list.map((r) => r.ms)).toFixed(1)} | ${mid.reads.calls} / ${mid.reads.bytes} | ${mid.maxRssMiB.toFixed(0)} |`,
    );
  }
  const bigMedian = median(results.big.map((r) => r.ms));
  console.log('');
  console.log(`Goal: big checkpoint under ${GOAL_MS} ms: ${bigMedian < GOAL_MS ? 'met' : 'NOT met'} (median ${bigMedian.toFixed(1)} ms).`);
  const json = option('--json', undefined);
  if (json) writeFileSync(json, JSON.stringify({ files, results }, null, 2));
}

// Run only when invoked directly: bench/models.mjs imports the generator.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
