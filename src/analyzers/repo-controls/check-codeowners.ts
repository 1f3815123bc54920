/**
 * @module `codeowners-ai-paths`: the CODEOWNERS file GitHub would use gives every AI asset file (model files,
 * prompt files, datasets, and the code or config that names a model, prompt or agent tool) an owner.
 */
import type { ProjectContext, ProjectFact, ProjectInput } from '../../core/analyzer.js';
import type { AssetKind } from '../../core/asset.js';
import { MatchBudgetExceeded, ownerRule, unescapePattern, type CompiledPattern } from './codeowners.js';
import { isModelFile, line, listed, plural, regularFiles, relativeTo, type RepoFact } from './facts.js';

/** Where GitHub looks for CODEOWNERS, in the order it looks; GitLab's own folder last. */
export const CODEOWNERS_PLACES = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'] as const;

/** Rule-and-file pairs matched at most: a hostile CODEOWNERS times thousands of files must not stall the scan. */
const MATCH_BUDGET = 5_000_000;

const AI_KINDS: ReadonlySet<AssetKind> = new Set<AssetKind>(['model', 'prompt', 'dataset', 'agent-tool']);

/** The AI asset files of the project (paths relative to the scan root), each with what it holds. */
export function aiAssetFiles(project: ProjectInput<RepoFact>): Map<string, Set<string>> {
  const files = regularFiles(project.files);
  const present = new Set(files.map((file) => file.path));
  const out = new Map<string, Set<string>>();
  const add = (path: string, what: string) => {
    if (!present.has(path)) return;
    const set = out.get(path) ?? new Set<string>();
    set.add(what);
    out.set(path, set);
  };
  for (const asset of project.assets) {
    if (!AI_KINDS.has(asset.kind)) continue;
    add(asset.location.path, asset.kind);
  }
  for (const record of files) if (isModelFile(record)) add(record.path, 'model');
  return out;
}

export function checkCodeowners(project: ProjectInput<RepoFact>, context: ProjectContext): void {
  const byPlace = new Map<string, ProjectFact<RepoFact>>();
  for (const entry of project.facts) {
    const rel = relativeTo(project.root, entry.path);
    if (rel !== undefined && entry.fact.kind === 'codeowners') byPlace.set(rel, entry);
  }
  const chosen = CODEOWNERS_PLACES.map((place) => byPlace.get(place)).find((entry) => entry !== undefined);
  if (!chosen || chosen.fact.kind !== 'codeowners') return;
  const { path } = chosen;
  const fact = chosen.fact;
  const location = { path };
  if (fact.tooLarge) {
    context.evidence({ check: 'codeowners-ai-paths', summary: line(`${path} is there`), location, shortfall: line(`${path} is larger than 3 MB, and GitHub does not load a CODEOWNERS file that large`) });
    return;
  }
  const skipped = fact.skipped.length > 0 ? `; ${plural(fact.skippedCount, 'line')} GitHub would skip (line ${fact.skipped[0]!.line}: ${fact.skipped[0]!.reason})` : '';
  const rules = `${path} (${plural(fact.rules.length, 'rule')}${skipped})`;
  if (fact.truncated) {
    context.evidence({ check: 'codeowners-ai-paths', summary: line(rules), location, shortfall: line(`${path} has more rules than aigis reads; ownership of the AI asset files was not checked`) });
    return;
  }
  const assets = aiAssetFiles(project);
  if (assets.size === 0) {
    context.evidence({ check: 'codeowners-ai-paths', summary: line(`${rules}: aigis found no AI asset files (models, prompts, datasets, agent tools) to check it against`), location });
    return;
  }
  const cache = new Map<string, CompiledPattern | undefined>();
  const budget = { steps: MATCH_BUDGET };
  const unowned: string[] = [];
  let example: string | undefined;
  try {
    for (const file of [...assets.keys()].sort()) {
      const rel = relativeTo(project.root, file) ?? file;
      const rule = ownerRule(fact.rules, rel, cache, budget);
      if (rule && rule.owners.length > 0) {
        example ??= `${file} -> ${rule.owners.slice(0, 2).join(' ')}`;
        continue;
      }
      unowned.push(rule ? `${file} (line ${rule.line} "${unescapePattern(rule.pattern).slice(0, 40)}" names no owner)` : file);
    }
  } catch (error) {
    if (!(error instanceof MatchBudgetExceeded)) throw error;
    context.evidence({
      check: 'codeowners-ai-paths',
      summary: line(rules),
      location,
      shortfall: line(`${path} has too many rules for the ${plural(assets.size, 'AI asset file')} for aigis to match them all; ownership was not checked`),
    });
    return;
  }
  const total = assets.size;
  const kinds = [...new Set([...assets.values()].flatMap((set) => [...set]))].sort().join(', ');
  if (unowned.length === 0) {
    context.evidence({
      check: 'codeowners-ai-paths',
      summary: line(`${rules} names an owner for ${total === 1 ? 'the one AI asset file' : `all ${total} AI asset files`} (${kinds}), e.g. ${example}`),
      location,
    });
    return;
  }
  context.evidence({
    check: 'codeowners-ai-paths',
    summary: line(`${rules} names an owner for ${total - unowned.length} of ${plural(total, 'AI asset file')} (${kinds})`),
    location,
    shortfall: line(`no code owner for ${listed(unowned)}`),
  });
}
