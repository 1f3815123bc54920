/**
 * @module Monitoring signals in code, for the conformance checks of principles 4.1 and 4.2 (model-call-telemetry,
 * model-input-logging, input-screening). The Python and JavaScript analyzers each find, per file, the model calls
 * and the tracing, logging and screening set up around them; this turns one language's findings into evidence,
 * the same way for both.
 */
import type { ProjectFact } from '../analyzer.js';
import type { EvidenceReport } from '../evidence.js';
import { clip as clipText, listSome } from '../../lib/listing.js';

/**
 * How a tracing library treats prompts: `recorded` by default, `otel-env` only when
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true, `off` turned off in the call (see `detail`).
 */
export type PromptCapture = 'recorded' | 'otel-env' | 'off';

export interface MonitoringSignal {
  readonly kind: 'telemetry' | 'screening' | 'logging';
  /** What was found, for a summary: `Langfuse (langfuse.openai drop-in)`, `logger.info(question)`. */
  readonly label: string;
  readonly line: number;
  readonly prompts?: PromptCapture;
  /** Why prompts are not recorded, for `off`. */
  readonly detail?: string;
}

export interface EnvSetting {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** What one file tells the project pass. Plain data, small: signals are capped. */
export interface MonitoringFact {
  /** The line of the first model call or AI client in the file, when there is one. */
  readonly aiCall?: number;
  readonly signals: readonly MonitoringSignal[];
  readonly env: readonly EnvSetting[];
}

const MAX_SUMMARY = 299;

const clip = (text: string) => clipText(text, MAX_SUMMARY);

/** `head` + the signals + the model calls, naming fewer of each until the line fits. */
function fit(head: string, signals: readonly string[], callers: readonly string[], tail = ''): string {
  for (let shown = 3; shown >= 1; shown--) {
    for (let calls = 5; calls >= 1; calls--) {
      const text = `${head}${listSome(signals, shown)}${tail}; model calls in ${listSome(callers, calls)}`;
      if (text.length <= MAX_SUMMARY) return text;
    }
  }
  return clip(`${head}${listSome(signals, 1)}${tail}; model calls in ${listSome(callers, 1)}`);
}

interface Located extends MonitoringSignal {
  readonly path: string;
}

function truthy(value: string): boolean {
  return value === 'true' || value === '1';
}

/**
 * Evidence for model-call-telemetry, model-input-logging and input-screening from the facts of one language's
 * files. Nothing is recorded when no file calls a model: the checks are about model calls. `language` names
 * the files in summaries ("Python").
 */
export function monitoringEvidence(unordered: readonly ProjectFact<MonitoringFact>[], language: string): EvidenceReport[] {
  const out: EvidenceReport[] = [];
  const context = { evidence: (item: EvidenceReport) => void out.push(item) };
  const place = (path: string, member: string | undefined) => (member === undefined ? path : `${path}!${member}`);
  // Files finish in any order; summaries must not.
  const facts = unordered.map((f) => ({ ...f, key: place(f.path, f.member) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const callers = facts.filter((f) => f.fact.aiCall !== undefined).map((f) => `${place(f.path, f.member)}:${f.fact.aiCall}`);
  if (callers.length === 0) return out;
  const signals: Located[] = facts.flatMap((f) => f.fact.signals.map((s) => ({ ...s, path: place(f.path, f.member) })));
  const env = facts.flatMap((f) => f.fact.env.map((e) => ({ ...e, path: place(f.path, f.member) })));
  const at = (s: Located) => `${s.path}:${s.line}`;
  const location = (s: Located) => ({ path: s.path, startLine: s.line });

  const telemetry = signals.filter((s) => s.kind === 'telemetry');
  const langsmithEnv = env.find((e) => (e.name === 'LANGCHAIN_TRACING_V2' || e.name === 'LANGSMITH_TRACING') && truthy(e.value));
  if (langsmithEnv) telemetry.push({ kind: 'telemetry', label: `LangSmith tracing (${langsmithEnv.name}=true)`, line: langsmithEnv.line, path: langsmithEnv.path, prompts: 'recorded' });
  if (telemetry.length > 0) {
    context.evidence({
      check: 'model-call-telemetry',
      summary: fit(`${language} model calls are traced: `, telemetry.map((s) => `${s.label} at ${at(s)}`), callers),
      location: location(telemetry[0]!),
    });
  }

  const otelOn = env.find((e) => e.name === 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT' && truthy(e.value));
  const traceloopOff = env.find((e) => e.name === 'TRACELOOP_TRACE_CONTENT' && !truthy(e.value));
  const hidden = env.find((e) => e.name === 'OPENINFERENCE_HIDE_INPUTS' && truthy(e.value));
  const records = (s: Located) => {
    if (s.prompts === 'otel-env') return otelOn !== undefined;
    if (s.prompts !== 'recorded') return false;
    if (traceloopOff && /Traceloop|OpenLLMetry/.test(s.label)) return false;
    if (hidden && /OpenInference|Phoenix/.test(s.label)) return false;
    return true;
  };
  const recording = [...telemetry.filter(records), ...signals.filter((s) => s.kind === 'logging')];
  if (recording.length > 0) {
    const capture = otelOn && recording.some((s) => s.prompts === 'otel-env') ? ` (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true at ${otelOn.path}:${otelOn.line})` : '';
    context.evidence({
      check: 'model-input-logging',
      summary: fit(`${language} model inputs are recorded by `, recording.map((s) => `${s.label} at ${at(s)}`), callers, capture),
      location: location(recording[0]!),
    });
  } else if (telemetry.length > 0) {
    const first = telemetry[0]!;
    const reasons = telemetry.map((s) => {
      if (s.prompts === 'otel-env') return `${s.label}: message content capture not enabled (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true is not set in code aigis read)`;
      if (s.prompts === 'off') return `${s.label}: prompt capture turned off (${s.detail ?? 'off'})`;
      if (traceloopOff && /Traceloop|OpenLLMetry/.test(s.label)) return `${s.label}: TRACELOOP_TRACE_CONTENT=${traceloopOff.value} at ${traceloopOff.path}:${traceloopOff.line}`;
      return `${s.label}: inputs hidden (OPENINFERENCE_HIDE_INPUTS=true)`;
    });
    context.evidence({
      check: 'model-input-logging',
      summary: fit(`${language} model calls are traced by `, telemetry.map((s) => `${s.label} at ${at(s)}`), callers, ', but prompts are not recorded'),
      location: location(first),
      shortfall: clip(listSome(reasons, 2)),
    });
  }

  const screening = signals.filter((s) => s.kind === 'screening');
  if (screening.length > 0) {
    context.evidence({
      check: 'input-screening',
      summary: fit(`${language} inputs are screened with `, screening.map((s) => `${s.label} at ${at(s)}`), callers),
      location: location(screening[0]!),
    });
  }
  return out;
}
