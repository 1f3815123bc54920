import type { Located } from '../config.js';
import { packageRuns } from '../command.js';
import type { McpRule } from '../rule.js';

/** A whole disk, every home folder, or the user's own home: what a filesystem server should never be given. */
export function broadRoot(path: string): string | undefined {
  const value = path.trim().replace(/^["']|["']$/g, '');
  const unix = value.replace(/\/+$/, '') || (value.startsWith('/') ? '/' : '');
  if (unix === '/' || /^\/\/?$/.test(value)) return 'the whole filesystem';
  if (/^(?:~|\$HOME|\$\{HOME\}|\$\{env:(?:HOME|USERPROFILE)\}|\$\{userHome\}|%USERPROFILE%|%HOMEDRIVE%%HOMEPATH%|%HOMEPATH%)$/i.test(unix.replace(/[\\/]+$/, ''))) return 'the user\'s whole home folder';
  if (/^\/(?:home|Users)(?:\/[^/]+)?$/.test(unix) || /^\/(?:root|var\/root)$/.test(unix)) return 'a whole home folder';
  if (/^\/mnt\/[a-z]$/i.test(unix)) return 'a whole Windows drive';
  const windows = value.replace(/[\\/]+$/, '');
  if (/^[A-Za-z]:$/.test(windows)) return 'a whole drive';
  if (/^[A-Za-z]:[\\/]Users(?:[\\/][^\\/]+)?$/i.test(windows)) return 'a whole home folder';
  return undefined;
}

const DOCKER_SOCKET = /^\/{1,2}(?:var\/)?run\/docker\.sock$|^\\\\\.\\pipe\\docker_engine$|^\/\/\.\/pipe\/docker_engine$/;

/** The host side of a docker volume (`-v SRC:DST[:opts]`) or bind mount (`--mount type=bind,src=SRC,...`). */
function mountSource(flag: string, value: string): string | undefined {
  if (flag === '--mount') return /(?:^|,)(?:source|src)=([^,]+)/.exec(value)?.[1];
  const match = /^((?:[A-Za-z]:)?[^:]*):/.exec(value);
  return match?.[1];
}

function dockerMounts(options: readonly Located[]): { source: string; arg: Located }[] {
  const mounts: { source: string; arg: Located }[] = [];
  for (let i = 0; i < options.length; i++) {
    const text = options[i]!.value;
    const eq = text.indexOf('=');
    const flag = text.startsWith('--') && eq > 0 ? text.slice(0, eq) : text;
    if (flag !== '-v' && flag !== '--volume' && flag !== '--mount') continue;
    const arg = flag === text ? options[i + 1] : { value: text.slice(eq + 1), position: options[i]!.position };
    if (flag === text) i++;
    const source = arg ? mountSource(flag, arg.value) : undefined;
    if (arg && source !== undefined) mounts.push({ source, arg });
  }
  return mounts;
}

export const broadFilesystemAccess: McpRule = {
  meta: {
    id: 'mcp-config/broad-filesystem-access',
    title: 'MCP server given the whole disk or home folder',
    severity: 'high',
    principle: '3.1',
    references: { cwe: ['CWE-732', 'CWE-250'], owaspLlm: ['LLM06:2025'], atlas: ['AML.T0053', 'AML.T0086'] },
    description:
      'A filesystem MCP server reads and writes whatever lies under the folders it is given, on the model\'s request. Given /, a drive or a home folder, one prompt injection (from a web page, an issue or a document the agent reads) can make the agent read SSH keys, cloud credentials and browser data and send them out through another tool, or rewrite shell start-up files. Mounting / or the Docker socket into a server container gives the same reach, and the socket gives root on the host.',
    fix: 'Give the server only the project or data folders it needs (for example "/Users/me/projects/app/docs"), read-only where the client allows, and never the Docker socket; for containers, mount those folders alone (-v "$PWD/docs:/docs:ro").',
  },
  check(server, report) {
    for (const run of packageRuns(server)) {
      if (run.kind === 'docker') {
        for (const mount of dockerMounts(run.options)) {
          const reach = DOCKER_SOCKET.test(mount.source) ? 'the Docker socket, which gives root on the host' : broadRoot(mount.source);
          if (!reach) continue;
          report({ message: `MCP server "${server.name}" mounts ${reach} (${mount.source}) into its container: the server, and a model steered by prompt injection, can reach all of it.`, evidence: `${run.runner} -v ${mount.arg.value}`, position: mount.arg.position });
        }
      }
      if (!/filesystem|file-system|\bfs\b/i.test(run.spec.value)) continue;
      for (const arg of run.rest) {
        const candidate = arg.value.replace(/^--[\w-]+=/, '');
        const reach = broadRoot(candidate);
        if (!reach) continue;
        report({ message: `Filesystem MCP server "${server.name}" may read and write ${reach} (${candidate}): a prompt injection can make the agent reach SSH keys, credentials and every other file there.`, evidence: `${run.spec.value} ${arg.value}`, position: arg.position });
      }
    }
  },
};
