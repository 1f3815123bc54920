/**
 * @module What the Dockerfile rules need from a RUN script, read with the tree-sitter bash grammar and copied
 * into plain data: every simple command with its literal words, and every place where downloaded content goes
 * straight into an interpreter (a pipe, `<(curl ...)`, `"$(curl ...)"`, `<<< "$(curl ...)"`) or where a
 * downloaded file is run without a checksum check first.
 */
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import { withSyntaxTree } from '../../parsers/tree-sitter.js';

/** 0-based row and column in the script text. */
export interface ScriptRange {
  readonly row: number;
  readonly column: number;
  readonly endRow: number;
  readonly endColumn: number;
}

export interface ShellCommand {
  /** The command name after wrappers such as sudo and env (`bash` in `sudo -E bash`). */
  readonly name: string;
  /** The arguments after the name, literal where they are literal (quotes removed). */
  readonly args: readonly string[];
  readonly range: ScriptRange;
  readonly text: string;
}

export interface DownloadExecution {
  readonly how: 'pipe' | 'process-substitution' | 'command-substitution' | 'downloaded-file';
  readonly downloader: string;
  readonly interpreter: string;
  readonly range: ScriptRange;
  readonly text: string;
}

export interface ShellFacts {
  readonly commands: readonly ShellCommand[];
  readonly executions: readonly DownloadExecution[];
  readonly syntaxError: boolean;
}

const DOWNLOADERS = new Set(['curl', 'wget']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'mksh', 'busybox']);
const OTHER_INTERPRETERS = /^(python[0-9.]*|perl|ruby|node|php)$/;
/** Commands that run the next word as the command: skipped to find the real one. */
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'exec', 'command', 'time', 'nice', 'nohup', 'su-exec', 'gosu']);
const VERIFIERS = /^(sha(1|224|256|384|512)sum|shasum|b2sum|md5sum|gpg|gpg2|gpgv|cosign|minisign|signify|openssl)$/;
/** Shell options that take a value: `bash -o pipefail`. */
const SHELL_OPTIONS_WITH_VALUE = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

export function isInterpreter(name: string): boolean {
  return SHELLS.has(name) || OTHER_INTERPRETERS.test(name);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function rangeOf(node: SyntaxNode): ScriptRange {
  return { row: node.startPosition.row, column: node.startPosition.column, endRow: node.endPosition.row, endColumn: node.endPosition.column };
}

/** Longer words are cut: no rule needs more, and copying whole nested substitutions at every level is quadratic. */
const MAX_WORD = 4096;
const MAX_TEXT = 400;

/** A node's text from the script (indexes are UTF-16 offsets), at most `max` characters. */
function textOf(node: SyntaxNode, source: string, max: number): string {
  return source.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + max));
}

/** A word's literal value, quotes removed; expansions are kept as written. */
function literal(node: SyntaxNode, source: string): string {
  const text = textOf(node, source, MAX_WORD);
  if (node.type === 'raw_string') return text.slice(1, -1);
  if (node.type === 'string') return text.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  if (node.type === 'concatenation' && node.endIndex - node.startIndex <= MAX_WORD) return node.namedChildren.map((child) => (child ? literal(child, source) : '')).join('');
  return text.replace(/\\(.)/g, '$1');
}

/** The command's words: name first, then arguments, with wrappers (`sudo -E`, `env A=1`) removed. */
function effectiveWords(command: SyntaxNode, source: string): { words: string[]; nodes: SyntaxNode[]; program: string | undefined } {
  const nodes: SyntaxNode[] = [];
  const name = command.childForFieldName('name');
  if (name) nodes.push(name);
  for (const arg of command.childrenForFieldName('argument')) if (arg) nodes.push(arg);
  let words = nodes.map((node) => literal(node, source));
  let offset = 0;
  while (words.length > offset && WRAPPERS.has(basename(words[offset]!))) {
    const wrapper = basename(words[offset]!);
    offset++;
    // Flags of the wrapper, and VAR=value words of env.
    while (offset < words.length && (words[offset]!.startsWith('-') || (wrapper === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[offset]!)))) {
      const flag = words[offset]!;
      offset++;
      if ((wrapper === 'sudo' || wrapper === 'doas') && /^-[ugCDhprTU]$/.test(flag)) offset++;
    }
  }
  words = words.slice(offset);
  return { words: words.length > 0 ? [basename(words[0]!), ...words.slice(1)] : [], nodes: nodes.slice(offset), program: words[0] };
}

