/**
 * @module A small pip requirements-file reader: enough of pip's line format (continuations, comments, options,
 * PEP 508 specifiers, direct URLs and VCS links) to tell which requirements are pinned to one release or one
 * commit, and which carry `--hash` values. It never follows `-r`/`-c` includes and never touches the network.
 */

/** Why a requirement is not pinned to exactly one artifact; absent when it is. */
export type Unpinned =
  | { readonly kind: 'no-specifier' }
  | { readonly kind: 'range'; readonly specifier: string }
  | { readonly kind: 'wildcard'; readonly specifier: string }
  | { readonly kind: 'vcs-without-ref' }
  | { readonly kind: 'vcs-mutable-ref'; readonly ref: string }
  | { readonly kind: 'archive-of-branch'; readonly ref: string };

export interface Requirement {
  /** The project name, when the line names one (`name @ url`, `name==1.0`, `#egg=name`). */
  readonly name?: string;
  /** The requirement as written, without markers and per-line options; URL credentials masked. */
  readonly spec: string;
  readonly editable: boolean;
  /** Absent when pinned. */
  readonly unpinned?: Unpinned;
  /** `--hash` options on the line, plus a `#sha256=` URL fragment. */
  readonly hashes: number;
  /** 1-based; the first physical line of a continued line. */
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

export interface RequirementsFile {
  readonly requirements: readonly Requirement[];
  /** `-r`/`-c` includes, for messages. */
  readonly includes: readonly string[];
  /** Lines that could not be read as a requirement or an option. */
  readonly unreadable: number;
  /** Local paths and `file:` links (`-e .`, `./libs/core`): not fetched from an index, not judged. */
  readonly local: number;
}

/** Options that take a value as the next token when written without `=`. */
const OPTIONS_WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '--trusted-host', '--no-binary', '--only-binary', '--use-feature', '--global-option',
  '--config-settings', '--hash', '--install-option',
]);

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*/;
const CLAUSE = /^\s*(===|==|~=|!=|<=|>=|<|>)\s*([^\s,;]+)\s*$/;
const FULL_COMMIT = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;
const ARCHIVE_REF = /\/(?:archive\/(?:refs\/(?:heads|tags)\/)?|zipball\/|tarball\/|-\/archive\/)([^/?#]+?)(?:\.zip|\.tar\.gz|\.tgz|\.tar\.bz2)?(?:[/?#]|$)/i;

/** Hides URL credentials (`https://user:token@host`, `https://token@host`); `git@` stays as it is harmless. */
export function maskUrlCredentials(text: string): string {
  return text.replace(/(\/\/)([^/@\s]+)@/g, (whole, slashes: string, userinfo: string) => {
    if (userinfo === 'git') return whole;
    const colon = userinfo.indexOf(':');
    return colon >= 0 ? `${slashes}${userinfo.slice(0, colon)}:****@` : `${slashes}****@`;
  });
}

/** Physical lines joined where pip joins them: a trailing backslash continues, except on a comment line. */
interface LogicalLine {
  readonly text: string;
  readonly line: number;
  /** Where the first physical line ends inside `text`. */
  readonly firstLineEnd: number;
}

function logicalLines(text: string): LogicalLine[] {
  const physical = text.split(/\r\n|\r|\n/);
  const result: LogicalLine[] = [];
  let pending: string[] = [];
  let start = 0;
  physical.forEach((raw, index) => {
    const isComment = /^\s*#/.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      if (pending.length === 0) start = index;
      pending.push(raw.slice(0, -1));
      return;
    }
    if (pending.length > 0) {
      const first = physical[start]!;
      pending.push(isComment ? ' ' + raw : raw);
      result.push({ text: pending.join(''), line: start + 1, firstLineEnd: first.length - 1 });
      pending = [];
    } else {
      result.push({ text: raw, line: index + 1, firstLineEnd: raw.length });
    }
  });
  if (pending.length > 0) result.push({ text: pending.join(''), line: start + 1, firstLineEnd: physical[start]!.length - 1 });
  return result;
}

/** pip's comment rule: `#` at the start of the line or after whitespace (so `#egg=` in a URL is kept). */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function isLocalReference(target: string): boolean {
  return (
    /^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\]|file:)/i.test(target) ||
    (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target) && (/[/\\]/.test(target) || /\.(?:whl|tar\.gz|zip|tar\.bz2|tgz)$/i.test(target)))
  );
}

function eggName(url: string): string | undefined {
  return /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url)?.[1];
}

