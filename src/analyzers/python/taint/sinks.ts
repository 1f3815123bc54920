/**
 * @module What the taint rules share: a sink is a call plus the argument expressions that must not carry LLM
 * output; this reports each such call once, with the path from the source as evidence.
 */
import type { PythonModule } from '../module.js';
import type { PythonReport } from '../rule.js';
import type { SinkKind } from './catalog.js';
import { SINK } from './catalog.js';
import type { ArgumentExpr, TaintAnalysis, TaintCall, TaintFlow } from './engine.js';
import { pathEvidence, taintOf } from './engine.js';

export interface SinkMatch {
  /** The arguments that must not be LLM output. */
  readonly args: readonly (ArgumentExpr | undefined)[];
  /** The sink as named in the message, e.g. `os.system`. */
  readonly name: string;
  /** Why it is dangerous, for the message. */
  readonly why: string;
  /** Only the program position counts: flows sitting in a later list element are quiet. */
  readonly programOnly?: boolean;
}

export interface SinkSpec {
  readonly kind: SinkKind;
  match(call: TaintCall, analysis: TaintAnalysis): SinkMatch | undefined;
}

const MAX_SINK_LABEL = 48;

/** The call as it reads in evidence: `os.system(cmd)`, shortened. */
function sinkLabel(call: TaintCall): string {
  const text = call.text.slice(0, 400).replace(/\s+/g, ' ').trim();
  return text.length > MAX_SINK_LABEL ? `${call.calleeText.slice(0, MAX_SINK_LABEL - 5)}(...)` : text;
}

export function reportTaintedSinks(module: PythonModule, report: (report: PythonReport) => void, spec: SinkSpec): void {
  const analysis = taintOf(module);
  const bit = SINK[spec.kind];
  for (const call of analysis.calls) {
    const match = spec.match(call, analysis);
    if (!match) continue;
    let found: TaintFlow | undefined;
    for (const arg of match.args) {
      if (!arg) continue;
      found = analysis.flowsOf(call, arg).find((flow) => (flow.mask & bit) !== 0 && !(match.programOnly && flow.tail));
      if (found) break;
    }
    if (!found) continue;
    const node = call.syntaxNode();
    if (!node) continue;
    report({
      node,
      message: `LLM output from ${found.source} reaches ${match.name}: ${match.why}`,
      evidence: pathEvidence(found, sinkLabel(call), call.line),
    });
  }
}

/** The argument at a position, or passed by keyword. */
export function argument(call: TaintCall, index: number, keyword?: string): ArgumentExpr | undefined {
  return call.positional[index] ?? (keyword === undefined ? undefined : call.keywords.get(keyword));
}

/** A builtin called by its bare name and not rebound in the module (`eval`, `open`). */
export function isBuiltin(call: TaintCall, analysis: TaintAnalysis, names: ReadonlySet<string>): boolean {
  return call.callee === undefined && names.has(call.calleeText) && !analysis.bindsName(call.calleeText);
}
