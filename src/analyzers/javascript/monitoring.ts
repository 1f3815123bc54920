/**
 * @module Monitoring of model calls, for the conformance checks of principles 4.1 and 4.2: whether a module
 * calls an AI service, traces those calls (Traceloop/OpenLLMetry, OpenInference, Langfuse, LangSmith, the
 * Vercel AI SDK's `experimental_telemetry`, Helicone), screens inputs (OpenAI moderation, Lakera), or logs what
 * it passes to a model. The file pass looks at each call once, in the asset loop, and keeps a small fact; the
 * project pass turns the facts into evidence. Everything comes from parsed imports and calls, so names in
 * comments and strings never count.
 */
import type { EnvSetting, MonitoringFact, MonitoringSignal } from '../../core/conformance/monitoring.js';
import type { SyntaxNode } from '../../parsers/tree-sitter.js';
import type { CallSite, JsModule } from './module.js';
import { lastSegment, objectProperty, propertyName, stringValue, unwrap } from './module.js';
import { llmSourceOf, providerOfResolved } from './sources.js';

const MAX_SIGNALS = 16;
/** Model and logger calls looked at for input logging; enough for any hand-written module. */
const MAX_CALLS = 64;

/** Names a file must contain for the monitoring signals; the analyzer parses files that name one. */
export const MONITORING_NAMES = /langfuse|langsmith|traceloop|openinference|helicone|experimental_telemetry|api\.lakera\.ai|GENAI_CAPTURE_MESSAGE_CONTENT|TRACELOOP_TRACE_CONTENT|LANGSMITH_TRACING|LANGCHAIN_TRACING_V2/;

