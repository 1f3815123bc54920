/** @module The Python taint rules: LLM output reaching dangerous sinks. */
import type { PythonRule } from './rule.js';

export const TAINT_RULES: readonly PythonRule[] = [];
