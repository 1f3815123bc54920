/**
 * @module Calls whose result is text written by a language model: the OpenAI, Anthropic, Google, Cohere,
 * Mistral, Groq and Ollama SDKs, the Vercel AI SDK and LangChain JS (models, `.pipe` chains and
 * `RunnableSequence.from`). Recognised by the resolved callee (`openai().chat.completions.create`), so only
 * clients that come from those packages count; a look-alike method of another library does not.
 */
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { CallSite, JsModule } from './module.js';
import { isFunctionNode, lastSegment, objectProperty, unwrap } from './module.js';

const OPENAI_STYLE_HEADS = new Set([
  'openai',
  'openai.OpenAI',
  'openai.AzureOpenAI',
  'openai.default',
  'groq-sdk',
  'groq-sdk.Groq',
  'groq-sdk.default',
  'together-ai',
  'together-ai.Together',
]);
const OPENAI_STYLE_METHODS = new Set([
  'chat.completions.create',
  'chat.completions.parse',
  'chat.completions.stream',
  'beta.chat.completions.parse',
  'beta.chat.completions.stream',
  'responses.create',
  'responses.parse',
  'responses.stream',
  'completions.create',
]);

/** openai v3: `new OpenAIApi(configuration).createChatCompletion(...)`. */
const LEGACY_OPENAI_METHODS = new Set(['createChatCompletion', 'createCompletion']);

const ANTHROPIC_HEADS = new Set([
  '@anthropic-ai/sdk',
  '@anthropic-ai/sdk.Anthropic',
  '@anthropic-ai/sdk.default',
  '@anthropic-ai/bedrock-sdk',
  '@anthropic-ai/bedrock-sdk.AnthropicBedrock',
  '@anthropic-ai/vertex-sdk',
  '@anthropic-ai/vertex-sdk.AnthropicVertex',
]);
const ANTHROPIC_METHODS = new Set(['messages.create', 'messages.stream', 'messages.parse', 'beta.messages.create', 'beta.messages.stream', 'completions.create']);

const OLLAMA_MODULES = new Set(['ollama', 'ollama/browser']);
const OLLAMA_METHODS = new Set(['chat', 'generate']);

const COHERE_HEADS = new Set(['cohere-ai.CohereClient', 'cohere-ai.CohereClientV2']);
const COHERE_METHODS = new Set(['chat', 'chatStream', 'generate', 'generateStream']);

const MISTRAL_HEADS = new Set(['@mistralai/mistralai.Mistral', '@mistralai/mistralai.MistralClient', '@mistralai/mistralai']);
const MISTRAL_METHODS = new Set(['chat.complete', 'chat.stream', 'fim.complete', 'chat']);

const GOOGLE_LEGACY = /^getGenerativeModel\(\)\.(?:generateContent|generateContentStream|startChat\(\)\.sendMessage|startChat\(\)\.sendMessageStream)$/;
const GOOGLE_GENAI = /^(?:models\.generateContent|models\.generateContentStream|chats\.create\(\)\.sendMessage|chats\.create\(\)\.sendMessageStream)$/;

const VERCEL_FUNCTIONS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
/** React/Vue/Svelte hooks whose state holds the streamed reply (`messages`, `completion`, `object`). */
const UI_HOOK_MODULES = new Set(['ai/react', '@ai-sdk/react', 'ai/vue', '@ai-sdk/vue', 'ai/svelte', '@ai-sdk/svelte']);
const UI_HOOKS = new Set(['useChat', 'useCompletion', 'useObject', 'experimental_useObject']);

const LANGCHAIN_MODELS = new Set([
  'ChatOpenAI',
  'AzureChatOpenAI',
  'ChatAnthropic',
  'ChatOllama',
  'ChatGoogleGenerativeAI',
  'ChatVertexAI',
  'ChatMistralAI',
  'ChatGroq',
  'ChatCohere',
  'ChatBedrockConverse',
  'BedrockChat',
  'ChatFireworks',
  'ChatTogetherAI',
  'ChatDeepSeek',
  'ChatXAI',
  'ChatCerebras',
  'OpenAI',
  'AzureOpenAI',
  'Ollama',
  'Cohere',
  'initChatModel',
  'createReactAgent',
  'createAgent',
]);
const LANGCHAIN_CALL = /^(?:(?:withStructuredOutput|bindTools|bind|withConfig|withRetry|withFallbacks)\(\)\.)*(invoke|call|predict|predictMessages|stream|batch|generate|streamEvents)$/;
const LANGCHAIN_WRAPPERS = /^(?:(?:withStructuredOutput|bindTools|bind|withConfig|withRetry|withFallbacks)\(\)\.?)*$/;
const RUNNABLE_METHODS = new Set(['invoke', 'call', 'run', 'predict', 'stream', 'batch', 'streamEvents']);

