#!/usr/bin/env node
/**
 * Generates a deterministic tree of N regular files (default 100,000) under bench/.work/tree-<N>/ for the
 * walk benchmark. `find bench/.work/tree-<N> -type f | wc -l` prints exactly N.
 *
 * The tree looks like a large AI monorepo: nested folders (depth up to 6, 50-200 files per folder), mostly
 * small files (100 B - 8 KB, a few up to 1 MiB) of mixed kinds (Python, Markdown, JSON, YAML, text,
 * JavaScript, CSV, random binary blobs, pickle / zip / gzip / numpy / safetensors magic bytes, empty files),
 * a root .gitignore and a few nested ones with matching files and folders, a node_modules and a .git folder
 * (skipped by default), a handful of symbolic links (inside, outside, broken, a cycle) and one FIFO.
 *
 * Same N, same tree: the generator uses a seeded PRNG and never the clock. A marker file
 * bench/.work/tree-<N>.done (next to the tree, so it is not part of it) records the generator version; when
 * it matches, generation is skipped.
 *
 *   node bench/make-tree.mjs [--files N] [--force]
 *
 * As a module: `ensureTree(n)` returns the tree's absolute real path, generating it if needed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR_VERSION = 2;
export const WORK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '.work');

export function treePath(n) {
  return join(WORK_DIR, `tree-${n}`);
}

function markerPath(n) {
  return join(WORK_DIR, `tree-${n}.done`);
}

/** mulberry32: small, fast, deterministic. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  const pick = (items) => items[Math.floor(next() * items.length)];
  return { next, int, pick };
}

// ---------------------------------------------------------------------------------------------------------
// Content

const PY_LINES = [
  'import os', 'import json', 'import numpy as np', 'import torch', 'from pathlib import Path',
  'from typing import Any, Dict, List, Optional', '', '', 'def load_model(path: str) -> Any:',
  '    """Load the model weights from disk."""', '    with open(path, "rb") as handle:',
  '        return torch.load(handle, map_location="cpu")', 'class Trainer:', '    def __init__(self, config):',
  '        self.config = config', '        self.step = 0', '    def train_step(self, batch):',
  '        loss = self.model(batch).mean()', '        loss.backward()', '        self.optimizer.step()',
  '        return loss.item()', 'if __name__ == "__main__":', '    main()',
  'API_URL = os.environ.get("API_URL", "http://localhost:8080")', '# TODO: validate the input schema',
  'def predict(inputs: List[str]) -> List[float]:', '    return [float(len(x)) for x in inputs]',
];
const MD_LINES = [
  '# Model card', '', '## Intended use', 'This model classifies support tickets by urgency.', '',
  '## Training data', '- 120k anonymised tickets', '- labels reviewed by two annotators', '',
  '## Limitations', 'The model has not been evaluated on non-English text.', '', '```bash',
  'pip install -r requirements.txt', 'python train.py --epochs 3', '```', '',
  '| metric | value |', '|--------|-------|', '| F1     | 0.91  |', '',
  'See [the security policy](SECURITY.md) for how to report a vulnerability.',
];
const YAML_LINES = [
  'model:', '  name: support-classifier', '  version: 1.4.2', '  path: models/classifier.safetensors',
  'training:', '  epochs: 3', '  batch_size: 32', '  learning_rate: 0.0003', 'serving:', '  host: 0.0.0.0',
  '  port: 8080', '  replicas: 2', 'features:', '  - text', '  - channel', '  - language', 'logging:',
  '  level: info', '  format: json',
];
const TEXT_LINES = [
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit.', 'numpy==1.26.4', 'torch==2.3.0',
  'transformers>=4.40', 'The quick brown fox jumps over the lazy dog.', '2024-05-01 12:00:01 INFO started',
  '2024-05-01 12:00:02 WARN slow request 1532 ms', 'id,label,score', '17,urgent,0.93', '18,normal,0.12', '',
];
const JS_LINES = [
  "import { readFile } from 'node:fs/promises';", 'export async function load(path) {',
  "  const text = await readFile(path, 'utf8');", '  return JSON.parse(text);', '}',
  'const cache = new Map();', 'export function get(key) { return cache.get(key); }', '',
];

/** A long block of text built from `lines` in a seeded order: files are slices of it, cut at line starts. */
function corpus(lines, rand, bytes = 256 * 1024) {
  const out = [];
  let size = 0;
  while (size < bytes) {
    const line = rand.pick(lines);
    out.push(line);
    size += line.length + 1;
  }
  return out.join('\n') + '\n';
}

