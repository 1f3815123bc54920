/**
 * @module The AI assets a JavaScript or TypeScript module names, for the inventory: provider SDK clients and the
 * literal model names they are called with, Transformers.js Hub models (pinned or not), and system prompts
 * written as literals (`{ role: 'system', content: '...' }`, `system:` / `instructions:` options of SDK calls).
 * Works from the module model the rules use, plus one search of object literals inside tree-sitter.
 */
import { createHash } from 'node:crypto';
import type { AssetReport } from '../../core/asset.js';
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { CallSite, JsModule } from './module.js';
import type { MonitoringCollector } from './monitoring.js';
import { lastSegment, objectProperty, propertyName, stringValue, unwrap } from './module.js';
import { COMMIT, NOT_A_REPO, revisionOf, transformersModule } from './rules/unpinned-hub-download.js';

export type AssetSink = (asset: AssetReport, node: SyntaxNode) => void;

const MAX_VALUE = 300;

function short(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > MAX_VALUE ? `${line.slice(0, MAX_VALUE - 1)}…` : line;
}

/** npm package -> provider. */
const PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['openai', 'openai'],
  ['@anthropic-ai/sdk', 'anthropic'],
  ['@anthropic-ai/bedrock-sdk', 'bedrock'],
  ['@anthropic-ai/vertex-sdk', 'vertexai'],
  ['groq-sdk', 'groq'],
  ['together-ai', 'together'],
  ['ollama', 'ollama'],
  ['ollama/browser', 'ollama'],
  ['cohere-ai', 'cohere'],
  ['@mistralai/mistralai', 'mistral'],
  ['@google/generative-ai', 'google'],
  ['@google/genai', 'google'],
  ['@google-cloud/vertexai', 'vertexai'],
  ['@huggingface/inference', 'huggingface'],
  ['@aws-sdk/client-bedrock-runtime', 'bedrock'],
  ['@langchain/openai', 'openai'],
  ['@langchain/anthropic', 'anthropic'],
  ['@langchain/ollama', 'ollama'],
  ['@langchain/google-genai', 'google'],
  ['@langchain/google-vertexai', 'vertexai'],
  ['@langchain/groq', 'groq'],
  ['@langchain/mistralai', 'mistral'],
  ['@langchain/cohere', 'cohere'],
  ['@langchain/aws', 'bedrock'],
  ['@ai-sdk/openai', 'openai'],
  ['@ai-sdk/anthropic', 'anthropic'],
  ['@ai-sdk/google', 'google'],
  ['@ai-sdk/google-vertex', 'vertexai'],
  ['@ai-sdk/mistral', 'mistral'],
  ['@ai-sdk/groq', 'groq'],
  ['@ai-sdk/cohere', 'cohere'],
  ['@ai-sdk/amazon-bedrock', 'bedrock'],
]);

/** Packages whose calls may carry a system prompt (the providers, the Vercel AI SDK, LangChain, agent SDKs). */
const PROMPT_PACKAGES = /^(?:ai|@openai\/agents|langchain|@langchain\/[\w-]+|@mastra\/core)$/;

const MODEL_OPTIONS = ['model', 'modelName', 'model_name', 'modelId', 'deployment', 'azureOpenAIApiDeploymentName'];
const ENDPOINT_OPTIONS = ['baseURL', 'baseUrl', 'basePath', 'host', 'endpoint', 'endpointUrl'];

