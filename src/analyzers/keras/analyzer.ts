/**
 * @module keras: the model configs Keras deserializes. A `.keras` archive's `config.json` (the zip analyzer
 * hands it over as a member), Keras-shaped JSON saved beside weights (keras_hub presets, `model.to_json()`),
 * the `model_config` / `training_config` attributes of Keras 2 H5 files, read with the real HDF5 library, and
 * the per-layer configs in a TF-Keras SavedModel's `keras_metadata.pb`.
 * Every object Keras would turn into a Python object is judged; an embedded PyTorch module goes back to the
 * engine as a member, so the pickle inside is scanned too. Nothing is deserialized or run.
 */
import type { FileContext, FileInput } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import { BufferSource, readText } from '../../lib/byte-source.js';
import type { LimitedReport } from '../../lib/limited-reports.js';
import { MAX_REPORTS_PER_RULE, reportLimited } from '../../lib/limited-reports.js';
import { hasKerasShape, parseConfigJson } from './config-json.js';
import { readRootAttributes } from './hdf5-attributes.js';
import { readKerasMetadata } from './keras-metadata.js';
import type { KerasObject } from './keras-objects.js';
import { kerasObjects } from './keras-objects.js';
import type { KerasRule } from './rule.js';
import { customClassReference } from './rules/custom-class-reference.js';
import { externalFunctionReference } from './rules/external-function-reference.js';
import { lambdaLayer } from './rules/lambda-layer.js';
import { loadingFunctionReference } from './rules/loading-function-reference.js';
import { malformedConfigMeta, reportMalformedConfig } from './rules/malformed-config.js';
import { savedmodelLayer } from './rules/savedmodel-layer.js';
import { embeddedTorchModule, torchModuleWrapper } from './rules/torch-module-wrapper.js';
import { unsafeModuleReference } from './rules/unsafe-module-reference.js';

export const KERAS_OBJECT_RULES: readonly KerasRule[] = [
  lambdaLayer,
  unsafeModuleReference,
  externalFunctionReference,
  customClassReference,
  loadingFunctionReference,
  savedmodelLayer,
  torchModuleWrapper,
];

/** JSON files Keras loads with its deserializer: `.keras` members, keras_hub presets, `model.to_json()` output. */
const KERAS_JSON_NAMES: ReadonlySet<string> = new Set([
  'config.json',
  'model.json',
  'task.json',
  'preprocessor.json',
  'tokenizer.json',
  'image_converter.json',
  'audio_converter.json',
]);
const KERAS_METADATA = 'keras_metadata.pb';
const H5_CONFIGS = ['model_config', 'training_config'] as const;
/** Larger configs are not something Keras writes; they are reported as not checked. */
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1).toLowerCase();

/** A member whose innermost archive is a `.keras` file: Keras reads its `config.json` whatever it holds. */
function inKerasArchive(file: FileInput): boolean {
  if (file.member === undefined) return false;
  const parts = file.member.split('!');
  const container = parts.length > 1 ? parts[parts.length - 2]! : file.path;
  return container.toLowerCase().endsWith('.keras');
}

const torchModuleMemberName = (object: KerasObject) => `<TorchModuleWrapper module at ${object.path()}>`;

/**
 * Judges every object in the configs of one file, then hands embedded PyTorch modules to the engine. A finding
 * whose evidence another config of the same file already gave is left out: keras_metadata.pb repeats each
 * layer's config in its model's.
 */
async function judgeConfigs(configs: readonly { config: unknown; where?: string }[], context: FileContext<unknown>): Promise<void> {
  const found = KERAS_OBJECT_RULES.map(() => new Map<string, LimitedReport>());
  const wrappers: KerasObject[] = [];
  for (const { config, where } of configs) {
    const suffix = where === undefined ? '' : ` (in ${where})`;
    for (const object of kerasObjects(config)) {
      KERAS_OBJECT_RULES.forEach((rule, i) =>
        rule.check(object, ({ message, evidence }) => {
          const key = evidence ?? message;
          if (!found[i]!.has(key)) found[i]!.set(key, { message: `${message}${suffix}`, ...(evidence === undefined ? {} : { evidence }) });
        }),
      );
      if (object.className === 'TorchModuleWrapper') wrappers.push(object);
    }
  }
  KERAS_OBJECT_RULES.forEach((rule, i) => reportLimited((report) => context.report(rule.meta, report), [...found[i]!.values()]));
  for (const object of wrappers.slice(0, MAX_REPORTS_PER_RULE)) {
    const bytes = embeddedTorchModule(object);
    if (bytes) await context.emitMember(torchModuleMemberName(object), new BufferSource(bytes));
  }
  if (wrappers.length > MAX_REPORTS_PER_RULE) context.inconclusive(`${wrappers.length} TorchModuleWrapper layers; only the first ${MAX_REPORTS_PER_RULE} modules were scanned`);
}