function jsonCorpus(rand, bytes = 256 * 1024) {
  const items = [];
  let size = 0;
  while (size < bytes) {
    const item = JSON.stringify({ id: rand.int(1, 1e6), name: `item-${rand.int(1, 9999)}`, score: Math.round(rand.next() * 1000) / 1000, tags: ['a', 'b', 'c'].slice(0, rand.int(0, 3)) });
    items.push(item);
    size += item.length + 2;
  }
  return items.join(',\n');
}

function sizeFor(rand) {
  const r = rand.next();
  const logUniform = (lo, hi) => Math.round(Math.exp(Math.log(lo) + rand.next() * (Math.log(hi) - Math.log(lo))));
  if (r < 0.97) return logUniform(100, 8192);
  if (r < 0.997) return logUniform(8192, 65536);
  return logUniform(65536, 1024 * 1024);
}

function makeContent(rand) {
  const text = {
    python: corpus(PY_LINES, rand),
    markdown: corpus(MD_LINES, rand),
    yaml: corpus(YAML_LINES, rand),
    text: corpus(TEXT_LINES, rand),
    javascript: corpus(JS_LINES, rand),
    json: jsonCorpus(rand),
  };
  const random = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < random.length; i += 4) random.writeUInt32LE(Math.floor(rand.next() * 4294967296), i);

  const slice = (source, size) => {
    const max = Math.max(0, source.length - size);
    let start = Math.floor(rand.next() * max);
    if (typeof source === 'string') {
      const nl = source.indexOf('\n', start);
      start = nl < 0 || nl + 1 > max ? 0 : nl + 1;
    }
    return source.slice(start, start + size);
  };
  /** Repeat `source` slices until `size` bytes: large files need more than one corpus. */
  const fill = (source, size) => {
    if (size <= source.length) return slice(source, size);
    const parts = [];
    for (let left = size; left > 0; left -= source.length) parts.push(slice(source, Math.min(left, source.length)));
    return typeof source === 'string' ? parts.join('') : Buffer.concat(parts);
  };
  const blob = (size) => Buffer.from(fill(random, size));
  const withHeader = (header, size) => Buffer.concat([header, blob(Math.max(0, size - header.length))]);

  const kinds = [
    // [weight, extension, make(size)]
    [28, 'py', (size) => fill(text.python, size)],
    [14, 'md', (size) => fill(text.markdown, size)],
    [13, 'json', (size) => `[\n${fill(text.json, Math.max(0, size - 4))}\n]\n`],
    [9, 'yaml', (size) => fill(text.yaml, size)],
    [9, 'txt', (size) => fill(text.text, size)],
    [5, 'js', (size) => fill(text.javascript, size)],
    [3, 'csv', (size) => fill(text.text, size)],
    [2, '', (size) => fill(text.text, size)], // LICENSE-like files without an extension
    [5, 'bin', (size) => blob(size)],
    [2, 'pkl', (size) => withHeader(Buffer.from([0x80, 0x04, 0x95, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8c]), size)],
    [1, 'pkl', (size) => `(dp0\nVweights\np1\n(lp2\nF0.5\naF${'0.25\naF'.repeat(Math.max(1, Math.floor(size / 8)))}1.0\nas.`],
    [2, 'zip', (size) => withHeader(Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), size)],
    [1, 'gz', (size) => withHeader(Buffer.from([0x1f, 0x8b, 0x08, 0x00]), size)],
    [2, 'npy', (size) => {
      const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (256,), }";
      const header = Buffer.from(`\x93NUMPY\x01\x00${String.fromCharCode(118, 0)}${dict.padEnd(117, ' ')}\n`, 'latin1');
      return withHeader(header, Math.max(size, header.length));
    }],
    [2, 'safetensors', (size) => {
      const json = Buffer.from(JSON.stringify({ 'w': { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }));
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(json.length));
      return withHeader(Buffer.concat([length, json]), Math.max(size, json.length + 8 + 16));
    }],
    [1, 'empty', () => ''],
  ];
  const total = kinds.reduce((sum, [w]) => sum + w, 0);
  return function file() {
    let r = rand.next() * total;
    for (const [weight, ext, make] of kinds) {
      r -= weight;
      if (r < 0) return { ext: ext === 'empty' ? rand.pick(['py', 'txt', 'md', '']) : ext, data: make(sizeFor(rand)) };
    }
    throw new Error('unreachable');
  };
}