function isLangChainModule(name: string): boolean {
  return name.startsWith('@langchain/') || name === 'langchain' || name.startsWith('langchain/');
}

/** `head` of a resolved name is everything before the first call; `tail` what follows it. */
function split(resolved: string): { head: string; tail: string } | undefined {
  const at = resolved.indexOf('()');
  if (at < 0) return undefined;
  return { head: resolved.slice(0, at), tail: resolved.slice(at + 2).replace(/^\./, '') };
}

function isLangChainHead(head: string): boolean {
  const dot = head.lastIndexOf('.');
  if (dot < 0) return false;
  return isLangChainModule(head.slice(0, dot)) && LANGCHAIN_MODELS.has(head.slice(dot + 1));
}

/** The provider whose model wrote a call's result, by the callee's resolved name; undefined if none. */
export function providerOfResolved(resolved: string | undefined): string | undefined {
  if (!resolved) return undefined;
  const dot = resolved.indexOf('.');
  // functions called directly on a module
  if (!resolved.includes('()')) {
    const module = dot < 0 ? resolved : resolved.slice(0, resolved.lastIndexOf('.'));
    const fn = lastSegment(resolved);
    if (module === 'ai' && VERCEL_FUNCTIONS.has(fn)) return 'Vercel AI SDK';
    if (OLLAMA_MODULES.has(module) && OLLAMA_METHODS.has(fn)) return 'Ollama';
    if (UI_HOOK_MODULES.has(module) && UI_HOOKS.has(fn)) return 'Vercel AI SDK';
    return undefined;
  }
  const parts = split(resolved);
  if (!parts) return undefined;
  const { head, tail } = parts;
  if (OPENAI_STYLE_HEADS.has(head) && OPENAI_STYLE_METHODS.has(tail)) return head.startsWith('openai') ? 'OpenAI' : head.split('.')[0];
  if (head === 'openai.OpenAIApi' && LEGACY_OPENAI_METHODS.has(tail)) return 'OpenAI';
  if (ANTHROPIC_HEADS.has(head) && ANTHROPIC_METHODS.has(tail)) return 'Anthropic';
  if ((head === 'ollama.Ollama' || head === 'ollama/browser.Ollama') && OLLAMA_METHODS.has(tail)) return 'Ollama';
  if (COHERE_HEADS.has(head) && COHERE_METHODS.has(tail)) return 'Cohere';
  if (MISTRAL_HEADS.has(head) && MISTRAL_METHODS.has(tail)) return 'Mistral';
  if (head === '@google/generative-ai.GoogleGenerativeAI' && GOOGLE_LEGACY.test(tail)) return 'Google Gemini';
  if (head === '@google/genai.GoogleGenAI' && GOOGLE_GENAI.test(tail)) return 'Google Gemini';
  if (isLangChainHead(head) && LANGCHAIN_CALL.test(tail)) return 'LangChain';
  return undefined;
}

/** Whether an expression is a LangChain model (possibly wrapped by `withStructuredOutput` and the like). */
function isLangChainModel(module: JsModule, node: SyntaxNode): boolean {
  const resolved = module.resolve(node);
  if (!resolved) return false;
  const parts = split(resolved);
  if (!parts) return false;
  return isLangChainHead(parts.head) && LANGCHAIN_WRAPPERS.test(parts.tail);
}

/** Whether an expression is a runnable with a model in it: a model, `a.pipe(model)`, `RunnableSequence.from([.., model])`. */
function isModelRunnable(module: JsModule, node: SyntaxNode, depth: number, seen: Set<number>): boolean {
  if (depth > 12 || seen.has(node.id)) return false;
  seen.add(node.id);
  const inner = unwrap(node);
  if (isLangChainModel(module, inner)) return true;
  if (inner.type === 'identifier') {
    const key = module.declarationOf(inner);
    if (!key) return false;
    return module.bindingsOf(key).some((binding) => binding.kind === 'value' && binding.value !== binding.node && isModelRunnable(module, binding.value, depth + 1, seen));
  }
  if (inner.type === 'array') return inner.namedChildren.some((child) => !!child && isModelRunnable(module, child, depth + 1, seen));
  if (inner.type !== 'call_expression' && inner.type !== 'new_expression') return false;
  const site = module.callAt.get(inner.id);
  if (!site?.callee) return false;
  // `new LLMChain({ llm, prompt })`, `createReactAgent({ llm, tools })`: a chain or agent around a LangChain model
  const options = site.args[0] ? unwrap(site.args[0]) : undefined;
  const resolvedModule = site.resolved?.split('.')[0] ?? '';
  if (options?.type === 'object' && isLangChainModule(resolvedModule)) {
    for (const key of ['llm', 'model']) {
      const value = objectProperty(options, key);
      if (value && isModelRunnable(module, value, depth + 1, seen)) return true;
    }
  }
  if (site.callee.type === 'member_expression') {
    const property = site.callee.childForFieldName('property')?.text;
    const object = site.callee.childForFieldName('object');
    if (property === 'pipe' && object) {
      return isModelRunnable(module, object, depth + 1, seen) || site.args.some((arg) => isModelRunnable(module, arg, depth + 1, seen));
    }
    if (property === 'from' && site.resolved?.endsWith('RunnableSequence.from')) {
      return site.args.some((arg) => isModelRunnable(module, arg, depth + 1, seen));
    }
  }
  return false;
}

