/**
 * @module The configuration used when there is no aigis.yaml, and where to look for one. Building the defaults
 * straight from the schema's `default` values spares a scan without a config file the YAML and schema
 * libraries (their loading and compiling cost more than a small scan). A test keeps this equal to what the
 * validator produces for an empty file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsOwner } from './schema.js';
import type { AigisConfig } from './types.js';
import { DEFAULT_LIMITS } from './types.js';

export const CONFIG_FILE_NAMES = ['aigis.yaml', 'aigis.yml', '.aigis.yaml', '.aigis.yml'] as const;

export function findConfigFile(directory: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => join(directory, name)).find((candidate) => existsSync(candidate));
}

type Schema = Readonly<Record<string, unknown>>;

/** The value an empty object takes under `schema`: each property's `default`, recursively for objects. */
function defaultsOf(schema: Schema | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const properties = (schema?.['properties'] ?? {}) as Record<string, Schema>;
  for (const [key, property] of Object.entries(properties)) {
    if ('default' in property) {
      const value = structuredClone(property['default']);
      result[key] = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as object), ...defaultsOf(property) } : value;
    }
  }
  return result;
}

export function defaultConfig(context: { readonly analyzers: readonly SettingsOwner[] }): AigisConfig {
  return {
    ignore: [],
    rules: {},
    suppressions: [],
    analyzers: Object.fromEntries(context.analyzers.map((analyzer) => [analyzer.id, defaultsOf(analyzer.settingsSchema)])),
    limits: DEFAULT_LIMITS,
    conformance: { notApplicable: {} },
  };
}