// ---------------------------------------------------------------------------------------------------------
// Layout

const DIR_WORDS = ['src', 'lib', 'models', 'data', 'docs', 'tests', 'utils', 'config', 'scripts', 'notebooks', 'training', 'serving', 'eval', 'pipelines', 'features', 'schemas', 'assets', 'experiments', 'core', 'api'];
const FILE_WORDS = ['model', 'train', 'utils', 'config', 'dataset', 'loader', 'predict', 'README', 'notes', 'weights', 'checkpoint', 'schema', 'handler', 'service', 'client', 'report', 'metrics', 'index', 'vocab', 'embedding'];

const ROOT_GITIGNORE = `# generated by bench/make-tree.mjs
*.log
*.tmp
!important.log
__pycache__/
build/
/secret_data/
.venv
`;
const NESTED_GITIGNORES = [
  'cache/\n*.csv\n!keep.csv\n',
  '*.bin\n!model.bin\n',
  'outputs/\n*.pkl\n',
];

export function generateTree(n, target) {
  const rand = prng(0xa1615 ^ n);
  const nextFile = makeContent(rand);
  let budget = n;
  let directories = 0;
  const write = (path, data) => {
    if (budget <= 0) return false;
    writeFileSync(path, data);
    budget--;
    return true;
  };
  const mkdir = (path) => {
    mkdirSync(path, { recursive: true });
    directories++;
  };

  mkdir(target);
  write(join(target, '.gitignore'), ROOT_GITIGNORE);
  write(join(target, 'README.md'), '# Generated benchmark tree\n\nSee bench/make-tree.mjs.\n');
  write(join(target, 'pyproject.toml'), '[project]\nname = "bench-tree"\nversion = "0.0.0"\n');

  // .git (about 1% of the files): skipped by default, never listed past its name.
  const gitFiles = Math.min(2000, Math.floor(n * 0.01));
  mkdir(join(target, '.git', 'refs', 'heads'));
  write(join(target, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  write(join(target, '.git', 'config'), '[core]\n\trepositoryformatversion = 0\n');
  for (let i = 0; i < gitFiles - 2 && budget > 0; i++) {
    const hex = (rand.int(0, 0xffffff) * 4096 + i).toString(16).padStart(40, '0').slice(-40);
    const dir = join(target, '.git', 'objects', hex.slice(0, 2));
    if (!existsSync(dir)) mkdir(dir);
    write(join(dir, hex.slice(2)), Buffer.from(rand.pick([[0x78, 0x01], [0x78, 0x9c]]).concat([1, 2, 3, 4, 5, 6, 7, 8])));
  }

  // node_modules (about 2%): skipped by default, at the root and inside one sub-project.
  const modules = Math.floor((n * 0.02) / 8);
  for (let i = 0; i < modules && budget > 0; i++) {
    const base = join(target, i % 5 === 4 ? join('web', 'node_modules') : 'node_modules', `pkg-${i}`);
    mkdir(join(base, 'lib'));
    write(join(base, 'package.json'), `{"name":"pkg-${i}","version":"1.0.${i}","main":"index.js"}\n`);
    write(join(base, 'index.js'), "module.exports = require('./lib/main.js');\n");
    write(join(base, 'README.md'), `# pkg-${i}\n`);
    for (let j = 0; j < 5; j++) write(join(base, 'lib', `part-${j}.js`), `exports.part${j} = () => ${j};\n`);
  }

  // The main tree: folders picked in a seeded random order (so depths mix), 50-200 files each, up to depth 6.
  const queue = [];
  let topLevel = 0;
  const addTopLevel = () => queue.push({ path: join(target, `${DIR_WORDS[topLevel % DIR_WORDS.length]}_${topLevel++}`), depth: 1, special: undefined });
  for (let i = 0; i < 8; i++) addTopLevel();
  let nestedGitignores = 0;
  while (budget > 0) {
    if (queue.length === 0) addTopLevel();
    const index = Math.floor(rand.next() * queue.length);
    const { path, depth, special } = queue[index];
    queue[index] = queue[queue.length - 1];
    queue.pop();
    mkdir(path);
    if (special === '__pycache__' || special === 'build' || special === 'cache') {
      // Ignored folders: a few files, no sub-folders; the walk records the folder and never lists it.
      const count = rand.int(5, 30);
      for (let i = 0; i < count; i++) write(join(path, `${rand.pick(FILE_WORDS)}_${i}.${special === '__pycache__' ? 'cpython-311.pyc' : 'o'}`), Buffer.from([0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 1, 2, 3, 4]));
      continue;
    }
    if (rand.next() < 0.01 && budget > 0) {
      write(join(path, '.gitignore'), NESTED_GITIGNORES[nestedGitignores++ % NESTED_GITIGNORES.length]);
    }
    const count = rand.int(50, 200);
    let important = false;
    for (let i = 0; i < count && budget > 0; i++) {
      let name;
      const r = rand.next();
      if (r < 0.015) name = `run_${i}.log`; // ignored by the root .gitignore
      else if (r < 0.02) name = `scratch_${i}.tmp`;
      else if (r < 0.021 && !important) {
        name = 'important.log'; // un-ignored by `!important.log`
        important = true;
      }
      else {
        const { ext, data } = nextFile();
        name = `${rand.pick(FILE_WORDS)}_${i}${ext ? `.${ext}` : ''}`;
        write(join(path, name), data);
        continue;
      }
      write(join(path, name), `${name}\n`);
    }
    if (depth < 6) {
      const children = rand.int(1, 4);
      const taken = new Set();
      for (let i = 0; i < children; i++) {
        const r = rand.next();
        let special = r < 0.04 ? '__pycache__' : r < 0.06 ? 'build' : r < 0.07 ? 'cache' : undefined;
        if (taken.has(special)) special = undefined;
        taken.add(special);
        const name = special ?? `${rand.pick(DIR_WORDS)}_${i}`;
        queue.push({ path: join(path, name), depth: depth + 1, special });
      }
    }
  }

  // Not regular files, so not counted: symbolic links (inside, outside, broken, a folder cycle) and a FIFO.
  const links = join(target, 'links');
  mkdir(links);
  symlinkSync('../README.md', join(links, 'readme-link.md'));
  symlinkSync('../src_0', join(links, 'src-link'));
  symlinkSync('..', join(links, 'cycle'));
  symlinkSync('/etc', join(links, 'outside'));
  symlinkSync('does-not-exist', join(links, 'broken'));
  try {
    execFileSync('mkfifo', [join(links, 'pipe.fifo')], { stdio: 'ignore' });
  } catch {
    // no mkfifo: the tree just has no FIFO
  }
  return { directories };
}

/** The tree's absolute real path; generated first unless its marker says it is complete and current. */
export function ensureTree(n, { force = false, log = (message) => process.stderr.write(`${message}\n`) } = {}) {
  const target = treePath(n);
  const marker = markerPath(n);
  const expected = { generator: GENERATOR_VERSION, files: n };
  if (!force && existsSync(marker) && existsSync(target)) {
    try {
      const found = JSON.parse(readFileSync(marker, 'utf8'));
      if (found.generator === expected.generator && found.files === expected.files) return realpathSync(target);
    } catch {
      // unreadable marker: regenerate
    }
  }
  log(`generating ${n.toLocaleString('en-US')} files under ${target} ...`);
  const started = performance.now();
  const temporary = `${target}.partial`;
  rmSync(temporary, { recursive: true, force: true });
  rmSync(marker, { force: true });
  const { directories } = generateTree(n, temporary);
  rmSync(target, { recursive: true, force: true });
  renameSync(temporary, target);
  writeFileSync(marker, `${JSON.stringify({ ...expected, directories }, null, 2)}\n`);
  log(`generated ${n.toLocaleString('en-US')} files in ${directories.toLocaleString('en-US')} folders in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return realpathSync(target);
}

function parseArgs(argv) {
  const args = { files: 100_000, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--files' || arg === '-n') args.files = Number(argv[++i]);
    else if (arg.startsWith('--files=')) args.files = Number(arg.slice(8));
    else if (arg === '--force') args.force = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node bench/make-tree.mjs [--files N] [--force]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.files) || args.files < 100) throw new Error('--files must be an integer >= 100');
  return args;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(WORK_DIR, { recursive: true });
  process.stdout.write(`${ensureTree(args.files, { force: args.force })}\n`);
}
