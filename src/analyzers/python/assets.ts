/**
 * @module The AI assets a Python module names, for the inventory: hub models and datasets (pinned or not),
 * provider SDK clients and the models they call, agent tools, vector stores, and system prompts written as
 * string literals. Works from the module model built for the rules (its calls), plus one search of dictionaries
 * and tuples inside tree-sitter for `{"role": "system", ...}` messages.
 */
import { createHash } from 'node:crypto';
import type { AssetReport } from '../../core/asset.js';
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { CallSite, PythonModule } from './module.js';
import type { MonitoringCollector } from './monitoring.js';
import { argumentFor, literalValue, nodesOfType, stringLiteral, topModule } from './module.js';
import { CODE_TOOL_NAMES, CODE_TOOLS } from './rules/agent-code-execution-tool.js';
import { langchainClassCall, loadToolsNames, REQUEST_TOOL_NAMES, REQUEST_TOOLS } from './rules/agent-dangerous-requests.js';
import { FULL_COMMIT, HUB_LIBRARIES, isLocalPath, PACKAGED_DATASET_BUILDERS, repoArgument } from './rules/unpinned-hub-download.js';

export type AssetSink = (asset: AssetReport, node: SyntaxNode) => void;

const MAX_VALUE = 300;

function short(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > MAX_VALUE ? `${line.slice(0, MAX_VALUE - 1)}…` : line;
}

/** Provider of a resolved callee, by its top-level package; the pip package name is the `sdk`. */
const PROVIDERS: ReadonlyMap<string, readonly [provider: string, sdk: string]> = new Map([
  ['openai', ['openai', 'openai']],
  ['anthropic', ['anthropic', 'anthropic']],
  ['litellm', ['litellm', 'litellm']],
  ['ollama', ['ollama', 'ollama']],
  ['cohere', ['cohere', 'cohere']],
  ['mistralai', ['mistral', 'mistralai']],
  ['groq', ['groq', 'groq']],
  ['vertexai', ['vertexai', 'google-cloud-aiplatform']],
  ['together', ['together', 'together']],
  ['fireworks', ['fireworks', 'fireworks-ai']],
  ['replicate', ['replicate', 'replicate']],
  ['langchain_openai', ['openai', 'langchain-openai']],
  ['langchain_anthropic', ['anthropic', 'langchain-anthropic']],
  ['langchain_ollama', ['ollama', 'langchain-ollama']],
  ['langchain_google_genai', ['google', 'langchain-google-genai']],
  ['langchain_google_vertexai', ['vertexai', 'langchain-google-vertexai']],
  ['langchain_groq', ['groq', 'langchain-groq']],
  ['langchain_mistralai', ['mistral', 'langchain-mistralai']],
  ['langchain_cohere', ['cohere', 'langchain-cohere']],
  ['langchain_aws', ['bedrock', 'langchain-aws']],
  ['langchain_fireworks', ['fireworks', 'langchain-fireworks']],
  ['langchain_together', ['together', 'langchain-together']],
  ['langchain_huggingface', ['huggingface', 'langchain-huggingface']],
]);

/** google.generativeai / google.genai: `google` alone is a namespace package shared by many libraries. */
const GOOGLE = /^google\.(?:generativeai|genai)(?:\.|$)/;

/** langchain_community chat model classes and their provider. */
const COMMUNITY_CHAT: ReadonlyMap<string, string> = new Map([
  ['ChatOpenAI', 'openai'],
  ['AzureChatOpenAI', 'openai'],
  ['ChatAnthropic', 'anthropic'],
  ['ChatOllama', 'ollama'],
  ['Ollama', 'ollama'],
  ['ChatLiteLLM', 'litellm'],
  ['ChatCohere', 'cohere'],
  ['ChatMistralAI', 'mistral'],
  ['ChatGroq', 'groq'],
  ['BedrockChat', 'bedrock'],
  ['ChatBedrock', 'bedrock'],
  ['ChatVertexAI', 'vertexai'],
  ['ChatGoogleGenerativeAI', 'google'],
  ['HuggingFaceEndpoint', 'huggingface'],
]);

