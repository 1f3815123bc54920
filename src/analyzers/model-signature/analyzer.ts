/**
 * @module model-signature: are the models in a project signed, and do they still match their signatures? The
 * file pass only notes where signature files are (their on-disk paths); the project pass finds folders holding
 * model files, reports those without a signature, and, when `signing.publicKey` is configured, verifies each
 * signature (hashing the model in worker threads) and reports what does not match.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ProjectContext, ProjectInput } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import type { FileRecord } from '../../core/file-record.js';
import type { FileType } from '../../core/file-type.js';
import { hashAll, MAX_BUNDLE_BYTES, ModelSigningError, summarizeSignature, verifyModel, type HashTask, type VerifyResult } from '../../lib/model-signing/index.js';
import { readText } from '../../lib/byte-source.js';
import { printable } from '../../lib/printable.js';
import { signingEvidence, type ManifestCheck, type SignatureOutcome } from './evidence.js';
import { isHashManifestName, parseHashManifest, type HashEntry } from './hash-manifest.js';
import { hashManifestMismatch } from './rules/hash-manifest-mismatch.js';
import { signatureMismatch } from './rules/signature-mismatch.js';
import { unsignedModel } from './rules/unsigned-model.js';
import { unverifiableSignature } from './rules/unverifiable-signature.js';
import { isModelFile as isSharedModelFile } from '../../core/model-file.js';
import { listSome } from '../../lib/listing.js';

export const DEFAULT_SIGNATURE_NAME = 'model.sig';

export interface SignatureFact {
  readonly kind: 'signature';
  readonly path: string;
  readonly absolutePath: string;
}

/** A hash manifest (SHA256SUMS and the like) beside models, with the entries it lists. */
export interface HashManifestFact {
  readonly kind: 'hash-manifest';
  readonly path: string;
  readonly absolutePath: string;
  readonly entries: readonly HashEntry[];
  /** Lines that could not be read, entries whose names leave the folder, and whether entries were cut. */
  readonly malformed: number;
  readonly unsafe: number;
  readonly truncated: boolean;
}

export type ModelSignatureFact = SignatureFact | HashManifestFact;

/** A hash manifest is text; the BSD form (`SHA256 (name) = ...`) sniffs as a protocol 0 pickle. */
const MANIFEST_TYPES: ReadonlySet<FileType> = new Set<FileType>(['text', 'empty', 'pickle']);

/** Hash manifests are text listings; past this they are not a manifest anyone keeps beside a model. */
const MAX_HASH_MANIFEST_BYTES = 1024 * 1024;

interface Settings {
  readonly publicKey?: string;
  readonly signatureName: string;
  readonly checkHashManifests: boolean;
}

