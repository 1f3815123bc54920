/**
 * @module What an MCP server entry runs, read from `command` and `args` the way a client spawns it, with the
 * usual wrappers (`cmd /c`, `env`, `sudo`, `bash -c "..."`) looked through, and which package a runner such as
 * npx or uvx fetches.
 */
import type { Located, McpServer } from './config.js';

/** A command's program name: path and `.exe`/`.cmd` dropped, lower-cased. */
export function programName(command: string): string {
  const base = command.trim().replace(/^["']|["']$/g, '').split(/[/\\]/).pop() ?? '';
  return base.toLowerCase().replace(/\.(?:exe|cmd|bat|ps1)$/, '');
}

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'csh', 'tcsh', 'cmd', 'powershell', 'pwsh']);
export const ELEVATORS = new Set(['sudo', 'doas', 'su', 'runas', 'gsudo', 'pkexec']);

export interface Invocation {
  readonly program: string;
  readonly argv: readonly Located[];
  /** The `command` value (or the shell string) the program came from, for positions. */
  readonly origin: Located;
}

/**
 * The command as the client spawns it: `command` is usually one program, but some configurations put a whole
 * command line in it (`"command": "npx -y pkg"`), which some clients split on spaces.
 */
export function invocation(server: McpServer): Invocation | undefined {
  if (!server.command) return undefined;
  const value = server.command.value.trim();
  // A Windows path with spaces in its folders (C:\Program Files\nodejs\npx.cmd) is one program.
  const lastSeparator = Math.max(value.lastIndexOf('/'), value.lastIndexOf('\\'));
  if (/^[A-Za-z]:[\\/]/.test(value) && !/\s/.test(value.slice(lastSeparator))) return { program: programName(value), argv: server.args, origin: server.command };
  const words = value.split(/\s+/);
  const inline = words.slice(1).map((word) => ({ value: word, position: server.command!.position }));
  return { program: programName(words[0] ?? ''), argv: [...inline, ...server.args], origin: server.command };
}