/** The package of a resolved name: `@scope/name` or `name` (with a `/subpath`), up to the first dot. */
function packageOf(resolved: string): string {
  const end = resolved.search(/[.(]/);
  return end < 0 ? resolved : resolved.slice(0, end);
}

function literalOption(object: SyntaxNode | undefined, names: readonly string[]): string | undefined {
  if (!object || object.type !== 'object') return undefined;
  for (const name of names) {
    const value = stringValue(objectProperty(object, name) ?? null);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function firstObject(site: CallSite): SyntaxNode | undefined {
  for (const arg of site.args.slice(0, 3)) {
    const node = unwrap(arg);
    if (node.type === 'object') return node;
  }
  return undefined;
}

function services(site: CallSite, emit: AssetSink): void {
  const resolved = site.resolved;
  if (resolved === undefined) return;
  const sdk = packageOf(resolved);
  const provider = PROVIDERS.get(sdk);
  if (provider === undefined) return;
  const options = firstObject(site);
  let model = literalOption(options, MODEL_OPTIONS);
  // The Vercel AI SDK's provider functions: openai('gpt-4o'), anthropic('claude-...').
  if (model === undefined && sdk.startsWith('@ai-sdk/') && site.args[0]) model = stringValue(unwrap(site.args[0]));
  const endpoint = literalOption(options, ENDPOINT_OPTIONS);
  const constructs = site.isNew || (!resolved.includes('()') && /^[A-Z]/.test(lastSegment(resolved)));
  if (!constructs && model === undefined) return;
  emit(
    {
      kind: 'service',
      name: provider,
      properties: { sdk, ...(model === undefined || model === '' ? {} : { model: short(model) }), ...(endpoint === undefined ? {} : { endpoint: short(endpoint) }) },
    },
    site.node,
  );
}

function hubModels(site: CallSite, emit: AssetSink): void {
  if (!transformersModule(site.resolved)) return;
  const name = lastSegment(site.resolved!);
  const [modelArg, optionsArg] = name === 'pipeline' ? [site.args[1], site.args[2]] : name === 'from_pretrained' ? [site.args[0], site.args[1]] : [undefined, undefined];
  const model = modelArg ? stringValue(unwrap(modelArg)) : undefined;
  if (model === undefined || model === '' || NOT_A_REPO.test(model)) return;
  const revision = revisionOf(optionsArg);
  const version = revision.kind === 'literal' && revision.value !== '' ? revision.value : undefined;
  emit(
    {
      kind: 'model',
      name: short(model),
      ...(version === undefined ? {} : { version: short(version) }),
      properties: { source: 'hub', pinned: String(version !== undefined && COMMIT.test(version)), loader: short(site.resolved!) },
    },
    site.node,
  );
}

/** A string literal, or a constant declared once with one (`const SYSTEM = '...'`). */
function promptText(node: SyntaxNode, module: JsModule): string | undefined {
  const inner = unwrap(node);
  const literal = stringValue(inner);
  if (literal !== undefined || inner.type !== 'identifier') return literal;
  const key = module.declarationOf(inner);
  const bindings = key === undefined ? [] : module.bindingsOf(key);
  const only = bindings.length === 1 ? bindings[0] : undefined;
  return only?.kind === 'value' && only.prop === undefined && only.op === undefined ? stringValue(unwrap(only.value)) : undefined;
}

function promptAsset(path: string, text: string, node: SyntaxNode, via: string, emit: AssetSink): void {
  if (text.trim() === '') return;
  const line = node.startPosition.row + 1;
  emit({ kind: 'prompt', name: `${path}:${line}`, properties: { source: 'code', sha256: createHash('sha256').update(text, 'utf8').digest('hex'), via, length: String(text.length) } }, node);
}

function systemOptions(path: string, module: JsModule, site: CallSite, emit: AssetSink): void {
  const resolved = site.resolved;
  if (resolved === undefined) return;
  const sdk = packageOf(resolved);
  if (!PROVIDERS.has(sdk) && !PROMPT_PACKAGES.test(sdk)) return;
  const options = firstObject(site);
  if (!options) return;
  for (const key of ['system', 'instructions', 'systemPrompt', 'systemInstruction']) {
    const node = objectProperty(options, key);
    const value = node ? promptText(node, module) : undefined;
    if (node && value !== undefined) promptAsset(path, value, node, `${key}:`, emit);
  }
}

const OBJECTS = ['object'];

/** `{ role: 'system', content: '...' }` message literals. */
function systemMessages(path: string, module: JsModule, emit: AssetSink): void {
  for (const object of module.root.descendantsOfType(OBJECTS)) {
    if (!object) continue;
    let isSystem = false;
    let content: SyntaxNode | undefined;
    for (const entry of object.namedChildren) {
      if (entry?.type !== 'pair') continue;
      const key = entry.childForFieldName('key');
      const value = entry.childForFieldName('value');
      const name = key ? propertyName(key) : undefined;
      if (name === 'role' && value && stringValue(unwrap(value)) === 'system') isSystem = true;
      else if (name === 'content' && value) content = value;
    }
    if (!isSystem || !content) continue;
    const text = promptText(content, module);
    if (text !== undefined) promptAsset(path, text, content, 'message', emit);
  }
}

/**
 * Records every asset the module names: one pass over its calls, one search for message objects. The
 * monitoring collector, when given, sees each call in the same pass and every AI service recorded.
 */
export function collectAssets(module: JsModule, path: string, record: AssetSink, monitor?: MonitoringCollector): void {
  const emit: AssetSink = monitor
    ? (asset, node) => {
        if (asset.kind === 'service') monitor.service(node);
        record(asset, node);
      }
    : record;
  for (const site of module.calls) {
    monitor?.call(site);
    services(site, emit);
    hubModels(site, emit);
    systemOptions(path, module, site, emit);
  }
  // Most modules have no system message: skip the search of every object literal when the word is absent.
  if (module.root.text.includes('system')) systemMessages(path, module, emit);
}
