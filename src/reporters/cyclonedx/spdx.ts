/**
 * @module SPDX ids for the license names model cards use. Hugging Face cards take a `license:` from the Hub's
 * list, lower-case and partly SPDX (`apache-2.0`, `cc-by-nc-4.0`), partly not (`llama3.1`, `openrail`). CycloneDX
 * wants `license.id` only for a real SPDX id and `license.name` otherwise, so only exact equivalents are mapped.
 */

const SPDX_IDS = [
  'AFL-3.0', 'AGPL-3.0-only', 'Apache-2.0', 'Artistic-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'BSD-3-Clause-Clear', 'BSL-1.0',
  'CC-BY-2.0', 'CC-BY-2.5', 'CC-BY-3.0', 'CC-BY-4.0', 'CC-BY-NC-2.0', 'CC-BY-NC-3.0', 'CC-BY-NC-4.0', 'CC-BY-NC-ND-3.0',
  'CC-BY-NC-ND-4.0', 'CC-BY-NC-SA-2.0', 'CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0',
  'CC0-1.0', 'CDLA-Permissive-1.0', 'CDLA-Permissive-2.0', 'CDLA-Sharing-1.0', 'ECL-2.0', 'EPL-1.0', 'EPL-2.0', 'etalab-2.0',
  'EUPL-1.1', 'GPL-2.0-only', 'GPL-3.0-only', 'ISC', 'LGPL-2.1-only', 'LGPL-3.0-only', 'LPPL-1.3c', 'MIT', 'MPL-2.0', 'MS-PL',
  'NCSA', 'ODbL-1.0', 'ODC-By-1.0', 'OFL-1.1', 'OSL-3.0', 'PDDL-1.0', 'PostgreSQL', 'Unlicense', 'WTFPL', 'Zlib',
] as const;

/** Hub names that are not spelled as their SPDX id. The GNU licenses on the Hub carry no "-only"/"-or-later". */
const HUB_ALIASES: Readonly<Record<string, string>> = {
  'agpl-3.0': 'AGPL-3.0-only',
  'gpl-2.0': 'GPL-2.0-only',
  'gpl-3.0': 'GPL-3.0-only',
  'lgpl-2.1': 'LGPL-2.1-only',
  'lgpl-3.0': 'LGPL-3.0-only',
  odbl: 'ODbL-1.0',
  'odc-by': 'ODC-By-1.0',
  pddl: 'PDDL-1.0',
};

const byLowerCase = new Map<string, string>([...SPDX_IDS.map((id) => [id.toLowerCase(), id] as const), ...Object.entries(HUB_ALIASES)]);

/** The SPDX id a card's license names, or undefined when it names none exactly. */
export function spdxId(license: string): string | undefined {
  return byLowerCase.get(license.trim().toLowerCase());
}

/** Every id this module can produce, for the schema test. */
export const KNOWN_SPDX_IDS: readonly string[] = SPDX_IDS;
