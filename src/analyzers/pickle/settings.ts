/**
 * @module `analyzers.pickle` in aigis.yaml: which allowlist profiles apply, and globals the user allows for
 * some paths, each with a reason. A global of a dangerous family cannot be allowed this way (suppress the
 * finding with a reason instead), so a typo in a path glob never silences a payload.
 */
import picomatch from 'picomatch';
import type { ProfileId } from './policy/profiles.js';
import { PROFILE_IDS } from './policy/profiles.js';
import type { UserAllowance } from './policy/policy.js';
import { PicklePolicy } from './policy/policy.js';

export interface AllowEntry {
  readonly path: string;
  readonly globals: readonly string[];
  readonly reason: string;
}

export interface PickleSettings {
  readonly profiles: readonly ProfileId[];
  readonly allow: readonly AllowEntry[];
}

const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_]*';
const GLOBAL_PATTERN = `^${IDENTIFIER}(\\.${IDENTIFIER})*(\\.(${IDENTIFIER}|\\*|\\*\\*)|:${IDENTIFIER}(\\.${IDENTIFIER})+)$`;

export const settingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    profiles: {
      description: 'Allowlist profiles that apply (default: all of them).',
      type: 'array',
      items: { enum: [...PROFILE_IDS] },
      uniqueItems: true,
      default: [...PROFILE_IDS],
    },
    allow: {
      description:
        'Globals to allow in the pickles under some paths: "module.name", "module.*" (names in a module), ' +
        '"module.**" (names in a module and its submodules) or "module:Outer.Inner" (a dotted name). ' +
        'Dangerous globals (os.system, eval...) cannot be allowed: suppress such a finding with a reason instead.',
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'globals', 'reason'],
        properties: {
          path: { type: 'string', minLength: 1, description: 'A glob over paths relative to the scan root, e.g. models/legacy/**.' },
          globals: { type: 'array', minItems: 1, items: { type: 'string', pattern: GLOBAL_PATTERN } },
          reason: { type: 'string', pattern: '\\S', description: 'Why these globals are trusted.' },
        },
      },
    },
  },
} as const;

export function parseSettings(settings: Readonly<Record<string, unknown>>): PickleSettings {
  return {
    profiles: (settings['profiles'] as ProfileId[] | undefined) ?? [...PROFILE_IDS],
    allow: (settings['allow'] as AllowEntry[] | undefined) ?? [],
  };
}

const matchers = new WeakMap<AllowEntry, (path: string) => boolean>();
const policies = new Map<string, PicklePolicy>();

/** The policy for one file: the chosen profiles plus the allow entries whose path glob matches it. */
export function policyFor(path: string, settings: PickleSettings): PicklePolicy {
  const matching = settings.allow.filter((entry) => {
    let matcher = matchers.get(entry);
    if (!matcher) matchers.set(entry, (matcher = picomatch(entry.path, { dot: true })));
    return matcher(path);
  });
  const key = JSON.stringify([settings.profiles, matching]);
  let policy = policies.get(key);
  if (!policy) {
    if (policies.size > 64) policies.clear();
    const allowances: UserAllowance[] = matching.map((entry) => ({ globals: entry.globals, reason: entry.reason }));
    policies.set(key, (policy = new PicklePolicy(settings.profiles, allowances)));
  }
  return policy;
}
