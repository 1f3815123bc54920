/**
 * @module The pickle policy: an allowlist, not a denylist. A global is allowed by an exact entry of a
 * profile, else judged dangerous when it matches a dangerous family, else allowed by a module rule of a
 * profile or by the user's aigis.yaml, else unknown. Dotted names are judged hop by hop: a dotted name under
 * an allowlisted module is not allowlisted.
 */
import type { GlobalName } from '../parser/values.js';
import type { Family } from './families.js';
import { loadFamilies } from './families.js';
import type { ProfileId } from './profiles.js';
import { loadProfiles } from './profiles.js';
import { python3Name } from './python2-names.js';

/** How the pickle uses a global: calls it, only creates an instance (`cls.__new__`), or only mentions it. */
export type Use = 'invoked' | 'instantiated' | 'referenced';

export type Verdict =
  | { readonly kind: 'allowed'; readonly by: string }
  | { readonly kind: 'dangerous'; readonly family: Family; readonly matched: string }
  | { readonly kind: 'unknown' };

/** Globals the user allows for some paths (aigis.yaml `analyzers.pickle.allow`). */
export interface UserAllowance {
  readonly globals: readonly string[];
  readonly reason: string;
}

interface Rule {
  readonly by: string;
  readonly instantiateOnly: boolean;
}

/** `module.name` for a single-hop name, `module:Outer.Inner` for a dotted one. */
export function globalKey(module: string, name: string): string {
  return name.includes('.') ? `${module}:${name}` : `${module}.${name}`;
}

export class PicklePolicy {
  private readonly exact = new Map<string, Rule>();
  private readonly modules: { readonly prefix: string; readonly rule: Rule }[] = [];
  private readonly userExact = new Map<string, Rule>();
  private readonly userModules: { readonly prefix: string; readonly deep: boolean; readonly rule: Rule }[] = [];
  private readonly families = loadFamilies();

  constructor(profiles: readonly ProfileId[], allowances: readonly UserAllowance[] = []) {
    const loaded = loadProfiles();
    for (const id of profiles) {
      const by = `profile ${id}`;
      for (const entry of loaded.get(id)?.entries ?? []) {
        const rule = { by, instantiateOnly: entry.use === 'instantiate' };
        if (entry.global !== undefined) this.exact.set(entry.global, this.exact.get(entry.global) ?? rule);
        else if (entry.module !== undefined) this.modules.push({ prefix: entry.module, rule });
      }
    }
    for (const allowance of allowances) {
      const rule = { by: `aigis.yaml analyzers.pickle.allow (${allowance.reason})`, instantiateOnly: false };
      for (const pattern of allowance.globals) {
        if (pattern.endsWith('.**')) this.userModules.push({ prefix: pattern.slice(0, -3), deep: true, rule });
        else if (pattern.endsWith('.*')) this.userModules.push({ prefix: pattern.slice(0, -2), deep: false, rule });
        else this.userExact.set(pattern, rule);
      }
    }
  }

  judge(global: GlobalName, use: Use): Verdict {
    const { module, name } = global;
    const key = globalKey(module, name);
    const exact = this.exact.get(key);
    if (exact && (!exact.instantiateOnly || use !== 'invoked')) return { kind: 'allowed', by: exact.by };
    const danger = this.families.match(module, name) ?? this.familyOfPython2(global);
    if (danger) return { kind: 'dangerous', family: danger.family, matched: danger.matched };
    if (exact) return { kind: 'unknown' };
    const user = this.userExact.get(key) ?? this.userModuleRule(module, name);
    if (user) return { kind: 'allowed', by: user.by };
    if (use !== 'invoked' && !name.includes('.')) {
      const rule = this.modules.find((m) => module === m.prefix || module.startsWith(`${m.prefix}.`));
      if (rule) return { kind: 'allowed', by: rule.rule.by };
    }
    return { kind: 'unknown' };
  }

  /** A Python 2 spelling (`__builtin__.eval`) is judged as what it maps to, whatever the protocol says. */
  private familyOfPython2(global: GlobalName) {
    const dot = global.written.lastIndexOf('.');
    const [module, name] = python3Name(global.written.slice(0, dot), global.written.slice(dot + 1), 0);
    return module === global.module && name === global.name ? undefined : this.families.match(module, name);
  }

  private userModuleRule(module: string, name: string): Rule | undefined {
    if (name.includes('.')) return undefined;
    return this.userModules.find((m) => module === m.prefix || (m.deep && module.startsWith(`${m.prefix}.`)))?.rule;
  }
}