/** Judges a URL requirement: VCS links need a full commit, forge archives of a branch or tag are mutable. */
function judgeUrl(url: string): { unpinned?: Unpinned; hashes: number } {
  const hashes = /#(?:.*&)?(?:sha256|sha384|sha512)=[0-9a-f]+/i.test(url) ? 1 : 0;
  const withoutFragment = url.split('#')[0]!;
  if (/^(?:git|hg|svn|bzr)\+|^git:\/\//i.test(url)) {
    const afterScheme = withoutFragment.replace(/^[^:]+:\/\//, '');
    const slash = afterScheme.indexOf('/');
    const path = slash >= 0 ? afterScheme.slice(slash) : '';
    const at = path.lastIndexOf('@');
    if (at < 0) return { unpinned: { kind: 'vcs-without-ref' }, hashes };
    const ref = path.slice(at + 1);
    return FULL_COMMIT.test(ref) ? { hashes } : { unpinned: { kind: 'vcs-mutable-ref', ref }, hashes };
  }
  const archive = ARCHIVE_REF.exec(withoutFragment);
  if (archive && !FULL_COMMIT.test(archive[1]!) && hashes === 0) return { unpinned: { kind: 'archive-of-branch', ref: archive[1]! }, hashes };
  return { hashes };
}

/** Judges `name[extras] specifiers` (markers already removed). */
function judgeSpecifiers(rest: string): Unpinned | undefined {
  const specifiers = rest.replace(/^\(\s*|\s*\)$/g, '').trim();
  if (specifiers === '') return { kind: 'no-specifier' };
  const clauses = specifiers.split(',').map((clause) => CLAUSE.exec(clause));
  if (clauses.some((clause) => clause === null)) return { kind: 'range', specifier: specifiers };
  for (const clause of clauses) {
    const [, op, version] = clause!;
    if (op === '===') return undefined;
    if (op === '==' && !version!.includes('*')) return undefined;
  }
  if (clauses.some((clause) => clause![1] === '==')) return { kind: 'wildcard', specifier: specifiers };
  return { kind: 'range', specifier: specifiers };
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter((token) => token !== '');
}

export function parseRequirements(text: string): RequirementsFile {
  const requirements: Requirement[] = [];
  const includes: string[] = [];
  let unreadable = 0;
  let local = 0;
  for (const logical of logicalLines(text)) {
    const content = stripComment(logical.text);
    const trimmed = content.trim();
    if (trimmed === '') continue;
    const leading = content.length - content.trimStart().length;
    const words = tokens(trimmed);
    let editable = false;
    let requirementText: string;
    let optionWords: string[];
    if (trimmed.startsWith('-')) {
      const first = words[0]!;
      const [flag, attached] = first.startsWith('--') ? [first.split('=')[0]!, first.includes('=') ? first.slice(first.indexOf('=') + 1) : undefined] : [first.slice(0, 2), first.length > 2 ? first.slice(2) : undefined];
      const value = attached ?? (OPTIONS_WITH_VALUE.has(flag) ? words[1] : undefined);
      if (flag === '-r' || flag === '--requirement' || flag === '-c' || flag === '--constraint') {
        if (value !== undefined) includes.push(value);
        continue;
      }
      if (flag !== '-e' && flag !== '--editable') continue; // a global option: index, find-links, --pre, ...
      if (value === undefined) {
        unreadable++;
        continue;
      }
      editable = true;
      requirementText = value;
      optionWords = words.slice(attached === undefined ? 2 : 1);
    } else {
      const firstOption = words.findIndex((word) => word.startsWith('-'));
      requirementText = (firstOption < 0 ? words : words.slice(0, firstOption)).join(' ');
      optionWords = firstOption < 0 ? [] : words.slice(firstOption);
    }
    const optionHashes = optionWords.filter((word, i) => word.startsWith('--hash=') || (word === '--hash' && optionWords[i + 1] !== undefined)).length;

    // Markers: after `;` for names, after `; ` for URLs (which may hold a `;` of their own).
    const isUrlish = /:\/\/|^[a-z]+\+/i.test(requirementText);
    const markerAt = isUrlish ? requirementText.search(/\s;|;\s/) : requirementText.indexOf(';');
    const spec = (markerAt >= 0 ? requirementText.slice(0, markerAt) : requirementText).trim();
    if (spec === '') {
      unreadable++;
      continue;
    }

    const position = () => {
      const found = logical.text.indexOf(spec);
      const start = found >= 0 ? found : leading;
      const end = found >= 0 ? Math.min(found + spec.length, logical.firstLineEnd) : logical.firstLineEnd;
      return { line: logical.line, column: start + 1, endColumn: Math.max(start + 1, end + 1) };
    };

    let name: string | undefined;
    let unpinned: Unpinned | undefined;
    let hashes = optionHashes;
    const named = NAME.exec(spec);
    const direct = named && spec.slice(named[0].length).startsWith('@') ? spec.slice(named[0].length + 1).trim() : undefined;
    if (direct !== undefined || !named || isLocalReference(spec) || /:\/\//.test(spec) || /^[a-z]+\+/i.test(spec)) {
      const target = direct ?? spec;
      if (isLocalReference(target)) {
        local++;
        continue;
      }
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        unreadable++;
        continue;
      }
      name = direct !== undefined ? named![1] : eggName(target);
      const judged = judgeUrl(target);
      unpinned = judged.unpinned;
      hashes += judged.hashes;
    } else {
      name = named[1];
      const rest = spec.slice(named[0].length);
      if (rest !== '' && !/^[<>=!~(]/.test(rest)) {
        unreadable++;
        continue;
      }
      unpinned = judgeSpecifiers(rest);
    }
    requirements.push({
      ...(name === undefined ? {} : { name }),
      spec: maskUrlCredentials(spec),
      editable,
      ...(unpinned === undefined ? {} : { unpinned }),
      hashes,
      ...position(),
    });
  }
  return { requirements, includes, unreadable, local };
}

/** A requirement's problem in words, for messages. */
export function describeUnpinned(unpinned: Unpinned): string {
  switch (unpinned.kind) {
    case 'no-specifier':
      return 'has no version specifier, so any release can be installed';
    case 'range':
      return `allows a range of releases (${unpinned.specifier}), so a newer release is installed without review`;
    case 'wildcard':
      return `matches several releases (${unpinned.specifier}), so a newer release is installed without review`;
    case 'vcs-without-ref':
      return 'installs from a VCS link without a revision, so it takes whatever the default branch holds at install time';
    case 'vcs-mutable-ref':
      return `installs from a VCS link at "${unpinned.ref}", a branch or tag that can be moved, not a full commit hash`;
    case 'archive-of-branch':
      return `downloads a source archive of "${unpinned.ref}", a branch or tag whose content can change, with no hash`;
  }
}
