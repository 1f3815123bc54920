/**
 * @module What the taint engine knows about libraries: which calls return LLM output (sources), which build an
 * LLM object whose invocation returns output (models, chains, agents, pipelines), which calls clean text for
 * one kind of sink (sanitizers), and which pass text through (propagators). Names are the dotted names the
 * module model resolves calls to; an instance method appears as `Class().method`.
 */

/** One bit per sink kind: a flow stays dangerous for the kinds whose bit is still set. */
export const SINK = { code: 1, shell: 2, sql: 4, html: 8, path: 16, url: 32 } as const;
export type SinkKind = keyof typeof SINK;
export const ALL_SINKS = 63;

const OPENAI_CLIENT = String.raw`openai\.(?:OpenAI|AsyncOpenAI|AzureOpenAI|AsyncAzureOpenAI)\(\)\.`;
const OPENAI_CALLS = String.raw`(?:beta\.)?(?:chat\.completions\.(?:create|parse|stream)|completions\.create|responses\.(?:create|parse|stream))`;
const ANTHROPIC_CLIENT = String.raw`anthropic\.(?:Anthropic|AsyncAnthropic|AnthropicBedrock|AsyncAnthropicBedrock|AnthropicVertex|AsyncAnthropicVertex)\(\)\.`;

const SOURCE_PATTERNS: readonly RegExp[] = [
  new RegExp(`^${OPENAI_CLIENT}${OPENAI_CALLS}$`),
  // The module-level client of openai>=1 and the legacy 0.x API.
  new RegExp(`^openai\\.${OPENAI_CALLS}$`),
  /^openai\.(?:ChatCompletion|Completion)\.a?create$/,
  new RegExp(`^${ANTHROPIC_CLIENT}(?:beta\\.)?(?:messages\\.(?:create|stream)|completions\\.create)$`),
  /^litellm\.(?:a?completion|a?text_completion)$/,
  /^litellm\.Router\(\)\.a?completion$/,
  /^ollama\.(?:chat|generate)$/,
  /^ollama\.(?:Client|AsyncClient)\(\)\.(?:chat|generate)$/,
  /^google\.generativeai\.GenerativeModel\(\)\.(?:generate_content(?:_async)?|start_chat\(\)\.send_message(?:_async)?)$/,
  /^google\.genai\.Client\(\)\.(?:aio\.)?(?:models\.generate_content(?:_stream)?|chats\.create\(\)\.send_message(?:_stream)?)$/,
  /^cohere\.(?:Client|ClientV2|AsyncClient|AsyncClientV2)\(\)\.(?:chat|chat_stream|generate)$/,
  /^huggingface_hub\.(?:InferenceClient|AsyncInferenceClient)\(\)\.(?:text_generation|chat_completion|chat\.completions\.create)$/,
  // Calling what transformers.pipeline(...) returned.
  /^transformers\.pipeline\(\)$/,
  /^mistralai\.Mistral\(\)\.chat\.(?:complete|stream)(?:_async)?$/,
  /^groq\.(?:Groq|AsyncGroq)\(\)\.chat\.completions\.create$/,
];

/** OpenAI-compatible SDKs (Groq, Together, DeepSeek, vLLM...) share this call; it names nothing else. */
const OPENAI_COMPATIBLE_TEXT = /(?:^|\.)chat\.completions\.(?:create|parse)$/;

/** Whether a call returns LLM output, judged from its resolved callee or (for OpenAI-compatible clients) its text. */
export function isSourceCall(callee: string | undefined, calleeText: string): boolean {
  if (callee !== undefined && SOURCE_PATTERNS.some((pattern) => pattern.test(callee))) return true;
  return OPENAI_COMPATIBLE_TEXT.test(calleeText);
}

const LANGCHAIN_PROVIDER = /^langchain_(?:openai|anthropic|ollama|google_genai|google_vertexai|groq|mistralai|cohere|aws|huggingface|fireworks|together|deepseek|xai|nvidia_ai_endpoints|community)\.(?:[\w.]+\.)?(\w+)$/;
const LANGCHAIN_LLM_CLASS = /^(?:Chat\w+|\w*Chat|OpenAI|AzureOpenAI|OllamaLLM|Ollama|GoogleGenerativeAI|VertexAI|AnthropicLLM|HuggingFaceEndpoint|HuggingFacePipeline|HuggingFaceHub|BedrockLLM|Bedrock|Together|Fireworks|Cohere|LlamaCpp|VLLM|Replicate)$/;

