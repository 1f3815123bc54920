/**
 * @module Hash manifests kept beside models: `sha256sum` output (`<64 hex>  name`, or ` *name` in binary mode),
 * the BSD form (`SHA256 (name) = <64 hex>`), and a bare digest in `<file>.sha256`. Read line by line, with caps
 * on entries and name length; names are kept only when they stay inside the manifest's folder.
 */

export interface HashEntry {
  /** '/'-separated, relative to the manifest's folder, without a leading `./`. */
  readonly name: string;
  /** Lower-case hex SHA-256. */
  readonly digest: string;
}

export interface HashManifest {
  readonly entries: readonly HashEntry[];
  /** Lines that are neither an entry, a comment nor blank. */
  readonly malformed: number;
  /** Entries whose name leaves the folder (absolute, `..`) or is unreadable: never hashed. */
  readonly unsafe: number;
  /** More entries than {@link MAX_ENTRIES}: the rest were not read. */
  readonly truncated: boolean;
}

export const MAX_ENTRIES = 10_000;
const MAX_NAME = 1000;

/** File names that are hash manifests. */
export function isHashManifestName(name: string): boolean {
  return /^(?:sha256sums?|checksums?)(?:\.txt|\.sha256)?$/i.test(name) || /^[^/\\]+\.sha256$/i.test(name);
}

const GNU = /^\\?([0-9a-fA-F]{64})\s[ *]?(.+)$/;
const BSD = /^\\?SHA256\s*\((.+)\)\s*=\s*([0-9a-fA-F]{64})$/;
const BARE = /^([0-9a-fA-F]{64})$/;

/** GNU coreutils escapes a name holding a backslash or a newline, and marks the line with a leading `\`. */
function unescapeGnu(name: string): string {
  return name.replace(/\\(\\|n)/g, (_, ch: string) => (ch === 'n' ? '\n' : '\\'));
}

/** The name relative to the manifest's folder, or undefined when it leaves it or cannot be a file name. */
export function safeName(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > MAX_NAME || /[\u0000\n\r]/.test(raw)) return undefined;
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return undefined;
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.some((part) => part === '..')) return undefined;
  return parts.join('/');
}

/**
 * Parses a hash manifest. `fileName` is the manifest's own name: a `model.bin.sha256` holding only a digest
 * names `model.bin`.
 */
export function parseHashManifest(text: string, fileName: string): HashManifest {
  const entries: HashEntry[] = [];
  let malformed = 0;
  let unsafe = 0;
  let truncated = false;
  const implied = /\.sha256$/i.test(fileName) && !/^(?:sha256sums?|checksums?)\.sha256$/i.test(fileName) ? fileName.slice(0, -'.sha256'.length) : undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (entries.length >= MAX_ENTRIES) {
      truncated = true;
      break;
    }
    let digest: string | undefined;
    let raw: string | undefined;
    const gnu = GNU.exec(line);
    const bsd = gnu ? null : BSD.exec(line);
    const bare = gnu || bsd ? null : BARE.exec(line);
    if (gnu) [digest, raw] = [gnu[1], line.startsWith('\\') ? unescapeGnu(gnu[2]!) : gnu[2]];
    else if (bsd) [raw, digest] = [bsd[1], bsd[2]];
    else if (bare && implied !== undefined) [digest, raw] = [bare[1], implied];
    if (digest === undefined || raw === undefined) {
      malformed++;
      continue;
    }
    const name = safeName(raw);
    if (name === undefined) {
      unsafe++;
      continue;
    }
    entries.push({ name, digest: digest.toLowerCase() });
  }
  return { entries, malformed, unsafe, truncated };
}
