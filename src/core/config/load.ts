/**
 * @module Reads and validates aigis.yaml. Every mistake is a ConfigError that names the key, the line and
 * what to write instead: a typo never silently becomes a default.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { findPrinciple } from '../catalogue.js';
import { ConfigError } from './config-error.js';

export { ConfigError } from './config-error.js';
import type { SettingsOwner } from './schema.js';
import { buildConfigSchema } from './schema.js';
import type { AigisConfig, SigningConfig, Suppression } from './types.js';
import { DEFAULT_LIMITS } from './types.js';


export interface ConfigContext {
  readonly analyzers: readonly SettingsOwner[];
  readonly ruleIds: ReadonlySet<string>;
}

export function loadConfigFile(path: string, context: ConfigContext): AigisConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseConfig(text, path, context);
}

/** The line of the key at `path` (or of the nearest ancestor that exists), as ":N". */
function lineOf(doc: Document, counter: LineCounter, path: readonly (string | number)[]): string {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = doc.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair && isNode(pair.key) && pair.key.range) return `:${counter.linePos(pair.key.range[0]).line}`;
    } else if (isSeq(parent) && typeof key === 'number') {
      const item = parent.items[key];
      if (isNode(item) && item.range) return `:${counter.linePos(item.range[0]).line}`;
    }
  }
  return '';
}

function keyPath(error: ErrorObject): (string | number)[] {
  const parts: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part));
  if (error.keyword === 'additionalProperties') parts.push(String(error.params.additionalProperty));
  if (error.keyword === 'propertyNames' && error.params.propertyName) parts.push(String(error.params.propertyName));
  return parts;
}

function describe(error: ErrorObject, key: string): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${key}"`;
    case 'propertyNames':
      return `"${key}" is not a rule id (expected <analyzer>/<rule-name> or <analyzer>/*)`;
    case 'required':
      return `"${key}" is missing "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `"${key}" must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
      return `"${key}" must be "off", a severity (critical, high, medium, low, info) or {severity, enabled}`;
    case 'pattern':
      return `"${key}" is not in the expected form (${String(error.params.pattern)})`;
    default:
      return `"${key}" ${error.message ?? 'is invalid'}`;
  }
}

/** Picks the error that best explains the problem: unknown keys first, then the deepest path. */
function primaryError(errors: readonly ErrorObject[]): ErrorObject {
  const unknownKey = errors.find((e) => e.keyword === 'additionalProperties' || e.keyword === 'propertyNames');
  if (unknownKey) return unknownKey;
  const anyOf = errors.find((e) => e.keyword === 'anyOf');
  if (anyOf) return anyOf;
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
}

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function ruleExists(rule: string, ruleIds: ReadonlySet<string>): boolean {
  if (!rule.endsWith('/*')) return ruleIds.has(rule);
  const prefix = rule.slice(0, -1);
  return [...ruleIds].some((id) => id.startsWith(prefix));
}

export function parseConfig(text: string, source: string, context: ConfigContext): AigisConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = counter.linePos(first.pos[0]).line;
    throw new ConfigError(`${source}${line ? `:${line}` : ''}: invalid YAML: ${first.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); an unresolved alias throws here too.
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(`${source}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw new ConfigError(`${source}: the configuration must be a mapping of keys (ignore, rules, suppressions, analyzers, limits)`);
  }
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true });
  const validate = ajv.compile(buildConfigSchema(context.analyzers));
  if (!validate(value)) {
    const error = primaryError(validate.errors ?? []);
    const path = keyPath(error);
    const key = path.join('.') || '(top level)';
    throw new ConfigError(`${source}${lineOf(doc, counter, path)}: ${describe(error, key)}`);
  }
  const config = value as Omit<AigisConfig, 'source'>;
  for (const rule of Object.keys(config.rules)) {
    if (!ruleExists(rule, context.ruleIds)) {
      throw new ConfigError(`${source}${lineOf(doc, counter, ['rules', rule])}: unknown rule "${rule}"; run "aigis rules" to list them`);
    }
  }
  config.suppressions.forEach((suppression: Suppression, index) => {
    const at = (key: string) => `${source}${lineOf(doc, counter, ['suppressions', index, key])}`;
    if (!ruleExists(suppression.rule, context.ruleIds)) {
      throw new ConfigError(`${at('rule')}: unknown rule "${suppression.rule}" in suppressions.${index}.rule; run "aigis rules" to list them`);
    }
    if (suppression.expires !== undefined && !isRealDate(suppression.expires)) {
      throw new ConfigError(`${at('expires')}: suppressions.${index}.expires "${suppression.expires}" is not a real date (YYYY-MM-DD)`);
    }
  });
  for (const principle of Object.keys(config.conformance.notApplicable)) {
    if (!findPrinciple(principle)) {
      throw new ConfigError(`${source}${lineOf(doc, counter, ['conformance', 'notApplicable', principle])}: "${principle}" is not one of the 17 principles (1.1-1.4, 2.1-2.4, 3.1-3.5, 4.1-4.4)`);
    }
  }
  return {
    source,
    ...config,
    limits: { ...DEFAULT_LIMITS, ...config.limits },
    ...withSigning(config, source),
  };
}

/** The analyzer that checks model signatures takes the `signing` section as its settings. */
const SIGNING_ANALYZER = 'model-signature';

/**
 * Resolves `signing.publicKey` against the folder of aigis.yaml and hands the section to the model-signature
 * analyzer's settings (where a `publicKey` set directly is resolved the same way).
 */
function withSigning(config: Omit<AigisConfig, 'source'>, source: string): Pick<AigisConfig, 'signing' | 'analyzers'> {
  const base = dirname(source);
  const own = config.analyzers[SIGNING_ANALYZER];
  if (config.signing === undefined && typeof own?.['publicKey'] !== 'string') return { analyzers: config.analyzers };
  const signing: SigningConfig | undefined =
    config.signing === undefined
      ? undefined
      : { ...config.signing, ...(config.signing.publicKey === undefined ? {} : { publicKey: resolve(base, config.signing.publicKey) }) };
  const settings: Record<string, unknown> = { ...own, ...signing };
  if (typeof settings['publicKey'] === 'string') settings['publicKey'] = resolve(base, settings['publicKey']);
  return { ...(signing ? { signing } : {}), analyzers: { ...config.analyzers, [SIGNING_ANALYZER]: settings } };
}
