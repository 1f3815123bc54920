/** @module The Python pattern rules (calls and arguments), in rule-id order. */
import type { PythonRule } from './rule.js';
import { torchLoadWithoutWeightsOnly } from './rules/torch-load-without-weights-only.js';

export const PATTERN_RULES: readonly PythonRule[] = [torchLoadWithoutWeightsOnly];
