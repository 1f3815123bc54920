/**
 * @module Conformance evidence for `model-signatures` (each folder of model files is signed or listed in a hash
 * manifest) and `model-signatures-verified` (each signature verified with signing.publicKey, each hash manifest
 * matched the files it lists, and no model folder is left out). Plain bookkeeping over paths and the outcomes the
 * analyzer's project pass computed; nothing here reads files.
 */
import type { EvidenceReport } from '../../core/evidence.js';
import { printable } from '../../lib/printable.js';

export interface SignatureOutcome {
  readonly path: string;
  /** Why it did not verify; absent when it did. */
  readonly failure?: string;
}

export interface ManifestCheck {
  readonly path: string;
  /** Entries the manifest lists. */
  readonly files: number;
  /** Listed files whose SHA-256 differs. */
  readonly changed: readonly string[];
  /** Listed files that are not regular files of the project. */
  readonly missing: readonly string[];
  /** Why the manifest could not be fully checked. */
  readonly unreadable?: string;
}

export interface SigningInput {
  /** Model files of the project (scan-root relative paths). */
  readonly models: readonly string[];
  /** Signature files. */
  readonly signatures: readonly string[];
  /** Hash manifests, with the names they list (relative to their folder). */
  readonly manifests: readonly { readonly path: string; readonly names: readonly string[] }[];
}

export interface VerifyInput {
  /** signing.publicKey as shown to the reader; absent when not configured. */
  readonly keyName?: string;
  /** One per signature, when the key is configured and they were verified. */
  readonly signatures?: readonly SignatureOutcome[];
  /** One per manifest that lists model files. */
  readonly manifests: readonly ManifestCheck[];
}

export interface SigningEvidence {
  readonly document: EvidenceReport;
  /** Manifests that list at least one model file: only those are hashed. */
  readonly relevantManifests: ReadonlySet<string>;
  verified(input: VerifyInput): EvidenceReport;
}

const MAX_ITEMS = 5;
const MAX_LINE = 295;

