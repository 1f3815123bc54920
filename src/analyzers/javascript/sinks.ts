/**
 * @module Dangerous sinks by kind, and the search for tainted values reaching them. A sink is recognised by its
 * resolved callee (`child_process.exec`, `fs/promises.readFile`, global `eval`), by a DOM property
 * (`innerHTML`), or by JSX (`dangerouslySetInnerHTML`). Each hit carries the trace from the source.
 */
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { CallSite, JsModule } from './module.js';
import { lastSegment, objectProperty, stringValue, unwrap } from './module.js';
import { shorten } from './rule.js';
import type { ParamSource, SinkHit, SinkKind, Trace } from './taint.js';
import { TaintEngine, builtExpression, leadingLiteral, traceEvidence } from './taint.js';
import { agentToolHandlers } from './sources.js';

const engines = new WeakMap<JsModule, TaintEngine>();

/** The module's LLM-output taint engine, built once. */
export function llmTaint(module: JsModule): TaintEngine {
  let engine = engines.get(module);
  if (!engine) {
    const tools = agentToolHandlers(module);
    const toolInput: ParamSource = (fn, index) => (index === 0 && tools.has(fn.id) ? { text: `arguments the model wrote for a ${tools.get(fn.id)}`, line: lineOf(fn) } : undefined);
    engines.set(module, (engine = new TaintEngine(module, tools.size > 0 ? toolInput : undefined)));
  }
  return engine;
}

const CODE_SINKS = new Map<string, 'first' | 'all'>([
  ['eval', 'first'],
  ['Function', 'all'],
  ['vm.runInNewContext', 'first'],
  ['vm.runInContext', 'first'],
  ['vm.runInThisContext', 'first'],
  ['vm.compileFunction', 'first'],
  ['vm.Script', 'first'],
  ['vm.SourceTextModule', 'first'],
  ['vm2.VM().run', 'first'],
  ['vm2.NodeVM().run', 'first'],
  ['setTimeout', 'first'],
  ['setInterval', 'first'],
]);

const SHELL_COMMAND = new Set(['child_process.exec', 'child_process.execSync', 'shelljs.exec', 'execa.execaCommand', 'execa.execaCommandSync', 'execa.command', 'execa.commandSync']);
const SHELL_PROGRAM = new Set([
  'child_process.spawn',
  'child_process.spawnSync',
  'child_process.execFile',
  'child_process.execFileSync',
  'execa',
  'execa.execa',
  'execa.execaSync',
  'execa.sync',
  'cross-spawn',
  'cross-spawn.sync',
]);

