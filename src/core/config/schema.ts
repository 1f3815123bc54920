/** @module The JSON Schema of aigis.yaml, with each analyzer's own settings schema slotted in. */
import { SEVERITIES } from '../severity.js';
import { DEFAULT_LIMITS } from './types.js';

export interface SettingsOwner {
  readonly id: string;
  readonly settingsSchema?: Readonly<Record<string, unknown>>;
}

const RULE_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*/([a-z0-9]+(-[a-z0-9]+)*|\\*)$';

function limit(description: string, minimum: number, fallback: number): Record<string, unknown> {
  return { type: 'integer', minimum, default: fallback, description };
}

export function buildConfigSchema(analyzers: readonly SettingsOwner[]): Record<string, unknown> {
  const analyzerSettings: Record<string, unknown> = {};
  for (const analyzer of [...analyzers].sort((a, b) => a.id.localeCompare(b.id))) {
    // `default: {}` lets the nested defaults of each analyzer's schema apply when aigis.yaml says nothing.
    analyzerSettings[analyzer.id] = {
      ...(analyzer.settingsSchema ?? {
        type: 'object',
        additionalProperties: false,
        description: `The ${analyzer.id} analyzer takes no settings.`,
      }),
      default: {},
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'aigis.yaml',
    description: 'Configuration of aigis: ignored paths, rule settings, suppressions, analyzer settings and limits.',
    type: 'object',
    additionalProperties: false,
    properties: {
      ignore: {
        description: 'gitignore-style patterns, relative to the scan root, that are never scanned.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [],
      },
      rules: {
        description: 'Per rule: "off", a severity, or {severity, enabled}.',
        type: 'object',
        propertyNames: { pattern: RULE_ID_PATTERN },
        additionalProperties: {
          anyOf: [
            { enum: ['off', ...SEVERITIES] },
            {
              type: 'object',
              additionalProperties: false,
              properties: { severity: { enum: [...SEVERITIES] }, enabled: { type: 'boolean' } },
            },
          ],
        },
        default: {},
      },
      suppressions: {
        description: 'Accepted findings. Each needs a reason; an expired one stops suppressing.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'reason'],
          properties: {
            rule: { type: 'string', pattern: RULE_ID_PATTERN },
            path: { type: 'string', minLength: 1 },
            fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
            reason: { type: 'string', pattern: '\\S' },
            expires: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
          },
        },
        default: [],
      },
      analyzers: {
        description: 'Settings for each analyzer, by analyzer id.',
        type: 'object',
        additionalProperties: false,
        properties: analyzerSettings,
        default: {},
      },
      signing: {
        description: 'Model signatures (OpenSSF model-signing): the key aigis scan verifies them with, and their file name.',
        type: 'object',
        additionalProperties: false,
        properties: {
          publicKey: { type: 'string', minLength: 1, description: 'PEM EC public key model signatures must verify with; relative to this file.' },
          signatureName: { type: 'string', pattern: '^[^/\\\\]+$', description: 'File name of model signatures (default model.sig).' },
        },
      },
      conformance: {
        description: 'The conformance view (aigis check).',
        type: 'object',
        additionalProperties: false,
        properties: {
          notApplicable: {
            description: 'Principles that do not apply to this system, each with the reason the report shows, e.g. "3.2": "We call a hosted model API and ship no weights."',
            type: 'object',
            additionalProperties: { type: 'string', pattern: '\\S', maxLength: 500 },
            default: {},
          },
        },
        default: {},
      },
      limits: {
        description: 'Budgets that keep hostile input from hanging a scan or exhausting memory.',
        type: 'object',
        additionalProperties: false,
        properties: {
          fileTimeoutSeconds: limit('Seconds one file may take before it is marked inconclusive.', 1, DEFAULT_LIMITS.fileTimeoutSeconds),
          workerMemoryMiB: limit('Memory ceiling of each analysis worker, in MiB.', 64, DEFAULT_LIMITS.workerMemoryMiB),
          maxArchiveDepth: limit('How deep archives may nest.', 0, DEFAULT_LIMITS.maxArchiveDepth),
          maxExpandedBytes: limit('Bytes all members of one file may expand to.', 0, DEFAULT_LIMITS.maxExpandedBytes),
          maxMembers: limit('Members one file may contain, at every depth.', 0, DEFAULT_LIMITS.maxMembers),
        },
        default: {},
      },
    },
  };
}
