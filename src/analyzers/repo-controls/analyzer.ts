/**
 * @module repo-controls: repository controls the conformance view (`aigis check`) asks about, verified against
 * the project itself. No rules: the file pass reads CODEOWNERS, Dependabot and Renovate configs and committed
 * BOMs into small facts, and the project pass records evidence for `codeowners-ai-paths`,
 * `committed-inventory`, `inventory-covers-assets` and `dependency-update-automation`.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { FileCandidate } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import { jsonDepth } from '../../lib/json-depth.js';
import { bomNameKind, isCycloneDxXml, MAX_BOM_BYTES, readJsonBom } from './bom.js';
import { checkCodeowners } from './check-codeowners.js';
import { checkInventory } from './check-inventory.js';
import { checkUpdateAutomation } from './check-updates.js';
import { parseCodeowners } from './codeowners.js';
import type { RepoFact } from './facts.js';
import { parseDependabot, parseRenovateText, readRenovate } from './update-config.js';

/** GitHub does not load a CODEOWNERS file larger than 3 MB. */
const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;
const XML_HEAD_BYTES = 64 * 1024;

const RENOVATE_NAMES = new Set(['renovate.json', 'renovate.json5', '.renovaterc', '.renovaterc.json', '.renovaterc.json5']);

type Role = 'codeowners' | 'dependabot' | 'renovate' | 'package-json' | 'bom';

/** What a file is to this analyzer, from its path; the project pass decides which one counts by place. */
export function roleOf(file: Pick<FileCandidate, 'path' | 'member'>): Role | undefined {
  if (file.member !== undefined) return undefined;
  const segments = file.path.split('/');
  const base = segments.at(-1)!;
  if (base === 'CODEOWNERS') return 'codeowners';
  if ((base === 'dependabot.yml' || base === 'dependabot.yaml') && segments.at(-2) === '.github') return 'dependabot';
  if (RENOVATE_NAMES.has(base)) return 'renovate';
  if (base === 'package.json') return 'package-json';
  if (bomNameKind(file.path)) return 'bom';
  return undefined;
}

const sizeText = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

export const repoControlsAnalyzer = defineAnalyzer<RepoFact>({
  id: 'repo-controls',
  version: '1',
  description: 'Records conformance evidence about repository controls: CODEOWNERS over the AI asset files, a committed SBOM/AI-BOM and whether it lists every model and dataset, and Dependabot or Renovate covering every dependency ecosystem.',
  rules: [],
  claims: (file) => roleOf(file) !== undefined,
  analyzeFile(file, context) {
    const role = roleOf(file);
    if (!role) return;
    switch (role) {
      case 'codeowners': {
        if (file.size > MAX_CODEOWNERS_BYTES) {
          context.fact({ kind: 'codeowners', rules: [], skipped: [], skippedCount: 0, truncated: false, tooLarge: true });
          return;
        }
        const parsed = parseCodeowners(readText(file.source, MAX_CODEOWNERS_BYTES).text);
        context.fact({ kind: 'codeowners', rules: parsed.rules, skipped: parsed.skipped, skippedCount: parsed.skippedCount, truncated: parsed.truncated });
        return;
      }
      case 'dependabot': {
        const config = file.size > MAX_CONFIG_BYTES
          ? { updates: [], error: `it is larger than ${sizeText(MAX_CONFIG_BYTES)}` }
          : parseDependabot(readText(file.source, MAX_CONFIG_BYTES).text);
        context.fact({ kind: 'dependabot', config });
        return;
      }
      case 'renovate': {
        const tooLarge = { enabled: false, disabledManagers: [], extends: [], error: `it is larger than ${sizeText(MAX_CONFIG_BYTES)}` };
        if (file.size > MAX_CONFIG_BYTES) {
          context.fact({ kind: 'renovate', config: tooLarge });
          return;
        }
        const parsed = parseRenovateText(readText(file.source, MAX_CONFIG_BYTES).text, file.path.endsWith('.json5'));
        const config = parsed.error !== undefined ? { enabled: false, disabledManagers: [], extends: [], error: parsed.error } : readRenovate(parsed.value);
        context.fact({ kind: 'renovate', config });
        return;
      }
      case 'package-json': {
        // Only a package.json with a top-level "renovate" key matters here; the others are read elsewhere.
        if (file.size > MAX_CONFIG_BYTES) return;
        const { text } = readText(file.source, MAX_CONFIG_BYTES);
        if (!/"renovate"\s*:/.test(text) || jsonDepth(text) > 64) return;
        let value: unknown;
        try {
          value = parseJsonc(text, [], { allowTrailingComma: true });
        } catch {
          return;
        }
        if (typeof value !== 'object' || value === null || !('renovate' in value)) return;
        context.fact({ kind: 'renovate', config: readRenovate((value as Record<string, unknown>)['renovate']) });
        return;
      }
      case 'bom': {
        const name = bomNameKind(file.path)!;
        if (name.kind === 'xml') {
          const head = readText(file.source, XML_HEAD_BYTES).text;
          if (isCycloneDxXml(head)) context.fact({ kind: 'bom', bom: { format: 'cyclonedx-xml', entries: [], count: 0, truncated: false } });
          else if (name.strong) context.fact({ kind: 'bom', bom: { entries: [], count: 0, truncated: false, error: 'is not a CycloneDX XML BOM (no <bom> element in the CycloneDX namespace)' } });
          return;
        }
        if (file.size > MAX_BOM_BYTES) {
          // A weak name (bom.json) that large is not worth a shortfall; a *.cdx.json is a BOM aigis could not read.
          if (name.strong) context.fact({ kind: 'bom', bom: { entries: [], count: 0, truncated: false, error: `is larger than ${sizeText(MAX_BOM_BYTES)}; aigis did not read it` } });
          else context.note(`not read as a BOM: larger than ${sizeText(MAX_BOM_BYTES)}`);
          return;
        }
        const bom = readJsonBom(readText(file.source, MAX_BOM_BYTES).text);
        if (bom.error !== undefined && !name.strong) return;
        context.fact({ kind: 'bom', bom: bom.error === undefined ? bom : { ...bom, error: bom.error.replace(/^it /, '') } });
        return;
      }
    }
  },
  analyzeProject(project, context) {
    checkCodeowners(project, context);
    checkInventory(project, context);
    checkUpdateAutomation(project, context);
  },
});
