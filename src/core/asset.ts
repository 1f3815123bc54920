/**
 * @module AI assets: what an analyzer learns about the system while it reads a file (a model it loads, a
 * dataset, a prompt, a provider it calls, a package it depends on), kept for the inventory (`aigis bom`) and
 * the conformance view. Plain data: assets cross worker threads.
 */
import type { Location } from './finding.js';

export const ASSET_KINDS = ['model', 'dataset', 'prompt', 'service', 'agent-tool', 'vector-store', 'package'] as const;

export type AssetKind = (typeof ASSET_KINDS)[number];

export interface Asset {
  readonly kind: AssetKind;
  /** What it is called where it comes from: `org/name` on the Hugging Face Hub, `openai`, `torch`, a file path. */
  readonly name: string;
  /** A pinned revision (hub), or a package version; absent when none is given. */
  readonly version?: string;
  /** Where the asset was seen (the file that names or holds it). */
  readonly location: Location;
  /**
   * Facts about the asset as short strings: e.g. `source` (hub | file | url | api), `format`, `ecosystem`
   * (pypi | npm), `purl`, `sdk`, `sha256`. Keys are lower-case words; values are printable and short.
   */
  readonly properties?: Readonly<Record<string, string>>;
}

/** What an analyzer hands over; the engine adds the file's path and member. */
export type AssetReport = Omit<Asset, 'location'> & { readonly position?: Omit<Location, 'path' | 'member'> };

/** Orders assets by kind, name, version and place, so inventories are stable across runs. */
export function compareAssets(a: Asset, b: Asset): number {
  const key = (x: Asset) => [x.kind, x.name, x.version ?? '', x.location.path, x.location.member ?? '', String(x.location.startLine ?? 0).padStart(9, '0')].join('\u0000');
  const [ka, kb] = [key(a), key(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