async function analyzeJson(file: FileInput, context: FileContext<unknown>): Promise<void> {
  const archived = inKerasArchive(file);
  if (file.size > MAX_CONFIG_BYTES) {
    if (archived) context.inconclusive(`config.json is ${file.size} bytes, more than the ${MAX_CONFIG_BYTES} aigis reads`);
    return;
  }
  const { text } = readText(file.source, MAX_CONFIG_BYTES);
  // Outside a .keras archive, most JSON files by these names are not Keras configs; skip them cheaply.
  if (!archived && !text.includes('"class_name"')) return;
  const parsed = parseConfigJson(text);
  if ('error' in parsed) {
    if (!archived) return;
    reportMalformedConfig('config.json', parsed.error, (report) => context.report(malformedConfigMeta, report));
    context.inconclusive('config.json is not valid JSON; its objects were not checked');
    return;
  }
  if (archived || hasKerasShape(parsed.value)) await judgeConfigs([{ config: parsed.value }], context);
}

async function analyzeHdf5(file: FileInput, context: FileContext<unknown>): Promise<void> {
  let attributes;
  try {
    attributes = await readRootAttributes(file.source, [...H5_CONFIGS, 'keras_version', 'backend'], MAX_CONFIG_BYTES);
  } catch (error) {
    context.inconclusive(`the HDF5 library failed on it (${(error as Error).message}); a Keras model config in it was not checked`);
    return;
  }
  if (attributes.kind === 'unreadable') {
    context.inconclusive(`${attributes.reason}; a Keras model config in it was not checked`);
    return;
  }
  const version = attributes.values.get('keras_version');
  if (version && 'text' in version) context.note(`Keras ${version.text} H5 model`);
  const configs: { config: unknown; where: string }[] = [];
  for (const name of H5_CONFIGS) {
    const value = attributes.values.get(name);
    if (!value) continue;
    const where = `the ${name} attribute`;
    const parsed = 'text' in value ? parseConfigJson(value.text) : { error: value.problem };
    if ('error' in parsed) {
      reportMalformedConfig(`The ${name} attribute`, parsed.error, (report) => context.report(malformedConfigMeta, report));
      context.inconclusive(`${where} is not a JSON string Keras could read; its objects were not checked`);
      continue;
    }
    configs.push({ config: parsed.value, where });
  }
  await judgeConfigs(configs, context);
}

async function analyzeMetadata(file: FileInput, context: FileContext<unknown>): Promise<void> {
  const metadata = readKerasMetadata(file.source, MAX_CONFIG_BYTES);
  if ('broken' in metadata) {
    reportMalformedConfig('keras_metadata.pb', `broken protobuf: ${metadata.broken}`, (report) => context.report(malformedConfigMeta, report));
    context.inconclusive('keras_metadata.pb is not valid protobuf; the layer configs after the damage were not checked');
    return;
  }
  const configs: { config: unknown; where: string }[] = [];
  for (const node of metadata.nodes) {
    const where = `keras_metadata.pb node "${node.path}"`;
    const parsed = 'text' in node.metadata ? parseConfigJson(node.metadata.text) : { error: node.metadata.problem };
    if ('error' in parsed) {
      reportMalformedConfig(`The metadata of ${where}`, parsed.error, (report) => context.report(malformedConfigMeta, report));
      context.inconclusive(`the metadata of ${where} is not JSON Keras could read; its objects were not checked`);
    } else configs.push({ config: parsed.value, where });
  }
  await judgeConfigs(configs, context);
}

export const kerasAnalyzer = defineAnalyzer({
  id: 'keras',
  version: '1',
  description:
    'Judges Keras model configs (.keras config.json, Keras 2 H5 model_config, keras_metadata.pb) without deserializing them: Lambda bytecode, modules outside Keras, loading functions, TFSMLayer, TorchModuleWrapper.',
  rules: [...KERAS_OBJECT_RULES.map((rule) => rule.meta), malformedConfigMeta],
  runsInWorker: true,
  fileTypes: ['hdf5'],
  claims(file) {
    const name = baseName(file.member ?? file.path);
    return (file.type === 'json' && KERAS_JSON_NAMES.has(name)) || (file.type === 'protobuf' && name === KERAS_METADATA);
  },
  async analyzeFile(file, context) {
    if (file.type === 'hdf5') await analyzeHdf5(file, context);
    else if (file.type === 'protobuf') await analyzeMetadata(file, context);
    else await analyzeJson(file, context);
  },
});