/** init_chat_model provider names that differ from the inventory's. */
const PROVIDER_ALIASES: ReadonlyMap<string, string> = new Map([
  ['google_genai', 'google'],
  ['google_vertexai', 'vertexai'],
  ['bedrock_converse', 'bedrock'],
  ['azure_openai', 'openai'],
  ['mistralai', 'mistral'],
  ['huggingface', 'huggingface'],
]);

const MODEL_KEYWORDS = ['model', 'model_name', 'model_id', 'modelId', 'deployment_name', 'azure_deployment'];
const ENDPOINT_KEYWORDS = ['base_url', 'api_base', 'openai_api_base', 'azure_endpoint', 'host', 'endpoint_url'];

function literalKeyword(call: CallSite, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = literalValue(call.args.keywords.get(name));
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Client and model classes of the SDKs; not their types, errors or message classes (`openai.types.X`, `APIError`). */
const CLIENT_CLASS = /^(?:Async)?(?:OpenAI|AzureOpenAI|Anthropic(?:Bedrock|Vertex)?|Client(?:V2)?|Groq|Mistral|Together|Fireworks|Ollama|Cohere|GenerativeModel|InferenceClient)$/;
/** LangChain's model classes: ChatOpenAI, OllamaLLM, OpenAIEmbeddings, BedrockLLM... */
const LANGCHAIN_CLASS = /^(?:Chat[A-Z]\w*|AzureChatOpenAI|\w*LLM|\w*Embeddings|OpenAI|AzureOpenAI|Ollama|Bedrock\w*|VertexAI\w*)$/;

/** Whether a callee constructs an SDK client (`openai.OpenAI`, not `openai.OpenAI().chat...` or `openai.types.X`). */
function constructsClass(callee: string): boolean {
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  const classes = topModule(callee).startsWith('langchain') ? LANGCHAIN_CLASS : CLIENT_CLASS;
  return classes.test(last) && !callee.slice(0, callee.lastIndexOf('.')).includes('()');
}

const HF_INFERENCE = /^huggingface_hub\.(?:Async)?InferenceClient(?:$|\(\))/;

function serviceOf(callee: string): readonly [provider: string, sdk: string] | undefined {
  // Langfuse's drop-in OpenAI client (`from langfuse.openai import OpenAI`) is the OpenAI SDK, traced.
  if (/^langfuse\.openai(?:\.|$)/.test(callee)) return ['openai', 'langfuse'];
  if (HF_INFERENCE.test(callee)) return ['huggingface', 'huggingface_hub'];
  if (GOOGLE.test(callee)) return ['google', callee.startsWith('google.genai') ? 'google-genai' : 'google-generativeai'];
  const top = topModule(callee);
  const known = PROVIDERS.get(top);
  if (known) return known;
  if (/^langchain(?:_community)?$/.test(top)) {
    const parts = callee.split('.');
    const provider = COMMUNITY_CHAT.get(parts[parts.length - 1]!);
    if (provider && constructsClass(callee)) return [provider, top === 'langchain' ? 'langchain' : 'langchain-community'];
  }
  return undefined;
}

function services(call: CallSite, emit: AssetSink): void {
  const callee = call.callee;
  if (callee === undefined) return;
  // boto3.client("bedrock-runtime"): the AWS SDK is Bedrock only for that service.
  if (callee === 'boto3.client' || callee === 'boto3.session.Session().client' || callee.endsWith('.client')) {
    if (topModule(callee) !== 'boto3') return;
    const service = literalValue(argumentFor(call.args, 0, 'service_name'));
    if (typeof service === 'string' && /^bedrock(?:-runtime|-agent-runtime)?$/.test(service)) {
      emit({ kind: 'service', name: 'bedrock', properties: { sdk: 'boto3' } }, call.node);
    }
    return;
  }
  // LangChain's init_chat_model("gpt-4o", model_provider="openai") or init_chat_model("anthropic:claude-...").
  if (/^langchain(?:\.chat_models)?(?:\.base)?\.init_chat_model$/.test(callee)) {
    const named = literalValue(argumentFor(call.args, 0, 'model'));
    if (typeof named !== 'string' || named === '') return;
    const given = literalValue(call.args.keywords.get('model_provider'));
    const colon = named.indexOf(':');
    const provider = typeof given === 'string' && given !== '' ? given : colon > 0 ? named.slice(0, colon) : undefined;
    const model = typeof given === 'string' && given !== '' ? named : colon > 0 ? named.slice(colon + 1) : named;
    emit({ kind: 'service', name: short(PROVIDER_ALIASES.get(provider ?? '') ?? provider ?? 'unknown'), properties: { sdk: 'langchain', model: short(model) } }, call.node);
    return;
  }
  const service = serviceOf(callee);
  if (!service) return;
  // GenerativeModel("gemini-1.5-pro") (google-generativeai, vertexai) takes the model name first.
  const positional = /\.GenerativeModel$/.test(callee) ? literalValue(argumentFor(call.args, 0, 'model_name')) : undefined;
  const model = literalKeyword(call, MODEL_KEYWORDS) ?? (typeof positional === 'string' && positional !== '' ? positional : undefined);
  const endpoint = literalKeyword(call, ENDPOINT_KEYWORDS);
  if (!constructsClass(callee) && model === undefined) return;
  emit(
    {
      kind: 'service',
      name: service[0],
      properties: { sdk: service[1], ...(model === undefined ? {} : { model: short(model) }), ...(endpoint === undefined ? {} : { endpoint: short(endpoint) }) },
    },
    call.node,
  );
}

function hubReferences(call: CallSite, emit: AssetSink, hubImported: boolean): void {
  if (!hubImported) return;
  const target = repoArgument(call);
  if (!target?.node) return;
  const id = literalValue(target.node);
  if (typeof id !== 'string' || id === '' || isLocalPath(id)) return;
  if (target.kind === 'dataset' && PACKAGED_DATASET_BUILDERS.has(id)) return;
  const revision = literalValue(call.args.keywords.get('revision'));
  const version = typeof revision === 'string' && revision !== '' ? revision : undefined;
  const trust = literalValue(call.args.keywords.get('trust_remote_code')) === true;
  const repoType = target.kind === 'repository' ? literalValue(call.args.keywords.get('repo_type')) : undefined;
  const kind = target.kind === 'dataset' || repoType === 'dataset' ? 'dataset' : 'model';
  emit(
    {
      kind,
      name: short(id),
      ...(version === undefined ? {} : { version: short(version) }),
      properties: {
        source: 'hub',
        pinned: version !== undefined && FULL_COMMIT.test(version) ? 'true' : 'false',
        loader: short(call.callee ?? call.calleeText),
        ...(trust ? { trust_remote_code: 'true' } : {}),
      },
    },
    call.node,
  );
}

const AGENT_TOOL_CLASSES: ReadonlySet<string> = new Set([...CODE_TOOLS.keys(), ...REQUEST_TOOLS]);
const AGENT_TOOL_NAMES: ReadonlySet<string> = new Set([...CODE_TOOL_NAMES, ...REQUEST_TOOL_NAMES]);

function agentTools(call: CallSite, emit: AssetSink): void {
  const cls = langchainClassCall(call.callee, AGENT_TOOL_CLASSES);
  if (cls !== undefined) {
    emit({ kind: 'agent-tool', name: cls, properties: { framework: 'langchain' } }, call.node);
    return;
  }
  for (const name of loadToolsNames(call)) {
    if (AGENT_TOOL_NAMES.has(name)) emit({ kind: 'agent-tool', name, properties: { framework: 'langchain' } }, call.node);
  }
}

/** Vector store classes (LangChain, LlamaIndex) by class name, and native clients by resolved callee. */
const STORE_CLASSES: ReadonlyMap<string, string> = new Map([
  ['FAISS', 'faiss'],
  ['Chroma', 'chroma'],
  ['Pinecone', 'pinecone'],
  ['PineconeVectorStore', 'pinecone'],
  ['Qdrant', 'qdrant'],
  ['QdrantVectorStore', 'qdrant'],
  ['Weaviate', 'weaviate'],
  ['WeaviateVectorStore', 'weaviate'],
  ['PGVector', 'pgvector'],
  ['PGVectorStore', 'pgvector'],
  ['Milvus', 'milvus'],
  ['MilvusVectorStore', 'milvus'],
  ['LanceDB', 'lancedb'],
  ['ElasticsearchStore', 'elasticsearch'],
  ['OpenSearchVectorSearch', 'opensearch'],
  ['MongoDBAtlasVectorSearch', 'mongodb-atlas'],
  ['ChromaVectorStore', 'chroma'],
  ['FaissVectorStore', 'faiss'],
  ['SKLearnVectorStore', 'sklearn'],
  ['DocArrayInMemorySearch', 'docarray'],
]);
const STORE_PACKAGES = /^(?:langchain\w*|llama_index)$/;
const NATIVE_STORES: readonly (readonly [RegExp, string])[] = [
  [/^faiss\.(?:read_index|Index\w*)$/, 'faiss'],
  [/^chromadb\.(?:Client|PersistentClient|HttpClient|EphemeralClient|AsyncHttpClient)$/, 'chroma'],
  [/^pinecone\.(?:Pinecone|Index)$/, 'pinecone'],
  [/^qdrant_client\.(?:Async)?QdrantClient$/, 'qdrant'],
  [/^weaviate\.(?:Client|WeaviateClient|connect_to_\w+)$/, 'weaviate'],
  [/^pymilvus\.(?:MilvusClient|connections\.connect)$/, 'milvus'],
  [/^lancedb\.connect$/, 'lancedb'],
  [/^pgvector\./, 'pgvector'],
];

function vectorStores(call: CallSite, emit: AssetSink): void {
  const callee = call.callee;
  if (callee === undefined) return;
  for (const [pattern, name] of NATIVE_STORES) {
    if (pattern.test(callee)) {
      emit({ kind: 'vector-store', name, properties: { sdk: topModule(callee) } }, call.node);
      return;
    }
  }
  if (!STORE_PACKAGES.test(topModule(callee))) return;
  // FAISS.load_local(...) loads a saved store; llama_index classes follow the same naming.
  const name = callee.replace(/^llama_index/, 'langchain_llama_index').replace(/\.load_local$/, '');
  const cls = langchainClassCall(name, STORE_CLASSES);
  if (cls === undefined) return;
  emit({ kind: 'vector-store', name: STORE_CLASSES.get(cls)!, properties: { sdk: topModule(callee), class: cls } }, call.node);
}

/** Module-level `NAME = "literal"` assigned once: a system prompt is often kept in a constant. */
const constantsCache = new WeakMap<PythonModule, ReadonlyMap<string, string>>();

function moduleConstants(module: PythonModule): ReadonlyMap<string, string> {
  const cached = constantsCache.get(module);
  if (cached) return cached;
  const values = new Map<string, string>();
  const seen = new Set<string>();
  for (const statement of module.root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    const value = literalValue(assignment.childForFieldName('right'));
    if (seen.has(left.text) || typeof value !== 'string') values.delete(left.text);
    else values.set(left.text, value);
    seen.add(left.text);
  }
  constantsCache.set(module, values);
  return values;
}

/** A string literal, or a module constant holding one. */
export function constantText(node: SyntaxNode | undefined | null, module: PythonModule): string | undefined {
  return promptText(node, module);
}

function promptText(node: SyntaxNode | undefined | null, module: PythonModule): string | undefined {
  if (!node) return undefined;
  const value = literalValue(node);
  if (typeof value === 'string') return value;
  return node.type === 'identifier' ? moduleConstants(module).get(node.text) : undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function promptAsset(text: string, node: SyntaxNode, via: string, emit: AssetSink, module: PythonModule, path: string): void {
  if (text.trim() === '') return;
  const line = node.startPosition.row + 1;
  emit({ kind: 'prompt', name: `${path}:${module.displayLine?.(line) ?? line}`, properties: { source: 'code', sha256: sha256(text), via, length: String(text.length) } }, node);
}

function systemPromptCalls(module: PythonModule, path: string, call: CallSite, emit: AssetSink): void {
  const callee = call.callee;
  if (callee === undefined) return;
  const top = topModule(callee);
  const sdk = PROVIDERS.has(top) || GOOGLE.test(callee) || /^(?:langchain\w*|llama_index|agents|openai_agents|pydantic_ai)$/.test(top);
  if (!sdk) return;
  for (const keyword of ['system', 'instructions', 'system_prompt', 'system_instruction']) {
    const node = call.args.keywords.get(keyword);
    const value = promptText(node, module);
    if (node && value !== undefined) promptAsset(value, node, `${keyword}=`, emit, module, path);
  }
  if (/(?:^|\.)SystemMessage(?:PromptTemplate)?$/.test(callee) || /\.SystemMessagePromptTemplate\.from_template$/.test(callee)) {
    const node = argumentFor(call.args, 0, callee.endsWith('from_template') ? 'template' : 'content');
    const value = promptText(node, module);
    if (node && value !== undefined) promptAsset(value, node, 'SystemMessage', emit, module, path);
  }
}

const MESSAGE_NODES = new Set(['dictionary', 'tuple']);

/** `{"role": "system", "content": "..."}` and LangChain's `("system", "...")`. */
function systemPromptLiterals(module: PythonModule, path: string, emit: AssetSink): void {
  for (const node of nodesOfType(module.root, MESSAGE_NODES)) {
    if (node.type === 'tuple') {
      if (node.namedChildCount !== 2) continue;
      const [role, content] = [node.namedChildren[0], node.namedChildren[1]];
      if (!role || !content || stringLiteral(role) !== 'system') continue;
      const value = promptText(content, module);
      if (value !== undefined) promptAsset(value, content, 'message', emit, module, path);
      continue;
    }
    let isSystem = false;
    let content: SyntaxNode | undefined;
    for (const pair of node.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const name = key ? stringLiteral(key) : undefined;
      if (name === 'role' && value && stringLiteral(value) === 'system') isSystem = true;
      else if (name === 'content' && value) content = value;
    }
    if (!isSystem || !content) continue;
    const value = promptText(content, module);
    if (value !== undefined) promptAsset(value, content, 'message', emit, module, path);
  }
}

/**
 * Records every asset the module names. One pass over the calls, one tree-sitter search for messages. The
 * monitoring collector, when given, sees each call in the same pass and every AI service recorded.
 */
export function collectAssets(module: PythonModule, path: string, record: AssetSink, monitor?: MonitoringCollector): void {
  const hubImported = [...HUB_LIBRARIES].some((library) => module.importedModules.has(library));
  const emit: AssetSink = monitor
    ? (asset, node) => {
        if (asset.kind === 'service') monitor.service(node);
        record(asset, node);
      }
    : record;
  for (const call of module.calls) {
    monitor?.call(call);
    hubReferences(call, emit, hubImported);
    services(call, emit);
    agentTools(call, emit);
    vectorStores(call, emit);
    systemPromptCalls(module, path, call, emit);
  }
  // Most modules have no system message: skip the search of every dict and tuple when the word is absent.
  if (module.root.text.includes('system')) systemPromptLiterals(module, path, emit);
}
