/**
 * @module The allowlist profiles shipped as data (data/allowlists/pickle/<profile>.json): which globals an
 * ordinary model file of each library imports, each entry with the source it was taken from.
 */
import { readPackageJson } from '../../../lib/json-file.js';

export const PROFILE_IDS = ['torch-weights-only', 'numpy', 'scikit-learn', 'joblib', 'transformers', 'stdlib-values', 'torchscript'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export interface ProfileEntry {
  /** `module.name`, or `module:Outer.Inner` for a dotted name. */
  readonly global?: string;
  /** Every single-hop name of this module and its submodules (only with `use: instantiate`). */
  readonly module?: string;
  /** `instantiate`: allowed when instantiated or referenced, never when called. Absent: any use. */
  readonly use?: 'instantiate';
  readonly source: string;
}

export interface Profile {
  readonly profile: ProfileId;
  readonly description: string;
  readonly entries: readonly ProfileEntry[];
}

let cache: Map<ProfileId, Profile> | undefined;

export function loadProfiles(): ReadonlyMap<ProfileId, Profile> {
  cache ??= new Map(PROFILE_IDS.map((id) => [id, readPackageJson<Profile>(`data/allowlists/pickle/${id}.json`)]));
  return cache;
}
