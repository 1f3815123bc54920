#!/usr/bin/env node
/**
 * Where the python analyzer's time goes, on one thread: for every .py file of a tree, the CPU time
 * (process.cpuUsage) of the tree-sitter parse, the syntax-error check, the module model (buildPythonModule)
 * and each rule's check, summed over the tree. The rules run as in the analyzer, on the same module object, so
 * work cached on it (the taint analysis) is charged to the first rule that asks for it.
 *
 *   npm run build && node bench/code-phases.mjs [--tree PATH ...] [--dist DIR]
 *
 * Default tree: the standard library of /usr/bin/python3 and Django, as in bench/code.mjs. --dist picks another
 * build (default dist/), e.g. a copy with a change. Files are read before the clock starts; __pycache__ and
 * the other folders Bandit skips are not entered.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SKIP = new Set(['.svn', 'CVS', '.bzr', '.hg', '.git', '__pycache__', '.tox', '.eggs']);

function pythonFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name) && !entry.name.endsWith('.egg')) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

function defaultTrees() {
  const python = '/usr/bin/python3';
  const ask = (code) => spawnSync(python, ['-c', code], { encoding: 'utf8' }).stdout?.trim();
  return [ask("import sysconfig; print(sysconfig.get_paths()['stdlib'])"), ask('import os, django; print(os.path.dirname(django.__file__))')].filter(Boolean);
}

async function main(argv) {
  const trees = [];
  let dist = resolve(HERE, '..', 'dist');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tree') trees.push(resolve(argv[++i]));
    else if (argv[i] === '--dist') dist = resolve(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (trees.length === 0) trees.push(...defaultTrees());
  const load = (path) => import(pathToFileURL(join(dist, path)).href);
  const { withSyntaxTree, syntaxErrors } = await load('parsers/tree-sitter.js');
  const { buildPythonModule } = await load('analyzers/python/module.js');
  const { PYTHON_RULES } = await load('analyzers/python/analyzer.js');

  const files = trees.flatMap(pythonFiles);
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  const cpu = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const cost = new Map();
  const add = (phase, seconds) => cost.set(phase, (cost.get(phase) ?? 0) + seconds);
  await withSyntaxTree('python', 'x = 1\n', () => undefined); // load the runtime and grammar before the clock

  let reports = 0;
  const started = cpu();
  for (const text of texts) {
    let t = cpu();
    const lap = (phase) => {
      const now = cpu();
      add(phase, now - t);
      t = now;
    };
    await withSyntaxTree('python', text, (root) => {
      lap('parse (tree-sitter, text copied into WASM)');
      syntaxErrors(root, 1);
      lap('syntaxErrors');
      const module = buildPythonModule(root);
      lap('buildPythonModule');
      for (const rule of PYTHON_RULES) {
        rule.check(module, () => reports++);
        lap(`rule ${rule.meta.id}`);
      }
    });
    lap('tree delete + parser reset');
  }
  const total = cpu() - started;
  console.log(`${dist}: ${files.length} files, ${(chars / 1e6).toFixed(1)} M characters, ${PYTHON_RULES.length} rules, ${reports} reports; CPU ${total.toFixed(2)} s on one thread`);
  console.log('');
  console.log('| phase | CPU | share |');
  console.log('|---|---:|---:|');
  for (const [phase, seconds] of [...cost].sort((a, b) => b[1] - a[1])) {
    if (seconds >= 0.01) console.log(`| ${phase} | ${seconds.toFixed(2)} s | ${((100 * seconds) / total).toFixed(1)}% |`);
  }
  console.log(`| (phases under 0.01 s: ${[...cost.values()].filter((s) => s < 0.01).length}) | | |`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