const SQL_METHODS = new Set(['query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'whereRaw', 'havingRaw', 'orderByRaw', 'joinRaw', 'exec', 'prepare', 'run', 'all', 'get', 'each']);
/** Method names too common to trust without a database-looking receiver. */
const STRICT_SQL_METHODS = new Set(['exec', 'prepare', 'run', 'all', 'get', 'each']);
const SQL_KEYWORD = /\b(?:select|insert|update|delete|from|where|values|create|drop|alter|truncate|order\s+by|limit|join)\b/i;
const DB_RECEIVER = /^(?:db|database|pool|conn|connection|client|sql|knex|sequelize|prisma|pg|mysql|sqlite|duckdb|tx|trx|txn|\w*(?:Db|DB|Database|Pool|Conn|Connection|Client|Sql|SQL|Knex|Prisma))$/;
const DB_MODULES = /^(?:pg|mysql|mysql2|mysql2\/promise|better-sqlite3|sqlite3|sqlite|knex|sequelize|@prisma\/client|postgres|duckdb|mssql|oracledb|@neondatabase\/serverless|@vercel\/postgres|@libsql\/client|@planetscale\/database|drizzle-orm)(?:[.(]|$)/;

const FS_MODULES = new Set(['fs', 'fs/promises', 'fs.promises', 'fs-extra', 'graceful-fs']);
const FS_ONE_PATH = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'unlink', 'unlinkSync', 'rm', 'rmSync',
  'rmdir', 'rmdirSync', 'mkdir', 'mkdirSync', 'createReadStream', 'createWriteStream', 'open', 'openSync', 'readdir', 'readdirSync',
  'chmod', 'chmodSync', 'chown', 'chownSync', 'truncate', 'truncateSync', 'remove', 'removeSync', 'outputFile', 'outputFileSync',
  'readJson', 'readJsonSync', 'writeJson', 'writeJsonSync', 'outputJson', 'emptyDir', 'ensureFile', 'ensureDir',
]);
const FS_TWO_PATHS = new Set(['copyFile', 'copyFileSync', 'rename', 'renameSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'cp', 'cpSync', 'copy', 'copySync', 'move', 'moveSync']);

const URL_SINKS = new Set([
  'fetch', 'node-fetch', 'cross-fetch', 'undici.fetch', 'undici.request', 'undici.stream',
  'axios', 'axios.get', 'axios.post', 'axios.put', 'axios.patch', 'axios.delete', 'axios.head', 'axios.options', 'axios.request',
  'got', 'got.get', 'got.post', 'got.put', 'got.patch', 'got.delete', 'got.head', 'got.stream',
  'ky', 'ky.get', 'ky.post', 'ky.put', 'ky.patch', 'ky.delete', 'ky.head',
  'http.request', 'http.get', 'https.request', 'https.get', 'superagent.get', 'superagent.post', 'needle', 'needle.get',
]);
/** `https://host/...` or a path on the page's own origin: the destination is fixed. */
const FIXED_ORIGIN = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]|\/(?!\/))/i;

function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

function sinkLabel(site: CallSite, arg: SyntaxNode | undefined): string {
  return `${shorten(site.calleeText, 50)}(${arg ? shorten(arg.text, 40) : ''})`;
}

function hit(node: SyntaxNode, sink: string, sinkText: string, trace: Trace, detail?: string): SinkHit {
  return { node, sink, trace, evidence: traceEvidence(trace, sinkText, lineOf(node)), ...(detail ? { detail } : {}) };
}

function isTrueish(node: SyntaxNode | undefined): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  return inner.type === 'true' || (inner.type === 'string' && inner.text.length > 2);
}

function optionsObject(site: CallSite): SyntaxNode | undefined {
  for (let i = site.args.length - 1; i >= 1; i--) {
    const arg = unwrap(site.args[i]!);
    if (arg.type === 'object') return arg;
  }
  return undefined;
}

/** Text of every string and template fragment in an expression built by `+` and templates. */
function literalParts(node: SyntaxNode, depth = 0): string {
  if (depth > 40) return '';
  const inner = unwrap(node);
  if (inner.type === 'string') return inner.text;
  if (inner.type === 'template_string') return inner.namedChildren.filter((part) => part?.type === 'string_fragment').map((part) => part!.text).join(' ');
  if (inner.type === 'binary_expression') {
    const left = inner.childForFieldName('left');
    const right = inner.childForFieldName('right');
    return `${left ? literalParts(left, depth + 1) : ''} ${right ? literalParts(right, depth + 1) : ''}`;
  }
  return '';
}

function codeSinks(module: JsModule, engine: TaintEngine, out: SinkHit[]): void {
  for (const site of module.calls) {
    if (!site.resolved) continue;
    const which = CODE_SINKS.get(site.resolved);
    if (!which) continue;
    const args = which === 'all' ? site.args : site.args.slice(0, 1);
    for (const arg of args) {
      const trace = engine.taint(arg, 'code');
      if (trace) {
        out.push(hit(site.node, site.resolved, sinkLabel(site, arg), trace));
        break;
      }
    }
  }
}

function shellSinks(module: JsModule, engine: TaintEngine, out: SinkHit[]): void {
  for (const site of module.calls) {
    if (!site.resolved || site.taggedTemplate) continue;
    const first = site.args[0];
    if (SHELL_COMMAND.has(site.resolved)) {
      const trace = first ? engine.taint(first, 'shell') : undefined;
      if (trace) out.push(hit(site.node, site.resolved, sinkLabel(site, first), trace, 'which runs it through a shell'));
      continue;
    }
    if (!SHELL_PROGRAM.has(site.resolved)) continue;
    const program = first ? engine.taint(first, 'shell') : undefined;
    if (program) {
      out.push(hit(site.node, site.resolved, sinkLabel(site, first), program, 'as the program to run'));
      continue;
    }
    const script = shellScriptArgument(site);
    const scriptTrace = script ? engine.taint(script.node, 'shell') : undefined;
    if (scriptTrace) {
      out.push(hit(site.node, site.resolved, sinkLabel(site, script!.node), scriptTrace, `as the script of ${script!.flag}`));
      continue;
    }
    const options = optionsObject(site);
    if (!isTrueish(objectProperty(options, 'shell'))) continue;
    for (const arg of site.args.slice(1)) {
      if (unwrap(arg) === options) continue;
      const trace = engine.taint(arg, 'shell');
      if (trace) {
        out.push(hit(site.node, site.resolved, sinkLabel(site, arg), trace, 'with shell: true, so the arguments are parsed by a shell'));
        break;
      }
    }
  }
}