/** The provider whose model wrote this call's result, or undefined when the call is not an LLM call. */
export function llmSourceOf(module: JsModule, site: CallSite): string | undefined {
  const direct = providerOfResolved(site.resolved);
  if (direct) return direct;
  if (site.callee?.type === 'member_expression') {
    const property = site.callee.childForFieldName('property')?.text;
    const object = site.callee.childForFieldName('object');
    if (property && object && RUNNABLE_METHODS.has(property) && !isFunctionNode(object) && isModelRunnable(module, object, 0, new Set())) return 'LangChain';
  }
  return undefined;
}

const TOOL_FACTORY_MODULES = /^(?:@langchain\/core\/tools|langchain\/tools|@langchain\/community\/tools\/dynamic|ai|@openai\/agents|@openai\/agents-core|@mastra\/core\/tools|@mastra\/core)$/;
const TOOL_CLASSES = new Set(['Tool', 'StructuredTool', 'DynamicTool', 'DynamicStructuredTool']);

function moduleOf(resolved: string | undefined): string | undefined {
  if (!resolved || resolved.includes('()')) return undefined;
  const dot = resolved.lastIndexOf('.');
  return dot < 0 ? resolved : resolved.slice(0, dot);
}

/**
 * Functions that receive arguments a model wrote when it called a tool: LangChain `tool(fn, ...)`,
 * `new DynamicTool({ func })`, `_call` of a `Tool` subclass, and `tool({ execute })` of the Vercel AI SDK, the
 * OpenAI Agents SDK and Mastra (`createTool`). Maps the function's node id to a label for the trace.
 */
export function agentToolHandlers(module: JsModule): Map<number, string> {
  const handlers = new Map<number, string>();
  for (const site of module.calls) {
    const module_ = moduleOf(site.resolved);
    if (!module_ || !TOOL_FACTORY_MODULES.test(module_)) continue;
    const name = lastSegment(site.resolved!);
    const first = site.args[0] ? unwrap(site.args[0]) : undefined;
    if (!first) continue;
    if ((name === 'tool' || name === 'createTool') && isFunctionNode(first)) handlers.set(first.id, `${name}() tool`);
    else if (name === 'tool' || name === 'createTool' || name === 'DynamicTool' || name === 'DynamicStructuredTool') {
      if (first.type !== 'object') continue;
      for (const key of ['execute', 'func']) {
        const fn = objectPropertyNode(first, key);
        if (fn && isFunctionNode(fn)) handlers.set(fn.id, `${name}() tool`);
      }
    }
  }
  for (const cls of module.classes) {
    const heritage = cls.namedChildren.find((child) => child?.type === 'class_heritage');
    const base = heritage?.namedChildren[0]?.type === 'extends_clause' ? heritage.namedChildren[0].namedChildren[0] : heritage?.namedChildren[0];
    const resolved = base ? module.resolve(base) : undefined;
    const baseModule = moduleOf(resolved);
    if (!resolved || !baseModule || !TOOL_CLASSES.has(lastSegment(resolved)) || !/^(?:@langchain\/|langchain\/)/.test(baseModule)) continue;
    for (const member of cls.childForFieldName('body')?.namedChildren ?? []) {
      if (member?.type === 'method_definition' && member.childForFieldName('name')?.text === '_call') handlers.set(member.id, `${lastSegment(resolved)} subclass`);
    }
  }
  return handlers;
}

function objectPropertyNode(object: SyntaxNode, key: string): SyntaxNode | undefined {
  for (const entry of object.namedChildren) {
    if (!entry) continue;
    if (entry.type === 'pair' && entry.childForFieldName('key')?.text === key) return entry.childForFieldName('value') ?? undefined;
    if (entry.type === 'method_definition' && entry.childForFieldName('name')?.text === key) return entry;
  }
  return undefined;
}
