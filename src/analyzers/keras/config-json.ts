/**
 * @module Parses a Keras config as Python's `json` module does. Python writes and reads `NaN`, `Infinity` and
 * `-Infinity`, which JSON.parse rejects; they become null here (no rule looks at numbers), so a config Keras
 * loads is never called malformed, and one Keras refuses is.
 */

export type ParsedConfig = { readonly value: unknown } | { readonly error: string };

/** `NaN`, `Infinity` and `-Infinity` outside strings, as Python's json accepts them. */
const PYTHON_CONSTANTS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

export function parseConfigJson(text: string): ParsedConfig {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    try {
      return { value: JSON.parse(text.replace(PYTHON_CONSTANTS, (token) => (token.startsWith('"') ? token : 'null'))) };
    } catch {
      return { error: (error as Error).message };
    }
  }
}

/**
 * The shape Keras writes for a saved model: `class_name` and `config`, with `module` or `registered_name`
 * (Keras 3, tf-keras 2.13+) or `keras_version` (older `model.to_json()` output).
 */
export function hasKerasShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const object = value as Record<string, unknown>;
  const marked = 'module' in object || 'registered_name' in object || 'keras_version' in object;
  return typeof object['class_name'] === 'string' && 'config' in object && marked;
}
