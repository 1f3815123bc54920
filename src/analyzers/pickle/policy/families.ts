/**
 * @module The dangerous families (data/pickle/dangerous-families.json): groups of globals known to run code,
 * start processes, touch files or the network, resolve names, load nested payloads and so on. They explain
 * findings and set their severity; the allowlist, not this list, decides what is accepted.
 */
import { readPackageJson } from '../../../lib/json-file.js';

export interface Family {
  readonly id: string;
  /** What a global of this family does, completing "it ...". */
  readonly explanation: string;
  readonly source: string;
  /** Dotted prefixes: a module (and everything in it) or one global. */
  readonly globals: readonly string[];
  /** Attribute names that are dangerous when reached by a dotted path (`pathlib.Path.write_text`). */
  readonly attributes: readonly string[];
}

interface FamiliesFile {
  readonly families: readonly Family[];
  readonly traversalAttributes: { readonly explanation: string; readonly source: string };
}

export interface FamilyMatch {
  readonly family: Family;
  /** The part of the name that matched, e.g. `os.system` in `pathlib.os.system`. */
  readonly matched: string;
}

export const NESTED_DESERIALIZER = 'nested-deserializer';

export class Families {
  private readonly byPrefix = new Map<string, Family>();
  private readonly byAttribute = new Map<string, Family>();
  private readonly traversal: Family;

  constructor(file: FamiliesFile) {
    for (const family of file.families) {
      for (const prefix of family.globals) if (!this.byPrefix.has(prefix)) this.byPrefix.set(prefix, family);
      for (const attribute of family.attributes) if (!this.byAttribute.has(attribute)) this.byAttribute.set(attribute, family);
    }
    this.traversal = { id: 'attribute-traversal', ...file.traversalAttributes, globals: [], attributes: [] };
  }

  /**
   * Judges a name hop by hop: the whole dotted path and every path that starts at an attribute hop (so
   * `pathlib` + `os.system` matches `os.system`), dunder attribute hops, and dangerous attribute names
   * reached through another attribute.
   */
  match(module: string, name: string): FamilyMatch | undefined {
    const moduleHops = module.split('.');
    const hops = [...moduleHops, ...name.split('.')];
    for (let start = 0; start < hops.length; start = start === 0 ? moduleHops.length : start + 1) {
      for (let end = hops.length; end > start; end--) {
        const path = hops.slice(start, end).join('.');
        const family = this.byPrefix.get(path);
        if (family) return { family, matched: path };
      }
    }
    for (let i = moduleHops.length; i < hops.length; i++) {
      const hop = hops[i]!;
      if (hop.length > 4 && hop.startsWith('__') && hop.endsWith('__')) return { family: this.traversal, matched: hop };
      const family = i > moduleHops.length ? this.byAttribute.get(hop) : undefined;
      if (family) return { family, matched: hop };
    }
    return undefined;
  }
}

let cache: Families | undefined;

export function loadFamilies(): Families {
  cache ??= new Families(readPackageJson<FamiliesFile>('data/pickle/dangerous-families.json'));
  return cache;
}
