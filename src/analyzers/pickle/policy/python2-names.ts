/**
 * @module Python 2 names that pickle maps to their Python 3 homes when it loads a protocol 0-2 pickle
 * (`fix_imports`, CPython Lib/_compat_pickle.py): `__builtin__.eval` is `builtins.eval`.
 */
import { readPackageJson } from '../../../lib/json-file.js';

interface Python2NamesFile {
  readonly names: readonly (readonly [string, string, string, string])[];
  readonly modules: Readonly<Record<string, string>>;
}

let names: Map<string, readonly [string, string]> | undefined;
let modules: ReadonlyMap<string, string> | undefined;

/** The module and name a Python 3 unpickler imports for a pickle of protocol `proto`. */
export function python3Name(module: string, name: string, proto: number): readonly [string, string] {
  if (proto >= 3) return [module, name];
  if (!names || !modules) {
    const file = readPackageJson<Python2NamesFile>('data/pickle/python2-names.json');
    names = new Map(file.names.map(([m, n, m3, n3]) => [`${m}\u0000${n}`, [m3, n3] as const]));
    modules = new Map(Object.entries(file.modules));
  }
  return names.get(`${module}\u0000${name}`) ?? [modules.get(module) ?? module, name];
}