/** Programs that run their argument after -c / -e as a script. */
const INTERPRETERS = /^(?:sh|bash|zsh|dash|ksh|fish|ash|cmd|cmd\.exe|powershell|powershell\.exe|pwsh|node|deno|bun|python|python3|perl|ruby|php|osascript)$/i;
const SCRIPT_FLAGS = new Set(['-c', '-lc', '-ic', '/c', '/C', '/k', '-Command', '-command', '-e', '--eval', '-p', '--print', '-r']);

/** `spawn('bash', ['-c', script])`: the element after the flag is a script, even without shell: true. */
function shellScriptArgument(site: CallSite): { node: SyntaxNode; flag: string } | undefined {
  const program = stringValue(site.args[0] ? unwrap(site.args[0]) : undefined);
  const list = site.args[1] ? unwrap(site.args[1]) : undefined;
  if (program === undefined || list?.type !== 'array') return undefined;
  const base = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
  if (!INTERPRETERS.test(base)) return undefined;
  const elements = list.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment');
  const at = elements.findIndex((element) => SCRIPT_FLAGS.has(stringValue(element) ?? ''));
  const script = at >= 0 ? elements[at + 1] : undefined;
  return script ? { node: script, flag: `${base} ${stringValue(elements[at]!)}` } : undefined;
}

function isDbReceiver(module: JsModule, object: SyntaxNode): boolean {
  const resolved = module.resolve(object);
  if (resolved && DB_MODULES.test(resolved)) return true;
  const text = unwrap(object).type === 'member_expression' ? (unwrap(object).childForFieldName('property')?.text ?? '') : unwrap(object).text;
  return DB_RECEIVER.test(text);
}

function sqlSinks(module: JsModule, engine: TaintEngine, out: SinkHit[]): void {
  for (const site of module.calls) {
    if (site.callee?.type !== 'member_expression') continue;
    const method = site.callee.childForFieldName('property')?.text;
    const object = site.callee.childForFieldName('object');
    if (!method || !object || !SQL_METHODS.has(method)) continue;
    if (site.resolved?.startsWith('child_process.') || site.resolved?.startsWith('shelljs.')) continue;
    let arg = site.args[0];
    if (!arg) continue;
    const objectArg = unwrap(arg);
    if (objectArg.type === 'object') arg = objectProperty(objectArg, 'text') ?? objectProperty(objectArg, 'sql');
    if (!arg) continue;
    const built = builtExpression(module, arg);
    const isBuilt = built.type === 'template_string' || (built.type === 'binary_expression' && built.childForFieldName('operator')?.text === '+');
    const strict = STRICT_SQL_METHODS.has(method);
    if (isBuilt && SQL_KEYWORD.test(literalParts(built)) && (!strict || isDbReceiver(module, object))) {
      const trace = engine.taint(arg, 'sql');
      if (trace) out.push(hit(site.node, `${shorten(site.calleeText, 50)}`, sinkLabel(site, arg), trace, 'inside SQL built by string interpolation'));
      continue;
    }
    // run as the statement itself: common names like get/run/all need a receiver that is certainly a database
    if (!isBuilt && (strict ? DB_MODULES.test(module.resolve(object) ?? '') : isDbReceiver(module, object))) {
      const trace = engine.taint(arg, 'sql');
      if (trace) out.push(hit(site.node, `${shorten(site.calleeText, 50)}`, sinkLabel(site, arg), trace, 'as the SQL statement itself'));
    }
  }
}

