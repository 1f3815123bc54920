/**
 * @module model-signature: are the models in a project signed, and do they still match their signatures? The
 * file pass only notes where signature files are (their on-disk paths); the project pass finds folders holding
 * model files, reports those without a signature, and, when `signing.publicKey` is configured, verifies each
 * signature (hashing the model in worker threads) and reports what does not match.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectContext, ProjectInput } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import type { FileRecord } from '../../core/file-record.js';
import type { FileType } from '../../core/file-type.js';
import { MAX_BUNDLE_BYTES, ModelSigningError, summarizeSignature, verifyModel, type VerifyResult } from '../../lib/model-signing/index.js';
import { printable } from '../../lib/printable.js';
import { signatureMismatch } from './rules/signature-mismatch.js';
import { unsignedModel } from './rules/unsigned-model.js';
import { unverifiableSignature } from './rules/unverifiable-signature.js';

export const DEFAULT_SIGNATURE_NAME = 'model.sig';

/** Sniffed types that are model weights or graphs. */
const MODEL_TYPES: ReadonlySet<FileType> = new Set<FileType>(['pickle', 'safetensors', 'gguf', 'onnx', 'hdf5', 'numpy', 'tflite']);
/** A zip is a model when it is a PyTorch (or Keras 3) archive, which these names mark. */
const MODEL_ZIP = /\.(?:pt|pth|ckpt|bin|pkl|keras|mar)$/i;

export interface SignatureFact {
  readonly path: string;
  readonly absolutePath: string;
}

interface Settings {
  readonly publicKey?: string;
  readonly signatureName: string;
}

function settingsOf(settings: Readonly<Record<string, unknown>>): Settings {
  const name = settings['signatureName'];
  const key = settings['publicKey'];
  return { signatureName: typeof name === 'string' && name !== '' ? name : DEFAULT_SIGNATURE_NAME, ...(typeof key === 'string' && key !== '' ? { publicKey: key } : {}) };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const display = (folder: string) => (folder === '' ? '.' : folder);

export function isModelFile(record: Pick<FileRecord, 'path' | 'type'>): boolean {
  return MODEL_TYPES.has(record.type) || (record.type === 'zip' && MODEL_ZIP.test(record.path));
}

/** Whether `folder` is `ancestor` or lies under it ('' is the project root). */
function within(folder: string, ancestor: string): boolean {
  return ancestor === '' || folder === ancestor || folder.startsWith(`${ancestor}/`);
}

function names(list: readonly string[], max = 5): string {
  const shown = list.slice(0, max).map((name) => printable(name)).join(', ');
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
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

function reportUnsigned(project: ProjectInput<SignatureFact>, signatureFolders: readonly string[], settings: Settings, report: Report): void {
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
function recordModels(project: ProjectInput<SignatureFact>, signatureFolders: readonly string[], asset: ProjectContext['asset']): void {
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

async function verifyOne(fact: SignatureFact, publicKeyPem: string, settings: Settings, report: Report): Promise<void> {
  const location = { path: fact.path };
  let text: string;
  try {
    if (statSync(fact.absolutePath).size > MAX_BUNDLE_BYTES) throw new ModelSigningError('bundle', `it is larger than ${MAX_BUNDLE_BYTES} bytes`);
    text = readFileSync(fact.absolutePath, 'utf8');
  } catch (error) {
    const reason = error instanceof ModelSigningError ? error.message : (error as NodeJS.ErrnoException).code ?? String(error);
    report(unverifiableSignature, { message: `The signature ${fact.path} cannot be read: ${reason}.`, location });
    return;
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
    if (result.ok) return;
    const detail = describeResult(result);
    report(signatureMismatch, {
      message: `${what} does not match its signature ${fact.path}: ${detail}. The model was changed after signing; do not load it until it verifies.`,
      location,
      evidence: oneLine(detail),
    });
  } catch (error) {
    if (!(error instanceof ModelSigningError)) throw error;
    if (error.code === 'signature') {
      report(signatureMismatch, {
        message: `The signature ${fact.path} of ${what} does not verify with signing.publicKey: ${error.message}. It was forged, altered, or made with another key.`,
        location,
        evidence: oneLine(error.message),
      });
      return;
    }
    report(unverifiableSignature, {
      message: `The signature ${fact.path} of ${what} cannot be verified: ${error.message}.`,
      location,
      evidence: oneLine(error.message),
    });
  }
}

export const modelSignatureAnalyzer = defineAnalyzer<SignatureFact>({
  id: 'model-signature',
  version: '2',
  description: 'Checks that model folders carry an OpenSSF model-signing signature, and verifies it with the configured public key.',
  rules: [signatureMismatch, unsignedModel, unverifiableSignature],
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
    },
  },
  claims(file, settings) {
    return file.member === undefined && baseName(file.path) === settingsOf(settings).signatureName;
  },
  analyzeFile(file, context) {
    if (file.member !== undefined || file.absolutePath === undefined) return;
    context.fact({ path: file.path, absolutePath: file.absolutePath });
  },
  async analyzeProject(project, context) {
    const settings = settingsOf(context.settings);
    const report: Report = (rule, r) => context.report(rule, r);
    const signatures = project.facts.map((entry) => entry.fact).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const signatureFolders = signatures.map((s) => folderOf(s.path));
    recordModels(project, signatureFolders, (asset) => context.asset(asset));
    reportUnsigned(project, signatureFolders, settings, report);
    if (settings.publicKey === undefined || signatures.length === 0) return;
    const publicKeyPem = readPublicKey(settings.publicKey);
    for (const fact of signatures) await verifyOne(fact, publicKeyPem, settings, report);
  },
});