/** How an interpreter given these arguments gets its program. */
function programSource(name: string, args: readonly string[]): { kind: 'stdin' } | { kind: 'string'; index: number } | { kind: 'file'; index: number } | { kind: 'none' } {
  const shell = SHELLS.has(name);
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '-' || arg === '-s') return { kind: 'stdin' };
    if (arg === '--') return k + 1 < args.length && !shell ? { kind: 'file', index: k + 1 } : { kind: 'stdin' };
    if (shell && SHELL_OPTIONS_WITH_VALUE.has(arg)) {
      k++;
      continue;
    }
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(arg) && (shell || arg === '-c')) {
      // The program is the next non-flag word.
      for (let j = k + 1; j < args.length; j++) if (!args[j]!.startsWith('-')) return { kind: 'string', index: j };
      return { kind: 'none' };
    }
    if (!shell && arg === '-m') return { kind: 'none' };
    if (arg.startsWith('-') || arg.startsWith('+')) continue;
    if (name === 'busybox' && k === 0) continue;
    return { kind: 'file', index: k };
  }
  return { kind: 'stdin' };
}

/** The first downloader command inside a node (a substitution, a subshell), if any. */
function downloaderIn(node: SyntaxNode, source: string): string | undefined {
  const stack: SyntaxNode[] = [node];
  let budget = 10_000;
  while (stack.length > 0 && budget-- > 0) {
    const current = stack.pop()!;
    if (current.type === 'command') {
      const name = effectiveWords(current, source).words[0];
      if (name && DOWNLOADERS.has(name)) return name;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return undefined;
}

function substitutionsIn(node: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (types.has(current.type)) {
      found.push(current);
      continue;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return found;
}

const COMMAND_SUBSTITUTION = new Set(['command_substitution', 'process_substitution']);

/** Where a download-to-file names its output: `curl -o F`, `curl -O URL`, `wget -O F`, `wget URL`, `> F`. */
function downloadTarget(words: readonly string[], redirectTarget: string | undefined): string | undefined {
  if (redirectTarget) return redirectTarget;
  const [name, ...args] = words;
  let url: string | undefined;
  let output: string | undefined;
  let remoteName = false;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (/^https?:\/\//.test(arg) || /^ftp:\/\//.test(arg)) url ??= arg;
    if (name === 'curl') {
      if (arg === '-o' || arg === '--output') output = args[++k];
      else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
      else if (/^-[A-Za-z]*o$/.test(arg)) output = args[++k];
      else if (/^-[A-Za-z]*O[A-Za-z]*$/.test(arg) || arg === '--remote-name') remoteName = true;
    } else if (name === 'wget') {
      if (arg === '-O' || arg === '--output-document') output = args[++k];
      else if (arg.startsWith('--output-document=')) output = arg.slice('--output-document='.length);
      else if (/^-[A-Za-z]*O$/.test(arg)) output = args[++k];
      else if (/^-[A-Za-z]*O.+$/.test(arg)) output = arg.slice(arg.indexOf('O') + 1);
    }
  }
  if (output !== undefined) return output === '-' ? undefined : output;
  if (url !== undefined && (remoteName || name === 'wget')) {
    const path = url.replace(/[?#].*$/, '');
    const file = basename(path);
    return file || undefined;
  }
  return undefined;
}

function sameFile(a: string, b: string): boolean {
  const strip = (path: string) => path.replace(/^\.\//, '');
  return strip(a) === strip(b) || (!a.includes('/') && basename(b) === a) || (!b.includes('/') && basename(a) === b);
}

/** Reads a script. The tree is freed before this returns; only plain data leaves. */
export async function analyzeShell(script: string): Promise<ShellFacts> {
  return withSyntaxTree('bash', script, (root) => {
    const commands: ShellCommand[] = [];
    const executions: DownloadExecution[] = [];
    /** Files written by a download, in script order, and whether a verifier ran after. */
    const downloads: { file: string; downloader: string; verified: boolean }[] = [];
    const report = (how: DownloadExecution['how'], downloader: string, interpreter: string, node: SyntaxNode) =>
      executions.push({ how, downloader, interpreter, range: rangeOf(node), text: textOf(node, script, MAX_TEXT) });

    // Walk in source order (pre-order, left to right) with an explicit stack.
    // Parents ride along: tree-sitter's node.parent walks down from the root, quadratic on deep nesting.
    const stack: [SyntaxNode, SyntaxNode | undefined][] = [[root, undefined]];
    while (stack.length > 0) {
      const [node, parent] = stack.pop()!;
      if (node.type === 'pipeline') {
        const parts = node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'comment');
        let downloader: string | undefined;
        for (const part of parts) {
          const command = part.type === 'command' ? part : part.type === 'redirected_statement' ? part.childForFieldName('body') : null;
          const words = command?.type === 'command' ? effectiveWords(command, script).words : [];
          const name = words[0];
          if (downloader && name && isInterpreter(name) && programSource(name, words.slice(1)).kind === 'stdin') {
            report('pipe', downloader, name, node);
            break;
          }
          downloader ??= name && DOWNLOADERS.has(name) ? name : part.type === 'subshell' || part.type === 'compound_statement' ? downloaderIn(part, script) : undefined;
        }
      } else if (node.type === 'command') {
        const { words, nodes, program } = effectiveWords(node, script);
        const name = words[0];
        if (name) {
          commands.push({ name, args: words.slice(1), range: rangeOf(node), text: textOf(node, script, MAX_TEXT) });
          const redirects = [
            ...node.childrenForFieldName('redirect'),
            ...(parent?.type === 'redirected_statement' ? parent.childrenForFieldName('redirect') : []),
          ].filter((r): r is SyntaxNode => r !== null);
          if (isInterpreter(name) || name === 'eval' || name === 'source' || name === '.') {
            let carriers: SyntaxNode[] = [];
            if (name === 'eval') carriers = nodes.slice(1);
            else if (name === 'source' || name === '.') carriers = nodes.slice(1, 2);
            else {
              const source = programSource(name, words.slice(1));
              if (source.kind === 'string' || source.kind === 'file') carriers = [nodes[source.index + 1]!].filter(Boolean);
              if (source.kind === 'stdin') carriers = redirects.filter((r) => r.type === 'herestring_redirect' || (r.type === 'file_redirect' && textOf(r, script, 8).startsWith('<')));
            }
            for (const carrier of carriers) {
              for (const substitution of substitutionsIn(carrier, COMMAND_SUBSTITUTION)) {
                const downloader = downloaderIn(substitution, script);
                if (downloader) {
                  report(substitution.type === 'process_substitution' ? 'process-substitution' : 'command-substitution', downloader, name, node);
                  break;
                }
              }
            }
            // A downloaded file run as a script.
            const source = isInterpreter(name) ? programSource(name, words.slice(1)) : name === 'source' || name === '.' ? { kind: 'file' as const, index: 0 } : undefined;
            if (source?.kind === 'file') runDownloaded(words[source.index + 1], name, node);
          } else if (VERIFIERS.test(name)) {
            if (name !== 'openssl' || words.includes('dgst')) for (const download of downloads) download.verified = true;
          } else if (DOWNLOADERS.has(name)) {
            const redirect = redirects.find((r) => r.type === 'file_redirect' && /^>/.test(textOf(r, script, 8).replace(/^\d+/, '')));
            const destination = redirect?.childForFieldName('destination');
            const file = downloadTarget(words, destination ? literal(destination, script) : undefined);
            if (file) downloads.push({ file, downloader: name, verified: false });
          } else if (program?.includes('/')) {
            // ./install.sh after chmod +x
            runDownloaded(program, '', node);
          }
        }
      }
      const children = node.namedChildren;
      for (let k = children.length - 1; k >= 0; k--) {
        const child = children[k];
        if (child) stack.push([child, node]);
      }
    }

    function runDownloaded(file: string | undefined, interpreter: string, node: SyntaxNode): void {
      if (file === undefined) return;
      for (let k = downloads.length - 1; k >= 0; k--) {
        const download = downloads[k]!;
        if (!sameFile(download.file, file)) continue;
        if (!download.verified) report('downloaded-file', download.downloader, interpreter, node);
        return;
      }
    }

    return { commands, executions, syntaxError: root.hasError };
  });
}