const ENV_NAMES = new Set(['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'TRACELOOP_TRACE_CONTENT', 'OPENINFERENCE_HIDE_INPUTS']);

/** The package of a resolved name: `@scope/name` or `name` (with a `/subpath`), up to the first dot or call. */
function packageOf(resolved: string): string {
  const end = resolved.search(/[.(]/);
  return end < 0 ? resolved : resolved.slice(0, end);
}

/** Langfuse packages: every call of these traces (CallbackHandler, observeOpenAI, LangfuseSpanProcessor, observe...). */
const LANGFUSE_TRACING_PACKAGES = new Set(['langfuse-langchain', 'langfuse-vercel', '@langfuse/langchain', '@langfuse/openai', '@langfuse/otel', '@langfuse/tracing']);
/** In `langfuse` / `langfuse-node` (which also hold prompt management): the tracing calls. */
const LANGFUSE_CORE = /^langfuse(?:-node)?(?:\.observeOpenAI|\.(?:Langfuse|default)\(\)\.(?:trace|generation|span))$/;
const LANGSMITH = /^langsmith\/(?:wrappers(?:\/openai)?\.(wrapOpenAI|wrapSDK)|traceable\.(traceable))$/;
const VERCEL_CALLS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany']);
const AI_CLIENTS = /^(?:openai(?:\.(?:OpenAI|AzureOpenAI|default))?|@anthropic-ai\/sdk(?:\.(?:Anthropic|default))?|@ai-sdk\/openai\.createOpenAI|@ai-sdk\/anthropic\.createAnthropic)$/;
const HELICONE = /^https?:\/\/(?:[\w-]+\.)*helicone\.ai(?:[/:?]|$)/;
const LAKERA = /(?:^|\/\/|\.)api\.lakera\.ai(?:[/:?]|$)/;
const MODERATION = /^openai(?:\.(?:OpenAI|AzureOpenAI|default))?\(\)\.moderations\.create$/;

/** Packages whose calls can be a signal; other calls cost one test of this. */
const SIGNAL_PACKAGES = /^(?:@traceloop\/|@arizeai\/|@langfuse\/|langfuse|langsmith\/|ai$|openai$|@anthropic-ai\/sdk$|@ai-sdk\/(?:openai|anthropic)$)/;
/** An AI SDK imported: only then can a call be a model call. */
const AI_MODULES = /^(?:openai|ai|@anthropic-ai\/|@ai-sdk\/|@langchain\/|langchain|ollama|cohere-ai|@mistralai\/|@google\/(?:generative-ai|genai)|groq-sdk|together-ai)/;

const LOG_METHODS = 'debug|info|warn|warning|error|trace|fatal|verbose|log';
const LOGGER_RESOLVED = new RegExp(`^(?:pino|winston|bunyan|loglevel|@nestjs/common)(?:[.(].*)?\\.(?:${LOG_METHODS})$`);
const LOGGER_TEXT = new RegExp(`^(?:this\\.)?_?(?:logger|log|LOGGER|LOG)\\.(?:${LOG_METHODS})$`);
/** Option keys that carry the prompt, not the settings, of a model call. */
const PROMPT_KEYS = new Set(['messages', 'prompt', 'input', 'contents', 'content', 'system', 'instructions', 'query', 'question', 'text', 'message']);

const IDENTIFIERS = ['identifier', 'shorthand_property_identifier'];

function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

function firstObject(site: CallSite): SyntaxNode | undefined {
  for (const arg of site.args.slice(0, 3)) {
    const node = unwrap(arg);
    if (node.type === 'object') return node;
  }
  return undefined;
}

/** A literal, or a `const` declared once with one. */
function constantText(node: SyntaxNode | undefined, module: JsModule): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  const literal = stringValue(inner);
  if (literal !== undefined || inner.type !== 'identifier') return literal;
  const key = module.declarationOf(inner);
  const bindings = key === undefined ? [] : module.bindingsOf(key);
  const only = bindings.length === 1 ? bindings[0] : undefined;
  return only?.kind === 'value' && only.prop === undefined && only.op === undefined ? stringValue(unwrap(only.value)) : undefined;
}

/** Collects the signals of one module; `call` runs inside the asset loop, `finish` once after it. */
export class MonitoringCollector {
  private aiCall: number | undefined;
  private readonly signals: MonitoringSignal[] = [];
  private readonly labels = new Set<string>();
  private readonly llmCalls: CallSite[] = [];
  private readonly loggerCalls: CallSite[] = [];
  private readonly lakeraNamed: boolean;
  /** Model calls are looked for only when an AI SDK is imported; LangChain runnables only when LangChain is. */
  private readonly aiImported: boolean;
  private readonly langchainImported: boolean;

  constructor(
    private readonly module: JsModule,
    private readonly code: string,
  ) {
    this.lakeraNamed = code.includes('api.lakera.ai');
    const imported = [...module.importedModules];
    this.aiImported = imported.some((name) => AI_MODULES.test(name));
    this.langchainImported = imported.some((name) => name.startsWith('@langchain/') || name.startsWith('langchain'));
  }

  service(node: SyntaxNode): void {
    const line = lineOf(node);
    if (this.aiCall === undefined || line < this.aiCall) this.aiCall = line;
  }

  private add(signal: MonitoringSignal): void {
    if (this.signals.length >= MAX_SIGNALS || this.labels.has(signal.label)) return;
    this.labels.add(signal.label);
    this.signals.push(signal);
  }

  call(site: CallSite): void {
    const resolved = site.resolved;
    if (this.aiImported && (this.langchainImported ? llmSourceOf(this.module, site) : providerOfResolved(resolved)) !== undefined) {
      this.llmCalls.push(site);
      this.service(site.node);
    }
    if ((resolved !== undefined && LOGGER_RESOLVED.test(resolved)) || (site.calleeText.includes('og') && LOGGER_TEXT.test(site.calleeText))) this.loggerCalls.push(site);
    if (this.lakeraNamed && site.args.length > 0 && LAKERA.test(constantText(site.args[0], this.module) ?? '')) {
      this.add({ kind: 'screening', label: 'Lakera Guard API (api.lakera.ai)', line: lineOf(site.node) });
    }
    if ((resolved !== undefined && MODERATION.test(resolved)) || site.calleeText.endsWith('.moderations.create')) {
      this.add({ kind: 'screening', label: 'OpenAI moderation (moderations.create)', line: lineOf(site.node) });
      return;
    }
    if (resolved === undefined) return;
    const signal = this.signalOf(site, resolved);
    if (signal) this.add({ ...signal, line: lineOf(site.node) });
  }

  private signalOf(site: CallSite, resolved: string): Omit<MonitoringSignal, 'line'> | undefined {
    const pkg = packageOf(resolved);
    if (!SIGNAL_PACKAGES.test(pkg)) return undefined;
    const options = firstObject(site);
    const off = (key: string) => options !== undefined && unwrap(objectProperty(options, key) ?? options).type === 'false';
    if (pkg === '@traceloop/node-server-sdk' && lastSegment(resolved) === 'initialize') {
      return off('traceContent')
        ? { kind: 'telemetry', label: 'Traceloop (OpenLLMetry) initialize()', prompts: 'off', detail: 'traceContent: false' }
        : { kind: 'telemetry', label: 'Traceloop (OpenLLMetry) initialize()', prompts: 'recorded' };
    }
    if (pkg.startsWith('@traceloop/instrumentation-') && site.isNew) {
      return off('traceContent')
        ? { kind: 'telemetry', label: `OpenLLMetry ${pkg}`, prompts: 'off', detail: 'traceContent: false' }
        : { kind: 'telemetry', label: `OpenLLMetry ${pkg}`, prompts: 'recorded' };
    }
    if (pkg.startsWith('@arizeai/openinference-instrumentation-') || pkg === '@arizeai/openinference-vercel') return { kind: 'telemetry', label: `OpenInference ${pkg}`, prompts: 'recorded' };
    if (LANGFUSE_TRACING_PACKAGES.has(pkg) || LANGFUSE_CORE.test(resolved)) return { kind: 'telemetry', label: `Langfuse ${lastSegment(resolved) === 'default' ? pkg : lastSegment(resolved)} (${pkg})`, prompts: 'recorded' };
    const langsmith = LANGSMITH.exec(resolved);
    if (langsmith) return { kind: 'telemetry', label: `LangSmith ${langsmith[1] ?? langsmith[2]}`, prompts: 'recorded' };
    if (pkg === 'ai' && VERCEL_CALLS.has(lastSegment(resolved)) && options) {
      const telemetry = objectProperty(options, 'experimental_telemetry');
      const settings = telemetry ? unwrap(telemetry) : undefined;
      const enabled = settings?.type === 'object' ? objectProperty(settings, 'isEnabled') : undefined;
      if (!enabled || unwrap(enabled).type !== 'true') return undefined;
      const recordInputs = objectProperty(settings, 'recordInputs');
      const label = `Vercel AI SDK experimental_telemetry in ${lastSegment(resolved)}()`;
      return recordInputs && unwrap(recordInputs).type === 'false' ? { kind: 'telemetry', label, prompts: 'off', detail: 'recordInputs: false' } : { kind: 'telemetry', label, prompts: 'recorded' };
    }
    if (AI_CLIENTS.test(resolved) && options) return helicone(options);
    return undefined;
  }

  finish(): MonitoringFact | undefined {
    this.loggingSignals();
    const env = /process\.env/.test(this.code) && /TRACING|CONTENT|HIDE_INPUTS/.test(this.code) ? envSettings(this.module) : [];
    if (this.aiCall === undefined && this.signals.length === 0 && env.length === 0) return undefined;
    return { ...(this.aiCall === undefined ? {} : { aiCall: this.aiCall }), signals: this.signals, env };
  }

  /** Declarations of the variables an expression names (globals have none and are skipped). */
  private variables(node: SyntaxNode, out: Set<string>): void {
    for (const id of node.descendantsOfType(IDENTIFIERS).slice(0, 64)) {
      const key = id ? this.module.declarationOf(id) : undefined;
      if (key === undefined) continue;
      if (this.module.bindingsOf(key).some((binding) => binding.kind === 'import' || binding.kind === 'function')) continue;
      out.add(key);
    }
  }

  /** A logger call naming a variable that a model call is given (the same declaration, so the same scope). */
  private loggingSignals(): void {
    if (this.llmCalls.length === 0 || this.loggerCalls.length === 0) return;
    const inputs = new Map<string, number>();
    for (const site of this.llmCalls.slice(0, MAX_CALLS)) {
      const direct = new Set<string>();
      for (const arg of site.args) {
        const node = unwrap(arg);
        if (node.type !== 'object') {
          this.variables(node, direct);
          continue;
        }
        for (const entry of node.namedChildren) {
          const key = entry?.type === 'pair' ? entry.childForFieldName('key') : entry?.type === 'shorthand_property_identifier' ? entry : undefined;
          const name = key ? (key.type === 'shorthand_property_identifier' ? key.text : propertyName(key)) : undefined;
          if (entry && name !== undefined && PROMPT_KEYS.has(name)) this.variables(entry.type === 'pair' ? (entry.childForFieldName('value') ?? entry) : entry, direct);
        }
      }
      // const messages = [{ role: 'user', content: question }]; create({ messages }): question is an input too
      const all = new Set(direct);
      for (const key of direct) {
        for (const binding of this.module.bindingsOf(key).slice(0, 8)) if (binding.kind === 'value' && binding.value !== binding.node) this.variables(binding.value, all);
      }
      for (const key of all) if (!inputs.has(key)) inputs.set(key, lineOf(site.node));
    }
    let found = 0;
    for (const site of this.loggerCalls.slice(0, MAX_CALLS * 4)) {
      const logged = new Set<string>();
      for (const arg of site.args) this.variables(arg, logged);
      const key = [...logged].find((k) => inputs.has(k));
      if (key === undefined) continue;
      const name = key.slice(key.indexOf(':') + 1);
      this.add({ kind: 'logging', label: `${site.calleeText}() logging ${name} (model call input, line ${inputs.get(key)})`, line: lineOf(site.node) });
      if (++found >= 3) return;
    }
  }
}

/** An OpenAI or Anthropic client pointed at Helicone's proxy, or given a Helicone-Auth header. */
function helicone(options: SyntaxNode): Omit<MonitoringSignal, 'line'> | undefined {
  for (const key of ['baseURL', 'baseUrl']) {
    const base = stringValue(objectProperty(options, key) ?? null);
    if (base !== undefined && HELICONE.test(base)) return { kind: 'telemetry', label: `Helicone proxy (baseURL ${base.slice(0, 60)})`, prompts: 'recorded' };
  }
  for (const key of ['defaultHeaders', 'headers']) {
    const headers = objectProperty(options, key);
    const object = headers ? unwrap(headers) : undefined;
    if (object?.type !== 'object') continue;
    for (const entry of object.namedChildren) {
      const name = entry?.type === 'pair' ? entry.childForFieldName('key') : undefined;
      if (name && propertyName(name)?.toLowerCase() === 'helicone-auth') return { kind: 'telemetry', label: 'Helicone (Helicone-Auth header)', prompts: 'recorded' };
    }
  }
  return undefined;
}

/** `process.env.X = 'v'` and `process.env['X'] = 'v'` for the tracing variables. */
function envSettings(module: JsModule): EnvSetting[] {
  const out: EnvSetting[] = [];
  for (const assignment of module.assignments) {
    if (assignment.type !== 'assignment_expression' || out.length >= MAX_SIGNALS) continue;
    const left = assignment.childForFieldName('left');
    const text = left?.text.replace(/\s+/g, '') ?? '';
    const name = /^process\.env(?:\.(\w+)|\[['"`](\w+)['"`]\])$/.exec(text);
    const variable = name?.[1] ?? name?.[2];
    const right = assignment.childForFieldName('right');
    const value = right ? stringValue(unwrap(right)) ?? (right.type === 'true' || right.type === 'false' ? right.type : undefined) : undefined;
    if (variable !== undefined && ENV_NAMES.has(variable) && value !== undefined) out.push({ name: variable, value: value.toLowerCase(), line: lineOf(assignment) });
  }
  return out;
}
