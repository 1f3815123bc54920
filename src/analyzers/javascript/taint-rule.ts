/** @module Builds an LLM-output taint rule from its metadata, sink kind and the consequence its message names. */
import type { RuleMeta } from '../../core/rule.js';
import type { JsRule } from './rule.js';
import { taintedSinks } from './sinks.js';
import type { SinkKind } from './taint.js';

export function llmOutputRule(meta: RuleMeta, kind: SinkKind, consequence: string): JsRule {
  return {
    meta,
    check(module, report) {
      for (const found of taintedSinks(module, kind)) {
        const source = found.trace[0]!;
        report({
          node: found.node,
          message: `Text written by a language model (${source.text}, line ${source.line}) reaches ${found.sink}${found.detail ? ` ${found.detail}` : ''}: ${consequence}`,
          evidence: found.evidence,
        });
      }
    },
  };
}
