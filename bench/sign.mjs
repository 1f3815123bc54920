#!/usr/bin/env node
/**
 * The model-signing benchmark: `aigis sign` on a generated model folder of several GB, side by side in one run
 * with `sha256sum` over the same files, run in parallel on every core
 * (`find MODEL -type f -print0 | xargs -0 -P<cores> -n1 sha256sum`), which is the hardware limit for hashing
 * every byte once with SHA-256. Goal (issue 6): aigis within 10% of it. GNU coreutils 9.1's sha256sum has its
 * own portable SHA-256 (no SHA-NI), so the bench also times `openssl dgst -sha256` the same way: OpenSSL uses
 * the CPU's SHA extensions, as Node's crypto (OpenSSL) does, and is the stricter baseline.
 *
 *   npm run build && node bench/sign.mjs [--big N] [--big-gib G] [--small N] [--runs R] [--dir DIR] [--keep]
 *                                        [--cli FILE] [--json FILE]
 *
 * The folder (default: N=4 files of G=1 GiB, plus 3 files of 64 MiB and 200 small config/tokenizer files) is
 * written under DIR (default: the OS temp folder) after checking free space, and deleted at the end unless
 * --keep. One warm-up round reads everything once with each tool (warm page cache), then R timed rounds
 * (default 3); within a round the tools alternate which goes first, so drift on a shared machine hits both
 * alike. Wall time per run; the medians and their ratio are printed. The signature is written outside the
 * model folder, so both tools hash exactly the same files; the bench checks that aigis's per-file digests
 * equal sha256sum's.
 */
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const GOAL = 1.1;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}
const BIG = Number(option('big', 4));
const BIG_SIZE = Number(option('big-gib', 1)) * GIB;
const SMALL = Number(option('small', 200));
const RUNS = Number(option('runs', 3));
const CLI = resolve(option('cli', join(REPO, 'dist', 'cli.js')));
const KEEP = process.argv.includes('--keep');
const JSON_OUT = option('json', undefined);
const CORES = availableParallelism();
if (!existsSync(CLI)) {
  console.error(`bench/sign: ${CLI} is missing; run "npm run build" first (npm run bench:sign does)`);
  process.exit(2);
}

const base = resolve(option('dir', tmpdir()));
const MEDIUM = 3;
const MEDIUM_SIZE = 64 * MIB;
const needed = BIG * BIG_SIZE + MEDIUM * MEDIUM_SIZE + SMALL * 64 * 1024 + 256 * MIB;
const fs = statfsSync(base);
const free = fs.bavail * fs.bsize;
if (free < needed * 1.2) {
  console.error(`bench/sign: ${base} has ${(free / GIB).toFixed(1)} GiB free; the model needs ${(needed / GIB).toFixed(1)} GiB (+20%). Use --dir or --big-gib.`);
  process.exit(2);
}

const work = mkdtempSync(join(base, 'aigis-bench-sign-'));
const model = join(work, 'model');
const keys = join(work, 'keys');
const signature = join(work, 'model.sig');

function writeFile(path, size, block) {
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(block.length, size - written);
      // Vary each block a little so no two blocks (or files) are the same.
      block.writeUInt32LE(written / block.length, 0);
      writeSync(fd, block, 0, n);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
}

function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * MIB, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `XmY.YYYs` as bash's `times` prints it, in seconds. */
const bashTime = (text) => {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
};

/**
 * Runs a shell command line with its output discarded and returns wall time and CPU time (user + system of
 * every child process, from bash's `times`). On a shared, busy machine wall time drifts with the load; CPU
 * time says how much work each tool did for the same bytes.
 */
function timed(commandLine, ...args) {
  const started = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', `{ ${commandLine} ; } > /dev/null || exit 1; times 1>&2`, 'bench', ...args], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${commandLine} failed (${result.status}): ${result.stderr}`);
  const [user, system] = result.stderr.trim().split('\n').at(-1).split(/\s+/).map(bashTime);
  return { seconds, cpu: user + system };
}

