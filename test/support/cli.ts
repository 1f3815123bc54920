/** Runs the built CLI (dist/cli.js) as a separate process, as users do. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

/**
 * Whether file permissions can be made to bite: always for an ordinary user; for root, only by dropping the
 * capabilities that let root read anything (util-linux setpriv).
 */
export const PERMISSIONS_ENFORCEABLE = process.getuid?.() !== 0 || SETPRIV !== undefined;

export interface CliOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run without the capabilities that bypass file permissions, so a chmod 000 file is really unreadable. */
  readonly obeyPermissions?: boolean;
}

export function runCli(args: readonly string[], options: CliOptions = {}): CliResult {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first (npm test does)');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const command = [process.execPath, CLI, ...args];
  if (options.obeyPermissions && process.getuid?.() === 0) {
    if (!SETPRIV) throw new Error('running as root without setpriv: permissions cannot be enforced (check PERMISSIONS_ENFORCEABLE)');
    command.unshift(SETPRIV, '--bounding-set', '-dac_override,-dac_read_search', '--');
  }
  const result = spawnSync(command[0]!, command.slice(1), {
    cwd: options.cwd ?? process.cwd(),
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