function settingsOf(settings: Readonly<Record<string, unknown>>): Settings {
  const name = settings['signatureName'];
  const key = settings['publicKey'];
  return {
    signatureName: typeof name === 'string' && name !== '' ? name : DEFAULT_SIGNATURE_NAME,
    checkHashManifests: settings['checkHashManifests'] === true,
    ...(typeof key === 'string' && key !== '' ? { publicKey: key } : {}),
  };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const display = (folder: string) => (folder === '' ? '.' : folder);

export function isModelFile(record: Pick<FileRecord, 'path' | 'type'>): boolean {
  // A hash manifest is never a model, however it was sniffed.
  return !isHashManifestName(baseName(record.path)) && isSharedModelFile(record);
}

/** Whether `folder` is `ancestor` or lies under it ('' is the project root). */
function within(folder: string, ancestor: string): boolean {
  return ancestor === '' || folder === ancestor || folder.startsWith(`${ancestor}/`);
}

function names(list: readonly string[], max = 5): string {
  return listSome(list.map((name) => printable(name)), max);
}

function oneLine(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function describeResult(result: VerifyResult): string {
  return [
    result.changed.length > 0 ? `changed: ${names(result.changed)}` : '',
    result.missing.length > 0 ? `missing: ${names(result.missing)}` : '',
    result.extra.length > 0 ? `unsigned: ${names(result.extra)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function readPublicKey(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read signing.publicKey ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

type Report = (rule: typeof unsignedModel, report: { message: string; location: { path: string }; evidence?: string }) => void;

function reportUnsigned(project: ProjectInput<ModelSignatureFact>, signatureFolders: readonly string[], settings: Settings, report: Report): void {
  const modelsByFolder = new Map<string, string[]>();
  for (const record of project.files) {
    if (!isModelFile(record)) continue;
    const folder = folderOf(record.path);
    modelsByFolder.set(folder, [...(modelsByFolder.get(folder) ?? []), record.path]);
  }
  for (const [folder, models] of [...modelsByFolder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (signatureFolders.some((signed) => within(folder, signed))) continue;
    const sorted = [...models].sort();
    report(unsignedModel, {
      message:
        `${display(folder)} holds ${sorted.length} model file${sorted.length === 1 ? '' : 's'} (${names(sorted.map(baseName))}) but no ${settings.signatureName} ` +
        'signature here or in a folder above, so nobody loading it can check it is the released model.',
      location: { path: sorted[0]! },
      evidence: oneLine(names(sorted.map(baseName))),
    });
  }
}

/** Every model file, for the inventory: its sniffed format, size and whether a signature covers its folder. */
function recordModels(project: ProjectInput<ModelSignatureFact>, signatureFolders: readonly string[], asset: ProjectContext['asset']): void {
  for (const record of project.files) {
    if (!isModelFile(record)) continue;
    const signed = signatureFolders.some((folder) => within(folderOf(record.path), folder));
    asset({
      kind: 'model',
      name: record.path,
      location: { path: record.path },
      properties: { source: 'file', format: record.type, ...(record.size === undefined ? {} : { size: String(record.size) }), signed: String(signed) },
    });
  }
}

async function verifyOne(fact: SignatureFact, publicKeyPem: string, settings: Settings, report: Report): Promise<SignatureOutcome> {
  const location = { path: fact.path };
  let text: string;
  try {
    if (statSync(fact.absolutePath).size > MAX_BUNDLE_BYTES) throw new ModelSigningError('bundle', `it is larger than ${MAX_BUNDLE_BYTES} bytes`);
    text = readFileSync(fact.absolutePath, 'utf8');
  } catch (error) {
    const reason = error instanceof ModelSigningError ? error.message : (error as NodeJS.ErrnoException).code ?? String(error);
    report(unverifiableSignature, { message: `The signature ${fact.path} cannot be read: ${reason}.`, location });
    return { path: fact.path, failure: `cannot be read (${oneLine(reason, 60)})` };
  }
  const folder = dirname(fact.absolutePath);
  let modelPath = folder;
  let what = display(folderOf(fact.path));
  let signatureInModel: string | undefined = settings.signatureName;
  try {
    const summary = summarizeSignature(text);
    // A signature of one file names that file as its subject and sits beside it.
    const name = summary.modelName;
    if (summary.singleFile && name && name !== '.' && name !== '..' && !/[/\\]/.test(name) && existsSync(join(folder, name))) {
      modelPath = join(folder, name);
      what = printable(folderOf(fact.path) === '' ? name : `${folderOf(fact.path)}/${name}`);
      signatureInModel = undefined;
    }
    const result = await verifyModel(modelPath, publicKeyPem, text, signatureInModel === undefined ? {} : { signatureInModel });
    if (result.ok) return { path: fact.path };
    const detail = describeResult(result);
    report(signatureMismatch, {
      message: `${what} does not match its signature ${fact.path}: ${detail}. The model was changed after signing; do not load it until it verifies.`,
      location,
      evidence: oneLine(detail),
    });
    return { path: fact.path, failure: `does not match (${oneLine(detail, 80)})` };
  } catch (error) {
    if (!(error instanceof ModelSigningError)) throw error;
    if (error.code === 'signature') {
      report(signatureMismatch, {
        message: `The signature ${fact.path} of ${what} does not verify with signing.publicKey: ${error.message}. It was forged, altered, or made with another key.`,
        location,
        evidence: oneLine(error.message),
      });
      return { path: fact.path, failure: `does not verify with the key (${oneLine(error.message, 60)})` };
    }
    report(unverifiableSignature, {
      message: `The signature ${fact.path} of ${what} cannot be verified: ${error.message}.`,
      location,
      evidence: oneLine(error.message),
    });
    return { path: fact.path, failure: `cannot be verified (${oneLine(error.message, 60)})` };
  }
}

/** The key file as the reader knows it: relative to the scan root when it is inside it. */
function keyDisplay(publicKey: string, fact: { path: string; absolutePath: string } | undefined): string {
  if (fact !== undefined) {
    const scanRoot = resolve(fact.absolutePath, ...fact.path.split('/').map(() => '..'));
    const inside = resolve(publicKey).startsWith(`${scanRoot}/`) ? resolve(publicKey).slice(scanRoot.length + 1) : undefined;
    if (inside !== undefined) return printable(inside, 80);
  }
  const shown = printable(publicKey);
  return shown.length > 60 ? `…${shown.slice(-59)}` : shown;
}

/** Types of records that are regular files the walk read or could read. */
const NOT_FILES: ReadonlySet<FileType> = new Set<FileType>(['directory', 'symlink', 'special', 'unknown']);

/**
 * Hashes the files a manifest lists (regular files of the project only: never through a symlink, never outside
 * the manifest's folder) and compares them with the listed digests.
 */
async function checkManifest(manifest: HashManifestFact, files: readonly FileRecord[]): Promise<ManifestCheck> {
  const folder = folderOf(manifest.path);
  const records = new Map(files.map((record) => [record.path, record]));
  const base = dirname(manifest.absolutePath);
  const missing: string[] = [];
  const tasks: { entry: HashEntry; task: HashTask }[] = [];
  for (const entry of manifest.entries) {
    const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
    const record = records.get(path);
    if (record === undefined || NOT_FILES.has(record.type)) {
      missing.push(entry.name);
      continue;
    }
    tasks.push({ entry, task: { name: entry.name, absolutePath: join(base, ...entry.name.split('/')), start: 0, size: record.size ?? 0, noFollow: true } });
  }
  let digests: string[];
  try {
    digests = await hashAll(tasks.map((t) => t.task));
  } catch (error) {
    return { path: manifest.path, files: manifest.entries.length, changed: [], missing, unreadable: oneLine(error instanceof Error ? error.message : String(error), 100) };
  }
  const changed = tasks.filter((t, i) => digests[i] !== t.entry.digest).map((t) => t.entry.name);
  return { path: manifest.path, files: manifest.entries.length, changed, missing, ...(manifest.truncated ? { unreadable: 'too many entries; not all were checked' } : {}) };
}

export const modelSignatureAnalyzer = defineAnalyzer<ModelSignatureFact>({
  id: 'model-signature',
  version: '3',
  description:
    'Checks that model folders carry an OpenSSF model-signing signature, and verifies it with the configured public key; hash manifests (SHA256SUMS) beside models are checked against the files they list.',
  rules: [hashManifestMismatch, signatureMismatch, unsignedModel, unverifiableSignature],
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      publicKey: {
        type: 'string',
        minLength: 1,
        description: 'PEM public key to verify model signatures with (set it as signing.publicKey; relative to aigis.yaml).',
      },
      signatureName: {
        type: 'string',
        minLength: 1,
        pattern: '^[^/\\\\]+$',
        default: DEFAULT_SIGNATURE_NAME,
        description: 'File name of model signatures (signing.signatureName).',
      },
      checkHashManifests: {
        type: 'boolean',
        default: false,
        description:
          'Hash the model files a SHA256SUMS-style manifest lists and compare them with it, on every scan. Off by default: it reads every byte of the models, where a scan otherwise reads only what it must.',
      },
    },
  },
  claims(file, settings) {
    if (file.member !== undefined) return false;
    const name = baseName(file.path);
    return name === settingsOf(settings).signatureName || (isHashManifestName(name) && MANIFEST_TYPES.has(file.type));
  },
  analyzeFile(file, context) {
    if (file.member !== undefined || file.absolutePath === undefined) return;
    const name = baseName(file.path);
    if (name === settingsOf(context.settings).signatureName) {
      context.fact({ kind: 'signature', path: file.path, absolutePath: file.absolutePath });
      return;
    }
    const { text, truncated } = readText(file.source, MAX_HASH_MANIFEST_BYTES);
    const parsed = parseHashManifest(text, name);
    if (truncated) context.inconclusive(`larger than ${MAX_HASH_MANIFEST_BYTES} bytes; only the entries in the first ${MAX_HASH_MANIFEST_BYTES} were read`);
    if (parsed.malformed > 0) context.note(`${parsed.malformed} line${parsed.malformed === 1 ? '' : 's'} could not be read as a SHA-256 entry`);
    context.fact({ kind: 'hash-manifest', path: file.path, absolutePath: file.absolutePath, ...parsed, truncated: parsed.truncated || truncated });
  },
  async analyzeProject(project, context) {
    const settings = settingsOf(context.settings);
    const report: Report = (rule, r) => context.report(rule, r);
    const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    const facts = project.facts.map((entry) => entry.fact);
    const signatures = facts.filter((fact): fact is SignatureFact => fact.kind === 'signature').sort(byPath);
    const manifests = facts.filter((fact): fact is HashManifestFact => fact.kind === 'hash-manifest').sort(byPath);
    const signatureFolders = signatures.map((s) => folderOf(s.path));
    recordModels(project, signatureFolders, (asset) => context.asset(asset));
    reportUnsigned(project, signatureFolders, settings, report);
    const models = project.files.filter(isModelFile).map((record) => record.path);
    const evidence = signingEvidence({ models, signatures: signatures.map((s) => s.path), manifests: manifests.map((m) => ({ path: m.path, names: m.entries.map((e) => e.name) })) });
    if (evidence === undefined) {
      if (settings.publicKey !== undefined && signatures.length > 0) {
        const publicKeyPem = readPublicKey(settings.publicKey);
        for (const fact of signatures) await verifyOne(fact, publicKeyPem, settings, report);
      }
      return;
    }
    context.evidence(evidence.document);
    let outcomes: SignatureOutcome[] | undefined;
    if (settings.publicKey !== undefined && signatures.length > 0) {
      const publicKeyPem = readPublicKey(settings.publicKey);
      outcomes = [];
      for (const fact of signatures) outcomes.push(await verifyOne(fact, publicKeyPem, settings, report));
    }
    const relevant = manifests.filter((m) => evidence.relevantManifests.has(m.path));
    const checks: ManifestCheck[] = [];
    for (const manifest of relevant) {
      if (!settings.checkHashManifests) {
        checks.push({ path: manifest.path, files: manifest.entries.length, changed: [], missing: [], unreadable: 'not hashed (analyzers.model-signature.checkHashManifests turns this on; it reads every byte of the listed files)' });
        continue;
      }
      const check = await checkManifest(manifest, project.files);
      checks.push(check);
      const folder = folderOf(manifest.path);
      for (const [name, why] of [...check.changed.map((n) => [n, 'its SHA-256 differs from the one listed'] as const), ...check.missing.map((n) => [n, 'it is listed but missing'] as const)]) {
        const path = folder === '' ? name : `${folder}/${name}`;
        context.report(hashManifestMismatch, {
          message: `${path}: ${why} in ${manifest.path}. The model is not the one the manifest describes; do not load it until you know why.`,
          location: { path: check.missing.includes(name) ? manifest.path : path },
          evidence: printable(`${baseName(manifest.path)}: ${name}`, 200),
        });
      }
    }
    context.evidence(
      evidence.verified({
        ...(settings.publicKey === undefined ? {} : { keyName: keyDisplay(settings.publicKey, signatures[0] ?? manifests[0]) }),
        ...(outcomes === undefined ? {} : { signatures: outcomes }),
        manifests: checks,
      }),
    );
  },
});
