import type { PythonRule } from '../rule.js';
import type { ArgumentExpr, TaintAnalysis, TaintCall } from '../taint/engine.js';
import type { SinkMatch } from '../taint/sinks.js';
import { argument, isBuiltin, reportTaintedSinks } from '../taint/sinks.js';

const WHY = 'a model-chosen path can escape the intended folder (../, absolute paths) to read secrets or overwrite files';
/** Calls whose first argument (and for copy/move the second) is a path. */
const PATH_FUNCTIONS = new Map<string, readonly number[]>([
  ['io.open', [0]], ['codecs.open', [0]], ['os.open', [0]],
  ['os.remove', [0]], ['os.unlink', [0]], ['os.rmdir', [0]], ['os.removedirs', [0]], ['os.mkdir', [0]], ['os.makedirs', [0]],
  ['os.rename', [0, 1]], ['os.replace', [0, 1]], ['os.renames', [0, 1]], ['os.chmod', [0]], ['os.chown', [0]],
  ['os.symlink', [0, 1]], ['os.link', [0, 1]], ['os.truncate', [0]], ['os.listdir', [0]], ['os.scandir', [0]], ['os.walk', [0]],
  ['shutil.rmtree', [0]], ['shutil.copy', [0, 1]], ['shutil.copy2', [0, 1]], ['shutil.copyfile', [0, 1]], ['shutil.copytree', [0, 1]],
  ['shutil.move', [0, 1]], ['shutil.chown', [0]], ['shutil.make_archive', [0, 2]], ['shutil.unpack_archive', [0, 1]],
  ['aiofiles.open', [0]], ['pandas.read_csv', [0]], ['pandas.DataFrame().to_csv', [0]], ['flask.send_file', [0]],
  ['fastapi.responses.FileResponse', [0]], ['starlette.responses.FileResponse', [0]],
]);
/** pathlib methods that touch the file system; their receiver is the path. */
const PATH_METHODS = new Set([
  'write_text', 'write_bytes', 'read_text', 'read_bytes', 'open', 'unlink', 'rmdir', 'mkdir', 'touch', 'rename', 'chmod',
  'symlink_to', 'hardlink_to', 'iterdir',
]);

const NORMALISERS = /^os\.path\.(?:realpath|abspath|normpath)$/;

/** The plain variable names inside an expression (`p` in `p.resolve()`, `os.path.join(base, p)`). */
function namesIn(expr: ArgumentExpr | undefined, into: Set<string>, depth = 0): void {
  if (!expr || depth > 32) return;
  switch (expr.k) {
    case 'name':
      into.add(expr.name);
      return;
    case 'attr':
    case 'sub':
      namesIn(expr.object, into, depth + 1);
      return;
    case 'call':
      namesIn(expr.call.receiver, into, depth + 1);
      for (const arg of expr.call.positional) namesIn(arg, into, depth + 1);
      return;
    case 'list':
      for (const element of expr.elements) namesIn(element, into, depth + 1);
      return;
    case 'union':
      for (const part of expr.parts) namesIn(part, into, depth + 1);
      return;
    default:
      return;
  }
}

/**
 * Variables whose path is checked against a base folder in the same function: `p.is_relative_to(base)`,
 * `os.path.commonpath([base, p]) == base`, `os.path.realpath(p).startswith(base)`. A sink on such a variable is
 * taken as guarded; whether the check really rejects is not verified.
 */
function guardedNames(analysis: TaintAnalysis): Map<TaintCall['scope'], Set<string>> {
  const guarded = new Map<TaintCall['scope'], Set<string>>();
  const add = (call: TaintCall, expr: ArgumentExpr | undefined) => {
    const names = guarded.get(call.scope) ?? new Set<string>();
    namesIn(expr, names);
    guarded.set(call.scope, names);
  };
  for (const call of analysis.calls) {
    if (call.method === 'is_relative_to' && call.receiver) add(call, call.receiver);
    else if (call.callee === 'os.path.commonpath' || call.callee === 'os.path.commonprefix') add(call, call.positional[0]);
    else if (call.method === 'startswith' && call.receiver?.k === 'call' && NORMALISERS.test(call.receiver.call.callee ?? '')) add(call, call.receiver);
  }
  return guarded;
}

const guardCache = new WeakMap<TaintAnalysis, Map<TaintCall['scope'], Set<string>>>();

function isGuarded(call: TaintCall, analysis: TaintAnalysis, expr: ArgumentExpr | undefined): boolean {
  if (expr?.k !== 'name') return false;
  let guarded = guardCache.get(analysis);
  if (!guarded) {
    guarded = guardedNames(analysis);
    guardCache.set(analysis, guarded);
  }
  return guarded.get(call.scope)?.has(expr.name) ?? false;
}

export const llmOutputToFilePath: PythonRule = {
  meta: {
    id: 'python/llm-output-to-file-path',
    title: 'LLM output chooses a file path',
    severity: 'medium',
    principle: '1.3',
    references: { cwe: ['CWE-22'], owaspLlm: ['LLM05:2025', 'LLM06:2025'], atlas: ['AML.T0051.001'] },
    description:
      'Agents that let the model name the file to read, write or delete give a prompt injection the file system: `../../.env`, `/etc/passwd` or `~/.ssh/authorized_keys` are one reply away. The path is built from model output (whole, joined or formatted) and passed to open, os/shutil file functions or a pathlib read/write. os.path.basename and werkzeug secure_filename on the model text are treated as sanitisers, and a variable checked in the same function with is_relative_to, os.path.commonpath or os.path.realpath(...).startswith(...) as guarded.',
    fix: 'Resolve the path and check it stays inside an allowed folder before use (`p = (base / name).resolve(); p.is_relative_to(base.resolve())`), or reduce the model\'s choice to a file name (os.path.basename) or an id you map to a path yourself. Give agent tools a sandboxed working directory.',
  },
  check(module, report) {
    reportTaintedSinks(module, report, {
      kind: 'path',
      match(call, analysis): SinkMatch | undefined {
        const unguarded = (args: readonly (ArgumentExpr | undefined)[]) => args.filter((arg) => !isGuarded(call, analysis, arg));
        if (isBuiltin(call, analysis, new Set(['open']))) return { args: unguarded([argument(call, 0, 'file')]), name: 'open', why: WHY };
        const callee = call.callee;
        const indexes = callee === undefined ? undefined : PATH_FUNCTIONS.get(callee);
        if (indexes) {
          const args = indexes.map((i) => argument(call, i, i === 0 ? 'path' : undefined) ?? (i === 0 ? call.keywords.get('src') : call.keywords.get('dst')));
          return { args: unguarded(args), name: call.calleeText, why: WHY };
        }
        if (call.method !== undefined && PATH_METHODS.has(call.method) && call.receiver) {
          // str has none of these methods: a tainted receiver here is a path built from model text
          // (`Path(reply).write_text(...)`, `(base / name).unlink()`, or a variable holding one).
          return { args: unguarded([call.receiver]), name: call.calleeText, why: WHY };
        }
        return undefined;
      },
    });
  },
};