/** Whether a constructor (or factory) builds an LLM object: invoking it returns model output. */
export function isModelConstructor(callee: string | undefined): boolean {
  if (callee === undefined || /Embedding/i.test(callee)) return false;
  if (/^langchain(?:_community)?(?:\.[\w]+)*\.(?:llms|chat_models)\.[\w.]+$/.test(callee)) return true;
  const provider = LANGCHAIN_PROVIDER.exec(callee);
  if (provider && LANGCHAIN_LLM_CLASS.test(provider[1]!)) return true;
  if (/^llama_index\.llms\.[\w.]+$/.test(callee)) return true;
  return callee === 'transformers.pipeline' || callee === 'langchain.chat_models.init_chat_model';
}

/** Frameworks whose calls build a chain or agent around an LLM passed to them. */
export function isFrameworkCall(callee: string | undefined): boolean {
  return callee !== undefined && /^(?:langchain|langchain_core|langchain_experimental|langchain_community|langgraph|llama_index)\b/.test(callee);
}

/** Methods that run an LLM object (model, chain, agent, pipeline) and return its output. */
export const INVOKE_METHODS: ReadonlySet<string> = new Set([
  'invoke', 'ainvoke', 'predict', 'apredict', 'run', 'arun', 'batch', 'abatch', 'stream', 'astream', '__call__',
  'generate', 'agenerate', 'complete', 'acomplete', 'chat', 'achat', 'stream_complete', 'stream_chat', 'predict_messages',
  'call', 'acall', 'query', 'aquery',
]);

/** Calls whose result is safe for some sinks: the bits they clear. */
export const SANITIZERS: ReadonlyMap<string, number> = new Map([
  ['ast.literal_eval', SINK.code],
  ['shlex.quote', SINK.shell],
  ['pipes.quote', SINK.shell],
  ['html.escape', SINK.html],
  ['cgi.escape', SINK.html],
  ['markupsafe.escape', SINK.html],
  ['flask.escape', SINK.html],
  ['jinja2.escape', SINK.html],
  ['bleach.clean', SINK.html],
  ['nh3.clean', SINK.html],
  ['django.utils.html.escape', SINK.html],
  ['django.utils.html.strip_tags', SINK.html],
  ['os.path.basename', SINK.path],
  ['werkzeug.utils.secure_filename', SINK.path],
]);

/** Calls whose result carries no text of their arguments (numbers, booleans, hashes). */
export const KILLERS: ReadonlySet<string> = new Set([
  'int', 'float', 'bool', 'len', 'hash', 'id', 'isinstance', 'callable', 'type', 'abs', 'round', 'ord',
  'print', 'uuid.uuid4', 'time.time', 'os.path.exists', 'os.path.isfile', 'os.path.isdir',
]);

