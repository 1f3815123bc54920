/**
 * @module Monitoring of model calls, for the conformance checks of principles 4.1 and 4.2: whether a module
 * calls an AI service, sets up tracing of those calls (OpenTelemetry GenAI instrumentors, OpenInference,
 * OpenLIT, Traceloop, Langfuse, LangSmith, MLflow, Weave, Logfire, Opik, AgentOps, Helicone), screens inputs
 * (LLM Guard, NeMo Guardrails, Guardrails AI, Rebuff, Presidio, Azure AI Content Safety, Lakera, OpenAI
 * moderation), or logs what it passes to a model. The file pass looks at each call once, in the asset loop,
 * and keeps a small fact; the project pass turns the facts into evidence. Everything comes from parsed
 * imports and calls, so names in comments and strings never count.
 */
import type { EnvSetting, MonitoringFact, MonitoringSignal } from '../../core/conformance/monitoring.js';
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { CallSite, PythonModule } from './module.js';
import { constantText } from './assets.js';
import { literalValue, nodesOfType, stringLiteral, topModule } from './module.js';
import { INVOKE_METHODS, isModelConstructor, isSourceCall } from './taint/catalog.js';

const MAX_SIGNALS = 16;

/** Environment variables that switch tracing or prompt capture on or off. */
export const TRACING_ENV = /OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT|LANGCHAIN_TRACING_V2|LANGSMITH_TRACING|TRACELOOP_TRACE_CONTENT|OPENINFERENCE_HIDE_INPUTS/;
const ENV_NAMES = new Set(['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'TRACELOOP_TRACE_CONTENT', 'OPENINFERENCE_HIDE_INPUTS']);

/** Top-level packages whose calls can be a signal; every other call costs one set lookup. */
const SIGNAL_TOPS = new Set([
  'opentelemetry', 'openinference', 'phoenix', 'openlit', 'traceloop', 'langfuse', 'langsmith', 'mlflow', 'weave', 'logfire',
  'agentops', 'opik', 'llm_guard', 'nemoguardrails', 'guardrails', 'rebuff', 'presidio_analyzer', 'presidio_anonymizer', 'azure', 'openai',
  'langchain', 'langchain_openai', 'langchain_community', 'langchain_experimental',
]);

/** The GenAI instrumentors published as `opentelemetry.instrumentation.<name>` (OpenTelemetry contrib and OpenLLMetry). */
const OTEL_GENAI = /^opentelemetry\.instrumentation\.(openai_v2|openai|anthropic|langchain|bedrock|vertexai|google_genai|google_generativeai|cohere|mistralai|groq|ollama|together|replicate|llamaindex|transformers|haystack|watsonx|sagemaker|crewai|openai_agents|alephalpha)\.(\w+Instrumentor)\(\)\.instrument$/;
/** Instrumentations published by the OpenTelemetry project, which need the content-capture variable. */
const OTEL_CONTRIB: ReadonlySet<string> = new Set(['openai_v2', 'google_genai', 'vertexai']);
const OPENINFERENCE = /^openinference\.instrumentation\.(\w+)\.(\w+Instrumentor)\(\)\.instrument$/;
/** MLflow flavours whose autolog traces LLM calls (not sklearn and the like, which log training runs). */
const MLFLOW_GENAI = /^mlflow\.(openai|langchain|anthropic|bedrock|gemini|litellm|llama_index|dspy|autogen|crewai|groq|mistral|ollama|openai_agents|smolagents|pydantic_ai)\.autolog$/;
const LANGFUSE_CALLBACK = /^langfuse\.(?:callback|langchain)\.CallbackHandler$|^langfuse\.llama_index\.(?:LlamaIndexCallbackHandler|LlamaIndexInstrumentor)$/;
const LANGFUSE_CLIENT = /^langfuse\.(?:Langfuse|get_client)\(\)\.(?:trace|generation|span|start_as_current_span|start_as_current_generation|start_span|start_generation)$/;
const LANGSMITH_WRAP = /^langsmith\.wrappers\.(wrap_openai|wrap_anthropic)$/;
const OPIK = /^opik\.(?:integrations\.\w+\.(track_\w+)|track)$/;
const LOGFIRE = /^logfire\.(instrument_(?:openai|anthropic|pydantic_ai|openai_agents))$/;

const LLM_GUARD = /^llm_guard\.(?:(scan_prompt)$|input_scanners\.(\w+))/;
const NEMO = /^nemoguardrails\.(?:(LLMRails|RailsConfig)|integrations\.langchain\.runnable_rails\.(RunnableRails))(?:$|[.(])/;
const GUARDRAILS = /^guardrails\.(?:Guard|AsyncGuard)(?:$|[.(])/;
const PRESIDIO = /^presidio_(?:analyzer|anonymizer)\.(AnalyzerEngine|BatchAnalyzerEngine|AnonymizerEngine)(?:$|[.(])/;
const CONTENT_SAFETY = /^azure\.ai\.contentsafety\.ContentSafetyClient(?:$|[.(])/;
const MODERATION = /^openai\.(?:(?:Async)?(?:Azure)?OpenAI\(\)\.)?moderations\.create$|^openai\.Moderation\.a?create$|^langchain\w*\.(?:chains\.)?OpenAIModerationChain$/;
const LAKERA = /(?:^|\/\/|\.)api\.lakera\.ai(?:[/:?]|$)/;
const HELICONE = /^https?:\/\/(?:[\w-]+\.)*helicone\.ai(?:[/:?]|$)/;

const LOG_METHODS = 'debug|info|warning|warn|error|exception|critical|log|msg';
const LOGGER_RESOLVED = new RegExp(`^(?:logging(?:\\.getLogger\\(\\))?|structlog\\.(?:get_logger|getLogger)\\(\\)|loguru\\.logger)\\.(?:${LOG_METHODS})$`);
const LOGGER_TEXT = new RegExp(`^(?:self\\.)?_?(?:logger|log|LOGGER|LOG)\\.(?:${LOG_METHODS})$`);

/** Providers whose calls `isSourceCall` knows; other calls skip its patterns. */
const AI_TOPS = new Set(['openai', 'anthropic', 'litellm', 'ollama', 'google', 'cohere', 'huggingface_hub', 'transformers', 'mistralai', 'groq']);
/** Keyword arguments that carry the prompt, not the settings, of a model call. */
const PROMPT_KEYWORDS = new Set(['messages', 'prompt', 'input', 'inputs', 'contents', 'content', 'text', 'query', 'question', 'system', 'instructions', 'message', 'chat_history', 'history']);
const NOT_VARIABLES = new Set(['self', 'cls', 'str', 'repr', 'len', 'dict', 'list', 'json', 'f', 'None', 'True', 'False', 'print', 'format']);

function lineOf(node: SyntaxNode, module: PythonModule): number {
  const line = node.startPosition.row + 1;
  return module.displayLine?.(line) ?? line;
}

function lastName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1).replace(/\(\)$/, '');
}

/** Collects the signals of one module; `call` runs inside the asset loop, `finish` once after it. */
export class MonitoringCollector {
  private aiCall: number | undefined;
  private readonly signals: MonitoringSignal[] = [];
  private readonly llmCalls: CallSite[] = [];
  private readonly loggerCalls: CallSite[] = [];
  private readonly labels = new Set<string>();
  private readonly lakeraNamed: boolean;

  /** `code` is the module's text, for cheap checks of names that must appear in it. */
  constructor(
    private readonly module: PythonModule,
    private readonly code: string,
  ) {
    this.lakeraNamed = code.includes('api.lakera.ai');
  }

  /** A service asset was recorded at this node: the module uses an AI client. */
  service(node: SyntaxNode): void {
    const line = lineOf(node, this.module);
    if (this.aiCall === undefined || line < this.aiCall) this.aiCall = line;
  }

  /** Keeps the first signal of each label: one per library and file is enough for a summary. */
  private add(signal: MonitoringSignal): void {
    if (this.signals.length >= MAX_SIGNALS || this.labels.has(signal.label)) return;
    this.labels.add(signal.label);
    this.signals.push(signal);
  }

  call(call: CallSite): void {
    const callee = call.callee;
    const top = callee === undefined ? '' : topModule(callee);
    if (isLlmCall(call, top)) {
      this.llmCalls.push(call);
      this.service(call.node);
    }
    if ((callee !== undefined && LOGGER_RESOLVED.test(callee)) || (call.calleeText.includes('og') && LOGGER_TEXT.test(call.calleeText))) this.loggerCalls.push(call);
    if (this.lakeraNamed && this.lakera(call)) return;
    if (callee === undefined) {
      if (call.calleeText.endsWith('.moderations.create')) this.add({ kind: 'screening', label: 'OpenAI moderation (moderations.create)', line: lineOf(call.node, this.module) });
      return;
    }
    if (!SIGNAL_TOPS.has(top)) return;
    const signal = this.signalOf(call, callee, top);
    if (signal) this.add({ ...signal, line: lineOf(call.node, this.module) });
  }

  private lakera(call: CallSite): boolean {
    for (const arg of [...call.args.positional.slice(0, 2), call.args.keywords.get('url')]) {
      const value = constantText(arg, this.module);
      if (value !== undefined && LAKERA.test(value)) {
        this.add({ kind: 'screening', label: 'Lakera Guard API (api.lakera.ai)', line: lineOf(call.node, this.module) });
        return true;
      }
    }
    return false;
  }

  private signalOf(call: CallSite, callee: string, top: string): Omit<MonitoringSignal, 'line'> | undefined {
    const keyword = (name: string) => literalValue(call.args.keywords.get(name));
    let match: RegExpExecArray | null;
    switch (top) {
      case 'opentelemetry':
        if ((match = OTEL_GENAI.exec(callee))) {
          // The OpenTelemetry project's own GenAI instrumentations leave message content out unless
          // OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true; OpenLLMetry's (the other packages under the
          // same namespace) record prompts unless TRACELOOP_TRACE_CONTENT=false. vertexai exists in both: strict.
          const contrib = OTEL_CONTRIB.has(match[1]!);
          return { kind: 'telemetry', label: `${contrib ? 'OpenTelemetry' : 'OpenLLMetry'} ${match[2]} (opentelemetry.instrumentation.${match[1]})`, prompts: contrib ? 'otel-env' : 'recorded' };
        }
        return undefined;
      case 'openinference':
        if ((match = OPENINFERENCE.exec(callee))) return { kind: 'telemetry', label: `OpenInference ${match[2]} (openinference.instrumentation.${match[1]})`, prompts: 'recorded' };
        return undefined;
      case 'phoenix':
        if (callee === 'phoenix.otel.register' && keyword('auto_instrument') === true) return { kind: 'telemetry', label: 'Arize Phoenix register(auto_instrument=True)', prompts: 'recorded' };
        return undefined;
      case 'openlit':
        if (callee !== 'openlit.init') return undefined;
        for (const name of ['capture_message_content', 'trace_content']) {
          if (keyword(name) === false) return { kind: 'telemetry', label: 'OpenLIT openlit.init()', prompts: 'off', detail: `${name}=False` };
        }
        return { kind: 'telemetry', label: 'OpenLIT openlit.init()', prompts: 'recorded' };
      case 'traceloop':
        if (callee !== 'traceloop.sdk.Traceloop.init') return undefined;
        if (keyword('trace_content') === false) return { kind: 'telemetry', label: 'Traceloop (OpenLLMetry) Traceloop.init()', prompts: 'off', detail: 'trace_content=False' };
        return { kind: 'telemetry', label: 'Traceloop (OpenLLMetry) Traceloop.init()', prompts: 'recorded' };
      case 'langfuse':
        if (LANGFUSE_CALLBACK.test(callee)) return { kind: 'telemetry', label: `Langfuse ${lastName(callee)}`, prompts: 'recorded' };
        if (LANGFUSE_CLIENT.test(callee)) return { kind: 'telemetry', label: `Langfuse ${lastName(callee)}()`, prompts: 'recorded' };
        return undefined;
      case 'langsmith':
        if ((match = LANGSMITH_WRAP.exec(callee))) return { kind: 'telemetry', label: `LangSmith ${match[1]}`, prompts: 'recorded' };
        return undefined;
      case 'mlflow':
        if (MLFLOW_GENAI.test(callee)) return { kind: 'telemetry', label: `MLflow tracing (${callee})`, prompts: 'recorded' };
        if (callee === 'mlflow.trace' || callee === 'mlflow.start_span') return { kind: 'telemetry', label: `MLflow tracing (${callee})`, prompts: 'recorded' };
        return undefined;
      case 'weave':
        if (callee === 'weave.init') return { kind: 'telemetry', label: 'Weave weave.init()', prompts: 'recorded' };
        return undefined;
      case 'logfire':
        if ((match = LOGFIRE.exec(callee))) return { kind: 'telemetry', label: `Logfire ${match[1]}`, prompts: 'recorded' };
        return undefined;
      case 'agentops':
        if (callee === 'agentops.init') return { kind: 'telemetry', label: 'AgentOps agentops.init()', prompts: 'recorded' };
        return undefined;
      case 'opik':
        if ((match = OPIK.exec(callee))) return { kind: 'telemetry', label: `Opik ${match[1] ?? 'track'}`, prompts: 'recorded' };
        return undefined;
      case 'llm_guard':
        if ((match = LLM_GUARD.exec(callee))) return { kind: 'screening', label: `LLM Guard ${match[1] ?? match[2]}` };
        return undefined;
      case 'nemoguardrails':
        if (!(match = NEMO.exec(callee))) return undefined;
        // LLMRails calls the model its config names: it is the module's model call.
        if (match[1] === 'LLMRails') this.service(call.node);
        return { kind: 'screening', label: `NeMo Guardrails ${match[1] ?? match[2]}` };
        return undefined;
      case 'guardrails':
        if (GUARDRAILS.test(callee)) return { kind: 'screening', label: 'Guardrails AI Guard' };
        return undefined;
      case 'rebuff':
        return { kind: 'screening', label: `Rebuff ${lastName(callee.replace(/\(\).*$/, ''))}` };
      case 'presidio_analyzer':
      case 'presidio_anonymizer':
        if ((match = PRESIDIO.exec(callee))) return { kind: 'screening', label: `Presidio ${match[1]}` };
        return undefined;
      case 'azure':
        if (CONTENT_SAFETY.test(callee)) return { kind: 'screening', label: 'Azure AI Content Safety ContentSafetyClient' };
        return undefined;
      case 'openai':
      case 'langchain':
      case 'langchain_openai':
      case 'langchain_community':
      case 'langchain_experimental':
        if (MODERATION.test(callee) || (top === 'openai' && call.calleeText.endsWith('.moderations.create'))) return { kind: 'screening', label: `OpenAI moderation (${lastName(callee) === 'OpenAIModerationChain' ? 'OpenAIModerationChain' : 'moderations.create'})` };
        if (top === 'openai') return helicone(call);
        return undefined;
      default:
        return undefined;
    }
  }

  /** The fact for this module, or undefined when it has nothing to say. */
  finish(): MonitoringFact | undefined {
    this.importSignals();
    this.loggingSignals();
    const env = TRACING_ENV.test(this.code) ? envSettings(this.module) : [];
    if (this.aiCall === undefined && this.signals.length === 0 && env.length === 0) return undefined;
    return { ...(this.aiCall === undefined ? {} : { aiCall: this.aiCall }), signals: this.signals, env };
  }

  /** Imports that are instrumentation in themselves: Langfuse's OpenAI drop-in, @observe and @traceable. */
  private importSignals(): void {
    const wanted: { label: string; test: (target: string) => boolean }[] = [];
    const targets = [...this.module.importBindings.values()];
    if (targets.some((t) => t === 'langfuse.openai' || t.startsWith('langfuse.openai.'))) wanted.push({ label: 'Langfuse OpenAI drop-in (langfuse.openai)', test: (t) => t === 'langfuse.openai' || t.startsWith('langfuse.openai.') });
    if (targets.some((t) => t === 'langfuse.decorators.observe' || t === 'langfuse.observe')) wanted.push({ label: 'Langfuse @observe', test: (t) => t === 'langfuse.decorators.observe' || t === 'langfuse.observe' });
    if (targets.some((t) => t === 'langsmith.traceable' || t === 'langsmith.run_helpers.traceable')) wanted.push({ label: 'LangSmith @traceable', test: (t) => t === 'langsmith.traceable' || t === 'langsmith.run_helpers.traceable' });
    if (wanted.length === 0) return;
    for (const statement of nodesOfType(this.module.root, IMPORTS)) {
      const module = statement.childForFieldName('module_name')?.text ?? '';
      for (const name of statement.childrenForFieldName('name')) {
        const imported = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
        if (imported === undefined) continue;
        const target = module === '' ? imported : `${module}.${imported}`;
        const hit = wanted.findIndex((w) => w.test(target));
        if (hit < 0) continue;
        this.add({ kind: 'telemetry', label: wanted[hit]!.label, line: lineOf(statement, this.module), prompts: 'recorded' });
        wanted.splice(hit, 1);
      }
      if (wanted.length === 0) return;
    }
  }

  /** A logger call in the same function as a model call, naming a variable the model call is given. */
  private loggingSignals(): void {
    if (this.llmCalls.length === 0 || this.loggerCalls.length === 0) return;
    const scopeOf = functionScopes(this.module.root);
    const inputsByScope = new Map<number, { names: Set<string>; line: number }>();
    const assignmentsByScope = new Map<number, SyntaxNode[]>();
    for (const call of this.llmCalls.slice(0, MAX_CALLS)) {
      const scope = scopeOf(call.node.startIndex);
      const entry = inputsByScope.get(scope.index) ?? { names: new Set<string>(), line: lineOf(call.node, this.module) };
      const direct = new Set<string>();
      for (const node of call.args.positional) identifiersIn(node, direct, this.module);
      for (const [name, node] of call.args.keywords) if (PROMPT_KEYWORDS.has(name)) identifiersIn(node, direct, this.module);
      for (const name of direct) entry.names.add(name);
      // messages = [{"role": "user", "content": question}]; create(messages=messages): question is an input too
      let assignments = assignmentsByScope.get(scope.index);
      if (!assignments) assignmentsByScope.set(scope.index, (assignments = nodesOfType(scope.node, ASSIGNMENTS).slice(0, 256)));
      for (const assignment of assignments) {
        const left = assignment.childForFieldName('left');
        const right = assignment.childForFieldName('right');
        if (left?.type === 'identifier' && right && direct.has(left.text)) identifiersIn(right, entry.names, this.module);
      }
      inputsByScope.set(scope.index, entry);
    }
    let found = 0;
    for (const call of this.loggerCalls.slice(0, MAX_CALLS * 4)) {
      const entry = inputsByScope.get(scopeOf(call.node.startIndex).index);
      if (!entry) continue;
      const logged = new Set<string>();
      for (const node of call.args.positional) identifiersIn(node, logged, this.module);
      for (const node of call.args.keywords.values()) identifiersIn(node, logged, this.module);
      const name = [...logged].find((n) => entry.names.has(n));
      if (name === undefined) continue;
      this.add({ kind: 'logging', label: `${call.calleeText}() logging ${name} (model call input, line ${entry.line})`, line: lineOf(call.node, this.module) });
      if (++found >= 3) return;
    }
  }
}

/** Model and logger calls looked at for input logging; enough for any hand-written module. */
const MAX_CALLS = 64;

/**
 * The innermost function (or the module) around a position: function ranges are read once into numbers, in
 * document order with each one's enclosing function, so a lookup is a binary search and a short climb.
 */
function functionScopes(root: SyntaxNode): (position: number) => { index: number; node: SyntaxNode } {
  const nodes = nodesOfType(root, FUNCTIONS);
  const starts: number[] = [];
  const ends: number[] = [];
  const parents: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const start = nodes[i]!.startIndex;
    const end = nodes[i]!.endIndex;
    while (open.length > 0 && ends[open[open.length - 1]!]! <= start) open.pop();
    starts.push(start);
    ends.push(end);
    parents.push(open.length > 0 ? open[open.length - 1]! : -1);
    open.push(i);
  }
  return (position) => {
    let low = 0;
    let high = starts.length - 1;
    let at = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle]! <= position) {
        at = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    while (at >= 0 && !(position < ends[at]!)) at = parents[at]!;
    return { index: at, node: at >= 0 ? nodes[at]! : root };
  };
}

const IMPORTS = new Set(['import_from_statement', 'import_statement']);
const FUNCTIONS = new Set(['function_definition', 'lambda']);
const ASSIGNMENTS = new Set(['assignment']);
const IDENTIFIERS = new Set(['identifier']);

function identifiersIn(node: SyntaxNode, out: Set<string>, module: PythonModule): void {
  for (const id of nodesOfType(node, IDENTIFIERS).slice(0, 64)) {
    if (NOT_VARIABLES.has(id.text) || module.importBindings.has(id.text)) continue;
    out.add(id.text);
  }
}

/** A model call: a known SDK call, or invoking a LangChain / LlamaIndex model object. */
function isLlmCall(call: CallSite, top: string): boolean {
  if ((AI_TOPS.has(top) || call.calleeText.includes('completions.')) && isSourceCall(call.callee, call.calleeText)) return true;
  const callee = call.callee;
  if (callee === undefined || !/^(?:langchain|llama_index)/.test(top)) return false;
  const at = callee.lastIndexOf('().');
  return at > 0 && INVOKE_METHODS.has(callee.slice(at + 3)) && isModelConstructor(callee.slice(0, at));
}

/** An OpenAI client pointed at Helicone's proxy (base_url) or given a Helicone-Auth header. */
function helicone(call: CallSite): Omit<MonitoringSignal, 'line'> | undefined {
  const base = literalValue(call.args.keywords.get('base_url'));
  if (typeof base === 'string' && HELICONE.test(base)) return { kind: 'telemetry', label: `Helicone proxy (base_url ${base.slice(0, 60)})`, prompts: 'recorded' };
  const headers = call.args.keywords.get('default_headers');
  if (headers?.type === 'dictionary') {
    for (const pair of headers.namedChildren) {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
      if (key && stringLiteral(key)?.toLowerCase() === 'helicone-auth') return { kind: 'telemetry', label: 'Helicone (Helicone-Auth header)', prompts: 'recorded' };
    }
  }
  return undefined;
}

/** `os.environ["X"] = "v"` and `os.environ.setdefault("X", "v")` for the tracing variables. */
function envSettings(module: PythonModule): EnvSetting[] {
  const out: EnvSetting[] = [];
  const push = (name: string | number | boolean | null | undefined, value: string | number | boolean | null | undefined, node: SyntaxNode) => {
    if (typeof name === 'string' && ENV_NAMES.has(name) && (typeof value === 'string' || typeof value === 'boolean') && out.length < MAX_SIGNALS) out.push({ name, value: String(value).toLowerCase(), line: lineOf(node, module) });
  };
  for (const call of module.calls) {
    if (call.callee === 'os.environ.setdefault' || call.callee === 'os.putenv') push(literalValue(call.args.positional[0]), literalValue(call.args.positional[1]), call.node);
  }
  for (const assignment of nodesOfType(module.root, ASSIGNMENTS)) {
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'subscript') continue;
    const object = left.childForFieldName('value');
    if (!object || module.resolve(object) !== 'os.environ') continue;
    push(literalValue(left.childForFieldName('subscript')), literalValue(assignment.childForFieldName('right')), assignment);
  }
  return out;
}