const SHELL_METACHARACTERS = /[&|;<>`$^%()]/;
const MAX_UNWRAP = 4;

/**
 * Looks through wrappers to the program that serves MCP: `cmd /c npx ...`, `env VAR=1 uvx ...`, `sudo docker ...`,
 * `bash -c "npx -y pkg"` (split on spaces, positioned at the string). Returns each layer, outermost first.
 */
export function layers(server: McpServer): Invocation[] {
  const first = invocation(server);
  if (!first) return [];
  const result: Invocation[] = [first];
  let current = first;
  for (let depth = 0; depth < MAX_UNWRAP; depth++) {
    const next = unwrap(current);
    if (!next) break;
    result.push(next);
    current = next;
  }
  return result;
}

function fromWords(located: Located, origin: Located): Invocation | undefined {
  const words = located.value.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return undefined;
  return { program: programName(words[0]!), argv: words.slice(1).map((value) => ({ value, position: located.position })), origin };
}

function unwrap(layer: Invocation): Invocation | undefined {
  const { program, argv } = layer;
  const rest = (index: number): Invocation | undefined => (argv[index] ? { program: programName(argv[index]!.value), argv: argv.slice(index + 1), origin: argv[index]! } : undefined);
  if (program === 'cmd') {
    const c = argv.findIndex((arg) => /^\/[ck]$/i.test(arg.value));
    if (c < 0) return undefined;
    if (argv.length === c + 2 && /\s/.test(argv[c + 1]!.value)) return fromWords(argv[c + 1]!, argv[c + 1]!);
    return rest(c + 1);
  }
  if (SHELLS.has(program)) {
    const c = argv.findIndex((arg) => /^-\w*c$/.test(arg.value) || /^-(?:command|c)$/i.test(arg.value));
    if (c < 0 || !argv[c + 1]) return undefined;
    return fromWords(argv[c + 1]!, argv[c + 1]!);
  }
  if (program === 'wsl') {
    // wsl [-d distro] [-u user] [--cd dir] [-e | --exec | --] program args
    for (let i = 0; i < argv.length; i++) {
      const value = argv[i]!.value;
      if (/^(?:-d|--distribution|-u|--user|--cd)$/.test(value)) i++;
      else if (!/^(?:-e|--exec|--)$/.test(value) && !value.startsWith('-')) return rest(i);
    }
    return undefined;
  }
  if (program === 'env') {
    const index = argv.findIndex((arg) => !arg.value.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg.value));
    return index < 0 ? undefined : rest(index);
  }
  if (ELEVATORS.has(program)) {
    const index = argv.findIndex((arg) => !arg.value.startsWith('-'));
    return index < 0 ? undefined : rest(index);
  }
  return undefined;
}

/** Whether `cmd /c prog args` only starts a program (nothing for the shell to interpret). */
export function isPlainCmdLaunch(layer: Invocation): boolean {
  if (layer.program !== 'cmd') return false;
  const c = layer.argv.findIndex((arg) => /^\/[ck]$/i.test(arg.value));
  if (c < 0 || !layer.argv[c + 1]) return false;
  return layer.argv.slice(c + 1).every((arg) => !SHELL_METACHARACTERS.test(arg.value) && !/\s/.test(arg.value));
}

export type PackageKind = 'npm' | 'python' | 'docker';

export interface PackageRun {
  readonly runner: string;
  readonly kind: PackageKind;
  readonly spec: Located;
  /** The arguments after the package: a filesystem server's allowed roots, say. */
  readonly rest: readonly Located[];
  /** The arguments before the package (runner flags); docker options live here. */
  readonly options: readonly Located[];
}

/** Runner flags that take the next argument as their value. */
const VALUE_FLAGS: Readonly<Record<PackageKind, ReadonlySet<string>>> = {
  npm: new Set(['-p', '--package', '-c', '--call', '--registry', '--cache', '--userconfig', '-w', '--workspace']),
  python: new Set(['--from', '--with', '--with-editable', '--with-requirements', '--python', '-p', '--index', '--index-url', '--extra-index-url', '--default-index', '--spec', '--pip-args', '--python-preference', '--cache-dir', '-c', '--constraint', '--directory']),
  docker: new Set([
    '-e', '--env', '--env-file', '-v', '--volume', '--mount', '--name', '--network', '--net', '-p', '--publish', '-w', '--workdir', '-u', '--user', '--entrypoint',
    '-l', '--label', '--platform', '--cpus', '-m', '--memory', '--add-host', '--cap-add', '--cap-drop', '--device', '--pull', '--restart', '-h', '--hostname',
    '--dns', '--security-opt', '--tmpfs', '--ulimit', '--shm-size', '--runtime', '--gpus', '--ipc', '--pid', '--log-driver', '--log-opt', '--expose', '--group-add',
    '--stop-signal', '--stop-timeout', '--userns', '--uts', '--cgroupns', '--label-file', '--volumes-from', '--link', '--mac-address', '--ip', '--ip6',
  ]),
};

/** The flag that names the package explicitly, for runners where the positional is only a command name. */
const PACKAGE_FLAGS = new Set(['-p', '--package', '--from', '--spec']);

function runnerOf(layer: Invocation): { runner: string; kind: PackageKind; start: number } | undefined {
  const { program, argv } = layer;
  const sub = argv[0]?.value;
  if (program === 'npx' || program === 'bunx' || program === 'pnpx') return { runner: program, kind: 'npm', start: 0 };
  if ((program === 'pnpm' || program === 'yarn') && sub === 'dlx') return { runner: `${program} dlx`, kind: 'npm', start: 1 };
  if (program === 'npm' && (sub === 'exec' || sub === 'x')) return { runner: `npm ${sub}`, kind: 'npm', start: 1 };
  if (program === 'bun' && sub === 'x') return { runner: 'bun x', kind: 'npm', start: 1 };
  if (program === 'uvx') return { runner: 'uvx', kind: 'python', start: 0 };
  if (program === 'uv' && sub === 'tool' && argv[1]?.value === 'run') return { runner: 'uv tool run', kind: 'python', start: 2 };
  if (program === 'pipx' && sub === 'run') return { runner: 'pipx run', kind: 'python', start: 1 };
  if ((program === 'docker' || program === 'podman') && sub === 'run') return { runner: `${program} run`, kind: 'docker', start: 1 };
  if ((program === 'docker' || program === 'podman') && sub === 'container' && argv[1]?.value === 'run') return { runner: `${program} container run`, kind: 'docker', start: 2 };
  return undefined;
}

/** The package a runner fetches and starts, if the layer is such a runner. */
export function packageRun(layer: Invocation): PackageRun | undefined {
  const runner = runnerOf(layer);
  if (!runner) return undefined;
  const { argv } = layer;
  let explicit: Located | undefined;
  for (let i = runner.start; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg.value;
    if (value === '--') {
      const spec = explicit ?? argv[i + 1];
      return spec ? { runner: runner.runner, kind: runner.kind, spec, rest: argv.slice(i + 2), options: argv.slice(runner.start, i) } : undefined;
    }
    if (value.startsWith('-')) {
      const eq = value.indexOf('=');
      const flag = eq >= 0 ? value.slice(0, eq) : value;
      if (PACKAGE_FLAGS.has(flag) && runner.kind !== 'docker') {
        const packageValue = eq >= 0 ? { value: value.slice(eq + 1), position: arg.position } : argv[i + 1];
        explicit ??= packageValue;
      }
      if (eq < 0 && VALUE_FLAGS[runner.kind].has(flag)) i++;
      continue;
    }
    return { runner: runner.runner, kind: runner.kind, spec: explicit ?? arg, rest: argv.slice(i + 1), options: argv.slice(runner.start, i) };
  }
  return explicit ? { runner: runner.runner, kind: runner.kind, spec: explicit, rest: [], options: argv.slice(runner.start) } : undefined;
}

export function packageRuns(server: McpServer): PackageRun[] {
  return layers(server).flatMap((layer) => packageRun(layer) ?? []);
}

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const FULL_COMMIT = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;
const MUTABLE_TAGS = new Set(['latest', 'main', 'master', 'edge', 'nightly', 'dev', 'develop', 'stable', 'next', 'beta', 'alpha', 'canary', 'rc', 'head']);

function isLocal(spec: string): boolean {
  return /^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\]|file:)/i.test(spec);
}

/** Why a package spec does not name one release (or one image digest); undefined when it does, or is local. */
export function unpinnedReason(kind: PackageKind, spec: string): string | undefined {
  if (spec === '' || isLocal(spec)) return undefined;
  if (kind === 'docker') {
    if (/@sha256:[0-9a-f]{64}$/i.test(spec)) return undefined;
    const lastSlash = spec.lastIndexOf('/');
    const colon = spec.indexOf(':', lastSlash + 1);
    if (colon < 0) return 'has no tag, so Docker runs whatever "latest" points to';
    const tag = spec.slice(colon + 1);
    return MUTABLE_TAGS.has(tag.toLowerCase()) ? `uses the moving tag "${tag}"` : undefined;
  }
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:|https?:\/\/.*\.git(?:[#@]|$))/i.test(spec) || (kind === 'npm' && /^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(spec) && !spec.startsWith('@'))) {
    const ref = /[#@]([^#@/]+)$/.exec(spec.replace(/^[a-z+]+:\/\/[^/]*/i, ''))?.[1];
    if (ref && FULL_COMMIT.test(ref)) return undefined;
    return ref ? `comes from a repository at "${ref}", a branch or tag, not a full commit` : 'comes from a repository without a commit, so it runs whatever the default branch holds';
  }
  if (/^https?:\/\//i.test(spec)) return undefined; // a tarball or wheel URL: one file
  if (kind === 'npm') {
    const body = spec.replace(/^npm:/, '');
    const at = body.indexOf('@', body.startsWith('@') ? 1 : 0);
    if (at < 0) return 'has no version, so every start fetches the newest release';
    const version = body.slice(at + 1);
    return EXACT_SEMVER.test(version) ? undefined : version === 'latest' ? 'asks for "@latest", so every start fetches the newest release' : `asks for "@${version}", a range or tag, so a newer release is fetched without review`;
  }
  const exact = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*(?:===?\s*([^\s,;*]+)|@([^\s@]+))$/.exec(spec);
  if (exact) {
    const version = exact[1] ?? exact[2]!;
    if (exact[1] !== undefined || /^\d[\w.+!-]*$/.test(version)) return undefined;
    return version === 'latest' ? 'asks for "@latest", so every start fetches the newest release' : `asks for "@${version}", not an exact version`;
  }
  if (/[<>~!]=?|,/.test(spec) || /==.*\*/.test(spec)) return `gives a version range (${spec}), so a newer release is fetched without review`;
  return 'has no version, so every start fetches the newest release';
}