const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const display = (folder: string) => (folder === '' ? '.' : printable(folder, 80));
const within = (folder: string, ancestor: string) => ancestor === '' || folder === ancestor || folder.startsWith(`${ancestor}/`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** At most five items and `budget` characters, then "and N more". */
function list(items: readonly string[], budget: number, separator = ', '): string {
  let out = '';
  let shown = 0;
  for (const item of items) {
    if (shown >= MAX_ITEMS) break;
    const next = shown === 0 ? item : `${out}${separator}${item}`;
    if (shown > 0 && next.length + 14 > budget) break;
    out = next.length > budget ? `${next.slice(0, Math.max(0, budget - 1))}…` : next;
    shown++;
  }
  return items.length > shown ? `${out} and ${items.length - shown} more` : out;
}

function cap(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text;
}

/** A file as seen from a folder: its name when it is in the folder, its path otherwise. */
function relativeTo(folder: string, path: string): string {
  return printable(folderOf(path) === folder ? baseName(path) : path, 80);
}

interface Folder {
  readonly folder: string;
  readonly models: readonly string[];
  /** Signatures covering the folder (in it or above), nearest first. */
  readonly signatures: readonly string[];
  /** Manifests that list the folder's model files, when every one of them is listed. */
  readonly manifests: readonly string[];
  /** Model files no manifest lists, when some are listed. */
  readonly unlisted: readonly string[];
  readonly partialManifests: readonly string[];
}

export function signingEvidence(input: SigningInput): SigningEvidence | undefined {
  if (input.models.length === 0) return undefined;
  const listedBy = new Map<string, string>();
  const relevantManifests = new Set<string>();
  const models = new Set(input.models);
  for (const manifest of [...input.manifests].sort((a, b) => byPath(a.path, b.path))) {
    const folder = folderOf(manifest.path);
    for (const name of manifest.names) {
      const path = folder === '' ? name : `${folder}/${name}`;
      if (!models.has(path)) continue;
      relevantManifests.add(manifest.path);
      if (!listedBy.has(path)) listedBy.set(path, manifest.path);
    }
  }
  const byFolder = new Map<string, string[]>();
  for (const model of [...input.models].sort(byPath)) byFolder.set(folderOf(model), [...(byFolder.get(folderOf(model)) ?? []), model]);
  const folders: Folder[] = [...byFolder.keys()].sort(byPath).map((folder) => {
    const inFolder = byFolder.get(folder)!;
    const signatures = input.signatures.filter((sig) => within(folder, folderOf(sig))).sort((a, b) => folderOf(b).length - folderOf(a).length || byPath(a, b));
    const listed = inFolder.filter((model) => listedBy.has(model));
    const used = [...new Set(listed.map((model) => listedBy.get(model)!))].sort(byPath);
    const complete = listed.length === inFolder.length;
    return {
      folder,
      models: inFolder,
      signatures,
      manifests: complete ? used : [],
      unlisted: complete || listed.length === 0 ? [] : inFolder.filter((model) => !listedBy.has(model)),
      partialManifests: complete ? [] : used,
    };
  });
  const touched = folders.some((f) => f.signatures.length > 0 || f.manifests.length > 0 || f.partialManifests.length > 0);
  if (!touched) return undefined;

  const covered = folders.filter((f) => f.signatures.length > 0 || f.manifests.length > 0);
  const uncovered = folders.filter((f) => f.signatures.length === 0 && f.manifests.length === 0);
  const usesManifests = folders.some((f) => f.manifests.length > 0 || f.partialManifests.length > 0);
  const word = usesManifests ? 'signed or hash-listed' : 'signed';
  const coveredItems = covered.map((f) => `${display(f.folder)} (${f.signatures.length > 0 ? relativeTo(f.folder, f.signatures[0]!) : f.manifests.map((m) => relativeTo(f.folder, m)).join(', ')})`);
  const uncoveredItems = uncovered.map((f) => {
    const what = f.partialManifests.length > 0
      ? `${relativeTo(f.folder, f.partialManifests[0]!)} does not list ${list(f.unlisted.map((m) => printable(baseName(m), 60)), 100)}`
      : list(f.models.map((m) => printable(baseName(m), 60)), 100);
    return `${display(f.folder)} (${what})`;
  });
  const firstFound = covered[0]?.signatures[0] ?? covered[0]?.manifests[0] ?? uncovered.find((f) => f.partialManifests.length > 0)?.partialManifests[0];
  const n = folders.length;
  const head = uncovered.length === 0
    ? n === 1 ? `The model folder is ${word}: ` : `All ${n} model folders are ${word}: `
    : `${covered.length} of ${plural(n, 'model folder')} ${covered.length === 1 ? 'is' : 'are'} ${word}${covered.length > 0 ? ': ' : ''}`;
  const document: EvidenceReport = {
    check: 'model-signatures',
    summary: cap(`${head}${list(coveredItems, MAX_LINE - head.length)}`),
    ...(uncovered.length === 0
      ? { location: { path: firstFound! } }
      : { location: { path: uncovered[0]!.models[0]! }, shortfall: cap(`not ${word}: ${list(uncoveredItems, MAX_LINE - 30, '; ')}`) }),
  };

  const verified = (result: VerifyInput): EvidenceReport => {
    const outcomes = new Map((result.signatures ?? []).map((o) => [o.path, o]));
    const checks = new Map(result.manifests.map((c) => [c.path, c]));
    const manifestOk = (path: string) => {
      const check = checks.get(path);
      return check !== undefined && check.changed.length === 0 && check.missing.length === 0 && check.unreadable === undefined;
    };
    const problems: string[] = [];
    const signedFolders = folders.filter((f) => f.signatures.length > 0);
    if (result.signatures === undefined && signedFolders.length > 0) {
      const sigs = [...new Set(signedFolders.map((f) => f.signatures[0]!))];
      problems.push(`no signing.publicKey in aigis.yaml: the signatures were not verified (${list(sigs.map((s) => printable(s, 80)), 120)})`);
    }
    for (const outcome of result.signatures ?? []) if (outcome.failure !== undefined) problems.push(`${printable(outcome.path, 80)} ${outcome.failure}`);
    for (const check of result.manifests) {
      const names = (items: readonly string[]) => list(items.map((name) => printable(name, 60)), 100);
      if (check.changed.length > 0) problems.push(`${printable(check.path, 80)}: ${names(check.changed)} ${check.changed.length === 1 ? 'does' : 'do'} not match the listed digest`);
      if (check.missing.length > 0) problems.push(`${printable(check.path, 80)} lists ${names(check.missing)}, not in the project`);
      if (check.unreadable !== undefined) problems.push(`${printable(check.path, 80)} not fully checked: ${printable(check.unreadable, 100)}`);
    }
    if (uncovered.length > 0) problems.push(`not ${word}: ${list(uncovered.map((f) => display(f.folder)), 120)}`);

    const isVerified = (f: Folder) =>
      f.signatures.length > 0
        ? result.signatures !== undefined && f.signatures.every((sig) => outcomes.get(sig)?.failure === undefined && outcomes.has(sig))
        : f.manifests.length > 0 && f.manifests.every(manifestOk);
    const good = folders.filter(isVerified);
    const goodSigs = [...new Set(good.flatMap((f) => f.signatures))].sort(byPath);
    const goodManifests = [...new Set(good.filter((f) => f.signatures.length === 0).flatMap((f) => f.manifests))].sort(byPath);
    const parts: string[] = [];
    if (goodSigs.length > 0) parts.push(`${plural(goodSigs.length, 'signature')} verified with ${result.keyName ?? 'signing.publicKey'} (${list(goodSigs.map((s) => printable(s, 80)), 120)})`);
    if (goodManifests.length > 0) parts.push(`${list(goodManifests.map((m) => `${printable(m, 80)} (${plural(checks.get(m)?.files ?? 0, 'file')} match)`), 140)}`);
    const failedAt = (result.signatures ?? []).find((o) => o.failure !== undefined)?.path ?? result.manifests.find((c) => !manifestOk(c.path))?.path;
    if (problems.length === 0) {
      const lead = n === 1 ? 'The model folder verifies: ' : `All ${n} model folders verify: `;
      return { check: 'model-signatures-verified', summary: cap(`${lead}${parts.join('; ')}`), location: { path: goodSigs[0] ?? goodManifests[0]! } };
    }
    const lead = `${good.length} of ${plural(n, 'model folder')} verified`;
    return {
      check: 'model-signatures-verified',
      summary: cap(parts.length > 0 ? `${lead}: ${parts.join('; ')}` : lead),
      location: { path: failedAt ?? firstFound ?? folders[0]!.models[0]! },
      shortfall: cap(problems.join('; ')),
    };
  };

  return { document, relevantManifests, verified };
}
