/**
 * @module Whether an archive entry's path, or a link's target, would land outside the folder it is extracted
 * into (zip slip, CVE-2007-4559 for tar). Backslashes count as separators: Windows extractors split on them.
 */

/** Why `name` escapes the extraction folder, or undefined when it stays inside. */
export function escapingPathReason(name: string): string | undefined {
  const path = name.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(path)) return 'it starts with a drive letter';
  if (path.startsWith('/')) return 'it is an absolute path';
  if (climbsOut([], path)) return name.includes('\\') ? 'its ".." segments (with backslashes) climb out of the folder' : 'its ".." segments climb out of the folder';
  return undefined;
}

/**
 * Why a link entry escapes: a symbolic link resolves against the folder of the entry, a hard link (tar) against
 * the archive root.
 */
export function escapingLinkReason(entryName: string, target: string, kind: 'symlink' | 'hardlink'): string | undefined {
  const path = target.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(path)) return `its target "${target}" starts with a drive letter`;
  if (path.startsWith('/')) return `its target "${target}" is an absolute path`;
  const base = kind === 'symlink' ? segments(entryName.replace(/\\/g, '/')).slice(0, -1) : [];
  return climbsOut(base, path) ? `its target "${target}" resolves outside the folder` : undefined;
}

function segments(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

function climbsOut(base: readonly string[], path: string): boolean {
  let depth = base.length;
  for (const part of segments(path)) {
    depth += part === '..' ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

interface LinkNode {
  link?: string;
  readonly children: Map<string, LinkNode>;
}

/**
 * Link entries seen so far, as a tree of path segments, to find entries written through one (`link/x` after
 * `link -> /etc`). A lookup costs one step per segment of the entry's name, however many links there are.
 */
export class LinkPaths {
  private readonly root: LinkNode = { children: new Map() };
  private count = 0;

  add(entryName: string): void {
    let node = this.root;
    for (const part of segments(entryName.replace(/\\/g, '/'))) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = { children: new Map() }));
      node = child;
    }
    node.link ??= entryName;
    this.count++;
  }

  /** The link among the entry's parent folders, if any. */
  through(entryName: string): string | undefined {
    if (this.count === 0) return undefined;
    const parts = segments(entryName.replace(/\\/g, '/'));
    let node = this.root;
    for (let i = 0; i < parts.length - 1; i++) {
      const child = node.children.get(parts[i]!);
      if (!child) return undefined;
      if (child.link !== undefined) return child.link;
      node = child;
    }
    return undefined;
  }
}

/** The path as an extractor would create it: separators normalised, `.` and empty segments dropped. */
export function normalisedPath(name: string): string {
  return segments(name.replace(/\\/g, '/')).join('/');
}