/** Calls that return (text made from) some of their arguments: argument indexes, or 'all'. */
export const PROPAGATORS: ReadonlyMap<string, readonly number[] | 'all'> = new Map<string, readonly number[] | 'all'>([
  ['str', [0]], ['repr', [0]], ['format', [0]], ['list', [0]], ['tuple', [0]], ['set', [0]], ['frozenset', [0]],
  ['sorted', [0]], ['reversed', [0]], ['next', [0]], ['iter', [0]], ['dict', 'all'], ['getattr', [0]], ['enumerate', [0]],
  ['zip', 'all'], ['max', 'all'], ['min', 'all'], ['filter', [1]], ['map', [1]], ['bytes', [0]], ['bytearray', [0]],
  ['json.loads', [0]], ['json.dumps', [0]], ['json.load', [0]], ['yaml.safe_load', [0]], ['orjson.loads', [0]],
  ['textwrap.dedent', [0]], ['textwrap.indent', [0]], ['textwrap.fill', [0]], ['textwrap.shorten', [0]],
  ['re.sub', [1, 2]], ['re.subn', [1, 2]], ['re.findall', [1]], ['re.search', [1]], ['re.match', [1]], ['re.fullmatch', [1]],
  ['re.split', [1]], ['re.finditer', [1]],
  ['shlex.split', [0]], ['markdown.markdown', [0]], ['markdown2.markdown', [0]], ['mistune.html', [0]],
  ['pathlib.Path', 'all'], ['pathlib.PurePath', 'all'], ['os.path.join', 'all'], ['os.path.abspath', [0]],
  ['os.path.normpath', [0]], ['os.path.realpath', [0]], ['os.path.expanduser', [0]], ['os.path.expandvars', [0]],
  ['os.path.dirname', [0]], ['os.fspath', [0]], ['posixpath.join', 'all'],
  ['urllib.parse.urljoin', 'all'], ['urllib.parse.unquote', [0]], ['base64.b64decode', [0]], ['codecs.decode', [0]],
  ['typing.cast', [1]], ['copy.copy', [0]], ['copy.deepcopy', [0]], ['dataclasses.asdict', [0]],
]);

/** Methods that return their receiver's text, or a part of it (strings, bytes, lists, dicts, response objects). */
export const KILLER_METHODS: ReadonlySet<string> = new Set([
  'count', 'find', 'rfind', 'index', 'rindex', 'startswith', 'endswith', 'isdigit', 'isalpha', 'isalnum', 'isnumeric',
  'isdecimal', 'isspace', 'isupper', 'islower', 'istitle', 'isidentifier', 'isascii', 'is_relative_to', '__len__',
  'exists', 'is_file', 'is_dir',
]);

/** Methods that also pass their arguments' text into the result: `" ".join(parts)`, `"{}".format(x)`. */
export const ARGUMENT_METHODS: ReadonlySet<string> = new Set([
  'join', 'format', 'format_map', 'replace', 'decode', 'batch_decode', 'joinpath', 'with_name', 'with_suffix',
  'parse', 'parse_raw', 'model_validate_json', 'model_validate', 'parse_obj',
]);

/** A module of the project's own that wraps an LLM API (`app/llm.py`, `utils/llm_client.py`). */
const WRAPPER_MODULE = /^(?:llm|llms|gpt|chatgpt|llm_?client|llm_?utils|llm_?service|llm_?api|ai_?client|genai)$/i;
/** A function of such a module, or of a variable named like an LLM, that returns the model's text. */
const WRAPPER_FUNCTION = /^(?:a?complete|a?completion|get_completion|chat_completion|a?chat|a?ask(?:_llm|_model)?|call_llm|query_llm|a?generate(?:_text|_response)?|answer|respond|reply|a?invoke|prompt|summari[sz]e|judge|a?predict)$/;
const SDK_ROOTS = /^(?:openai|anthropic|litellm|ollama|google|cohere|huggingface_hub|transformers|langchain\w*|llama_index|mistralai|groq|vertexai|boto3)$/;

/**
 * Whether a call goes through the project's own LLM wrapper: `llm.complete(...)` after `from . import llm`
 * or `from app import llm`, `complete(...)` after `from .llm import complete`, or `llm.ask(...)` on a variable
 * named `llm`. Each file is analysed alone, so the wrapper's body is not seen; its name is the evidence.
 */
/** A cheap, conservative pre-check for `isWrapperCall`: the function name alone, before imports are mapped. */
export function mayBeWrapperCall(calleeText: string): boolean {
  const at = calleeText.lastIndexOf('.');
  return WRAPPER_FUNCTION.test(at < 0 ? calleeText : calleeText.slice(at + 1));
}

export function isWrapperCall(path: string | undefined): boolean {
  if (path === undefined) return false;
  const segments = path.split('.').filter((segment) => segment !== '' && !segment.endsWith('()'));
  if (segments.length < 2 || SDK_ROOTS.test(segments[0]!)) return false;
  if (path.includes('()')) return false;
  const fn = segments[segments.length - 1]!;
  return WRAPPER_FUNCTION.test(fn) && segments.slice(0, -1).some((segment) => WRAPPER_MODULE.test(segment));
}