try {
  console.log(`bench/sign: writing ${BIG} x ${(BIG_SIZE / GIB).toFixed(2)} GiB + ${MEDIUM} x 64 MiB + ${SMALL} small files under ${work}`);
  mkdirSync(join(model, 'tokenizer'), { recursive: true });
  const block = randomFillSync(Buffer.allocUnsafe(16 * MIB));
  for (let i = 0; i < BIG; i++) writeFile(join(model, `model-${String(i + 1).padStart(5, '0')}-of-${String(BIG).padStart(5, '0')}.safetensors`), BIG_SIZE, block);
  for (let i = 0; i < MEDIUM; i++) writeFile(join(model, `adapter-${i}.bin`), MEDIUM_SIZE, block);
  for (let i = 0; i < SMALL; i++) writeFileSync(join(model, 'tokenizer', `vocab-${i}.json`), JSON.stringify({ shard: i, tokens: block.subarray(i * 1000, i * 1000 + 2000 + i * 100).toString('base64') }));
  writeFileSync(join(model, 'config.json'), JSON.stringify({ architectures: ['LlamaForCausalLM'], hidden_size: 4096 }));
  const totalBytes = BIG * BIG_SIZE + MEDIUM * MEDIUM_SIZE;
  run(process.execPath, [CLI, 'keygen', '--out', keys, '--curve', 'p256']);

  const aigis = () => run(process.execPath, [CLI, 'sign', model, '--key', join(keys, 'private.pem'), '--signature', signature, '--no-progress', '-q']);
  const sha256sum = () => run('bash', ['-c', `find "$1" -type f -print0 | xargs -0 -P${CORES} -n1 sha256sum`, 'bench', model]);
  const openssl = () => run('bash', ['-c', `find "$1" -type f -print0 | xargs -0 -P${CORES} -n1 openssl dgst -sha256 -r`, 'bench', model]);
  const tools = { sha256sum, openssl, aigis };

  // Warm-up: both tools read every byte once; then check that they agree on every file.
  aigis();
  const sums = sha256sum().stdout;
  if (openssl().stdout.trim().split('\n').length !== sums.trim().split('\n').length) throw new Error('openssl and sha256sum hashed different file counts');
  const bundle = JSON.parse(readFileSync(signature, 'utf8'));
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
  const fromAigis = new Map(statement.predicate.resources.map((r) => [r.name, r.digest]));
  const lines = sums.trim().split('\n');
  for (const line of lines) {
    const [digest, path] = [line.slice(0, 64), line.slice(66)];
    const name = path.slice(model.length + 1);
    if (fromAigis.get(name) !== digest) throw new Error(`digest of ${name} differs: aigis ${fromAigis.get(name)}, sha256sum ${digest}`);
  }
  if (lines.length !== fromAigis.size) throw new Error(`sha256sum hashed ${lines.length} files, aigis ${fromAigis.size}`);
  console.log(`bench/sign: ${lines.length} files, ${(totalBytes / GIB).toFixed(2)} GiB; digests of aigis and sha256sum agree`);

  const commandLines = {
    sha256sum: [`find "$1" -type f -print0 | xargs -0 -P${CORES} -n1 sha256sum`, model],
    openssl: [`find "$1" -type f -print0 | xargs -0 -P${CORES} -n1 openssl dgst -sha256 -r`, model],
    aigis: ['"$1" "$2" sign "$3" --key "$4" --signature "$5" --no-progress -q', process.execPath, CLI, model, join(keys, 'private.pem'), signature],
    verify: ['"$1" "$2" verify "$3" --key "$4" --signature "$5" --no-progress -q', process.execPath, CLI, model, join(keys, 'public.pem'), signature],
  };
  const times = { aigis: [], sha256sum: [], openssl: [], verify: [] };
  const cpu = { aigis: [], sha256sum: [], openssl: [], verify: [] };
  const orders = [['sha256sum', 'openssl', 'aigis'], ['aigis', 'sha256sum', 'openssl'], ['openssl', 'aigis', 'sha256sum']];
  for (let round = 0; round < RUNS; round++) {
    const load = [];
    for (const tool of [...orders[round % orders.length], 'verify']) {
      const t = timed(...commandLines[tool]);
      times[tool].push(t.seconds);
      cpu[tool].push(t.cpu);
      load.push(loadavg()[0]);
    }
    const show = (tool) => `${times[tool].at(-1).toFixed(2)} s (CPU ${cpu[tool].at(-1).toFixed(2)} s)`;
    console.log(
      `  round ${round + 1}: sha256sum ${show('sha256sum')}, openssl ${show('openssl')}, aigis sign ${show('aigis')}, ` +
        `aigis verify ${show('verify')}; load average ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)}`,
    );
  }
  const result = {
    when: new Date().toISOString(),
    cpu: `${cpus()[0]?.model ?? 'unknown'} x ${CORES}`,
    node: process.version,
    files: lines.length,
    bytes: totalBytes + SMALL * 4096,
    medianSeconds: { sha256sum: median(times.sha256sum), openssl: median(times.openssl), aigisSign: median(times.aigis), aigisVerify: median(times.verify) },
    medianCpuSeconds: { sha256sum: median(cpu.sha256sum), openssl: median(cpu.openssl), aigisSign: median(cpu.aigis), aigisVerify: median(cpu.verify) },
    ratio: median(times.aigis) / median(times.sha256sum),
    ratioToOpenssl: median(times.aigis) / median(times.openssl),
    runs: times,
    cpuRuns: cpu,
  };
  console.log(
    `bench/sign: median of ${RUNS}: sha256sum -P${CORES} ${result.medianSeconds.sha256sum.toFixed(2)} s ` +
      `(${(totalBytes / GIB / result.medianSeconds.sha256sum).toFixed(2)} GiB/s), aigis sign ${result.medianSeconds.aigisSign.toFixed(2)} s ` +
      `(${(totalBytes / GIB / result.medianSeconds.aigisSign).toFixed(2)} GiB/s), ratio ${result.ratio.toFixed(3)} ` +
      `(goal <= ${GOAL}: ${result.ratio <= GOAL ? 'met' : 'NOT met'}); openssl -P${CORES} ${result.medianSeconds.openssl.toFixed(2)} s, ` +
      `ratio to it ${result.ratioToOpenssl.toFixed(3)} (${result.ratioToOpenssl <= GOAL ? 'within' : 'NOT within'} 10%); aigis verify ${result.medianSeconds.aigisVerify.toFixed(2)} s`,
  );
  const c = result.medianCpuSeconds;
  console.log(
    `bench/sign: median CPU time: sha256sum ${c.sha256sum.toFixed(2)} s, openssl ${c.openssl.toFixed(2)} s, aigis sign ${c.aigisSign.toFixed(2)} s ` +
      `(${(c.aigisSign / c.openssl).toFixed(3)} x openssl), aigis verify ${c.aigisVerify.toFixed(2)} s`,
  );
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (KEEP) console.log(`bench/sign: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
