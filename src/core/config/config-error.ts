/** @module The error for a bad aigis.yaml: the CLI prints it as one line and exits 2. */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
