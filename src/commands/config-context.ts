/** @module What config validation needs to know about the built-in analyzers and rules. */
import { analyzers } from '../analyzers/index.js';
import type { ConfigContext } from '../core/config/load.js';

export function configContext(): ConfigContext {
  return { analyzers, ruleIds: new Set(analyzers.flatMap((analyzer) => analyzer.rules.map((rule) => rule.id))) };
}
