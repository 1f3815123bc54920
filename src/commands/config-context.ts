/** @module The configuration a command runs with, and what validating it needs to know about the analyzers. */
import { analyzers } from '../analyzers/index.js';
import { defaultConfig, findConfigFile } from '../core/config/defaults.js';
import type { ConfigContext } from '../core/config/load.js';
import type { AigisConfig } from '../core/config/types.js';

export function configContext(): ConfigContext {
  return { analyzers, ruleIds: new Set(analyzers.flatMap((analyzer) => analyzer.rules.map((rule) => rule.id))) };
}

/** The `--config` file, else the scan root's aigis.yaml, else the defaults. Throws ConfigError on a bad file. */
export async function loadConfig(scanRoot: string, explicitPath?: string): Promise<AigisConfig> {
  const context = configContext();
  const path = explicitPath ?? findConfigFile(scanRoot);
  if (path === undefined) return defaultConfig(context);
  // The YAML parser and the schema validator load only when there is a file to check.
  const { loadConfigFile } = await import('../core/config/load.js');
  return loadConfigFile(path, context);
}