function htmlSinks(module: JsModule, engine: TaintEngine, out: SinkHit[]): void {
  for (const assignment of module.assignments) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    const property = left?.type === 'member_expression' ? left.childForFieldName('property')?.text : undefined;
    if (!right || (property !== 'innerHTML' && property !== 'outerHTML')) continue;
    const trace = engine.taint(right, 'html');
    if (trace) out.push(hit(assignment, property, `${shorten(left!.text, 50)} = ${shorten(right.text, 40)}`, trace));
  }
  for (const site of module.calls) {
    const method = site.callee?.type === 'member_expression' ? site.callee.childForFieldName('property')?.text : undefined;
    let arg: SyntaxNode | undefined;
    let sink: string | undefined;
    if (method === 'insertAdjacentHTML') [sink, arg] = ['insertAdjacentHTML', site.args[1]];
    else if (method === 'createContextualFragment') [sink, arg] = ['createContextualFragment', site.args[0]];
    else if (site.resolved === 'document.write' || site.resolved === 'document.writeln') [sink, arg] = [site.resolved, site.args[0]];
    else if (method === 'html' && site.callee) {
      const receiver = unwrap(site.callee.childForFieldName('object')!);
      const receiverCall = receiver.type === 'call_expression' ? receiver.childForFieldName('function')?.text : undefined;
      if (receiverCall === '$' || receiverCall === 'jQuery') [sink, arg] = ['jQuery .html()', site.args[0]];
    }
    if (!sink || !arg) continue;
    const trace = engine.taint(arg, 'html');
    if (trace) out.push(hit(site.node, sink, sinkLabel(site, arg), trace));
  }
  for (const attribute of module.jsxAttributes) {
    const name = attribute.namedChildren[0];
    if (name?.text !== 'dangerouslySetInnerHTML') continue;
    const value = attribute.namedChildren[1];
    if (!value) continue;
    const expression = value.type === 'jsx_expression' ? value.namedChildren[0] : value;
    const html = expression && unwrap(expression).type === 'object' ? (objectProperty(unwrap(expression), '__html') ?? expression) : expression;
    if (!html) continue;
    const trace = engine.taint(html, 'html');
    if (trace) out.push(hit(attribute, 'dangerouslySetInnerHTML', `dangerouslySetInnerHTML={{ __html: ${shorten(html.text, 40)} }}`, trace));
  }
}

function pathSinks(module: JsModule, engine: TaintEngine, out: SinkHit[]): void {
  for (const site of module.calls) {
    if (!site.resolved) continue;
    const method = lastSegment(site.resolved);
    const owner = site.resolved.slice(0, site.resolved.length - method.length - 1);
    if (!FS_MODULES.has(owner)) continue;
    const count = FS_TWO_PATHS.has(method) ? 2 : FS_ONE_PATH.has(method) ? 1 : 0;
    for (const arg of site.args.slice(0, count)) {
      const trace = engine.taint(arg, 'path');
      if (trace) {
        out.push(hit(site.node, site.resolved, sinkLabel(site, arg), trace));
        break;
      }
    }
  }
}

function urlSinks(module: JsModule, engine: TaintEngine, out: SinkHit[]): void {
  for (const site of module.calls) {
    if (!site.resolved || !URL_SINKS.has(site.resolved)) continue;
    let arg = site.args[0];
    if (!arg) continue;
    const objectArg = unwrap(arg);
    if (objectArg.type === 'object') arg = objectProperty(objectArg, 'url') ?? objectProperty(objectArg, 'hostname') ?? objectProperty(objectArg, 'host');
    if (!arg) continue;
    if (FIXED_ORIGIN.test(leadingLiteral(module, arg))) continue;
    const trace = engine.taint(arg, 'url');
    if (trace) out.push(hit(site.node, site.resolved, sinkLabel(site, arg), trace));
  }
}

const FINDERS: Record<SinkKind, (module: JsModule, engine: TaintEngine, out: SinkHit[]) => void> = {
  code: codeSinks,
  shell: shellSinks,
  sql: sqlSinks,
  html: htmlSinks,
  path: pathSinks,
  url: urlSinks,
};

/** Every sink of a kind that receives model-written text (or, with `paramSource`, that input instead). */
export function taintedSinks(module: JsModule, kind: SinkKind, paramSource?: ParamSource): SinkHit[] {
  const engine = paramSource ? new TaintEngine(module, paramSource, false) : llmTaint(module);
  const out: SinkHit[] = [];
  FINDERS[kind](module, engine, out);
  return out;
}
