/**
 * @module `dependency-update-automation`: Dependabot or Renovate is configured for every dependency ecosystem
 * the repository has (npm, Python, Dockerfiles, GitHub Actions, Go, Cargo), judged from the manifests present.
 *
 * Directories are matched leniently: any Dependabot entry for an ecosystem counts for every manifest of that
 * ecosystem, wherever it is, although Dependabot reads only the `directory`/`directories` an entry names. A
 * monorepo whose `npm` entry points at `/` while package.json files sit in `web/` and `api/` therefore passes.
 * Renovate finds manifests itself, so for Renovate only the managers it runs are compared.
 */
import type { ProjectContext, ProjectFact, ProjectInput } from '../../core/analyzer.js';
import { DEPENDABOT_ECOSYSTEMS, ecosystemsOf, type EcosystemUse } from './ecosystems.js';
import { and, line, listed, regularFiles, relativeTo, type RepoFact } from './facts.js';
import { renovateRuns, type DependabotConfig, type RenovateConfig } from './update-config.js';

const CHECK = 'dependency-update-automation';

export const DEPENDABOT_PLACES = ['.github/dependabot.yml', '.github/dependabot.yaml'] as const;
/** Renovate's own search order; package.json's `renovate` key last. */
export const RENOVATE_PLACES = [
  'renovate.json', 'renovate.json5', '.github/renovate.json', '.github/renovate.json5', '.gitlab/renovate.json', '.gitlab/renovate.json5',
  '.renovaterc', '.renovaterc.json', '.renovaterc.json5', 'package.json',
] as const;

function first(facts: ReadonlyMap<string, ProjectFact<RepoFact>>, places: readonly string[], kind: RepoFact['kind']): ProjectFact<RepoFact> | undefined {
  return places.map((place) => facts.get(`${kind}:${place}`)).find((entry) => entry !== undefined);
}

export function checkUpdateAutomation(project: ProjectInput<RepoFact>, context: ProjectContext): void {
  const facts = new Map<string, ProjectFact<RepoFact>>();
  for (const entry of project.facts) {
    const rel = relativeTo(project.root, entry.path);
    if (rel !== undefined) facts.set(`${entry.fact.kind}:${rel}`, entry);
  }
  const dependabot = first(facts, DEPENDABOT_PLACES, 'dependabot');
  const renovate = first(facts, RENOVATE_PLACES, 'renovate');
  if (!dependabot && !renovate) return;
  const paths = regularFiles(project.files).map((file) => relativeTo(project.root, file.path)).filter((p): p is string => p !== undefined);
  const uses = ecosystemsOf(paths);
  if (dependabot?.fact.kind === 'dependabot') recordDependabot(dependabot.path, dependabot.fact.config, uses, context);
  if (renovate?.fact.kind === 'renovate') recordRenovate(renovate.path, renovate.fact.config, uses, context);
}

const implied = (use: EcosystemUse) => `${use.ecosystem} (${use.files[0]}${use.files.length > 1 ? ` and ${use.files.length - 1} more` : ''})`;

function recordDependabot(path: string, config: DependabotConfig, uses: readonly EcosystemUse[], context: ProjectContext): void {
  const firstLine = config.updates.find((u) => u.line !== undefined)?.line;
  const location = { path, ...(firstLine === undefined ? {} : { startLine: firstLine }) };
  if (config.error !== undefined) {
    context.evidence({ check: CHECK, summary: line(`${path} is there`), location: { path }, shortfall: line(`${path} cannot be used: ${config.error}`) });
    return;
  }
  const active = config.updates.filter((u) => u.inactive === undefined);
  const activeNames = new Set(active.map((u) => u.ecosystem));
  // "npm, pip and github-actions weekly", or "npm (daily), pip (weekly)" when the schedules differ.
  const intervals = new Map<string, Set<string>>();
  for (const update of active) {
    const set = intervals.get(update.ecosystem) ?? new Set<string>();
    set.add(update.interval ?? '?');
    intervals.set(update.ecosystem, set);
  }
  const all = new Set([...intervals.values()].flatMap((set) => [...set]));
  const names = [...intervals.keys()];
  const updated = names.length === 0
    ? 'updates nothing'
    : all.size === 1
      ? `updates ${and(names.slice(0, 6))}${names.length > 6 ? ` and ${names.length - 6} more` : ''} ${[...all][0]}`
      : `updates ${listed(names.map((name) => `${name} (${[...intervals.get(name)!].join('/')})`), 6)}`;
  const summary = `${path} ${updated}`;
  const problems: string[] = [];
  for (const use of uses) {
    const accepted = DEPENDABOT_ECOSYSTEMS[use.ecosystem];
    if (accepted.some((name) => activeNames.has(name))) continue;
    const inactive = config.updates.find((u) => accepted.includes(u.ecosystem) && u.inactive !== undefined);
    problems.push(inactive
      ? `the ${inactive.ecosystem} entry${inactive.line ? ` (line ${inactive.line})` : ''} does not update ${implied(use)}: ${inactive.inactive}`
      : `no Dependabot entry for ${implied(use)}`);
  }
  if (uses.length === 0) {
    context.evidence({ check: CHECK, summary: line(`${summary}; aigis found no manifests of the ecosystems it knows to compare`), location });
    return;
  }
  const covered = uses.length - problems.length;
  context.evidence({
    check: CHECK,
    summary: line(problems.length === 0 ? `${summary}, covering every ecosystem in the repository` : `${summary} (${covered} of ${uses.length} ecosystems in the repository)`),
    location,
    ...(problems.length > 0 ? { shortfall: line(problems.length === 1 ? problems[0]! : listed(problems, 3)) } : {}),
  });
}

function recordRenovate(path: string, config: RenovateConfig, uses: readonly EcosystemUse[], context: ProjectContext): void {
  const location = { path };
  const where = path.endsWith('package.json') ? `the renovate key of ${path}` : path;
  if (config.error !== undefined) {
    context.evidence({ check: CHECK, summary: line(`${where} is there`), location, shortfall: line(`${where} cannot be used: ${config.error}`) });
    return;
  }
  const presets = config.extends.length > 0 ? ` (extends ${listed(config.extends, 3)})` : '';
  if (!config.enabled) {
    context.evidence({ check: CHECK, summary: line(`${where}${presets}`), location, shortfall: line(`${where} sets enabled: false, which turns Renovate off`) });
    return;
  }
  const runs = config.enabledManagers === undefined ? 'runs every manager' : `runs only ${listed(config.enabledManagers, 5)} (enabledManagers)`;
  const off = config.disabledManagers.length > 0 ? `, with ${listed(config.disabledManagers, 3)} turned off` : '';
  const problems: string[] = [];
  for (const use of uses) {
    // Every manifest of the ecosystem needs a manager that reads it (requirements.txt needs pip_requirements
    // even when pep621 runs for pyproject.toml).
    const missed = use.files.find((file) => !(use.renovateManagers.get(file) ?? []).some((manager) => renovateRuns(config, manager)));
    if (missed === undefined) continue;
    problems.push(`${use.ecosystem} (${missed}): none of ${and((use.renovateManagers.get(missed) ?? []).slice())} runs`);
  }
  const covering = uses.length === 0 ? '; aigis found no manifests of the ecosystems it knows to compare' : problems.length === 0 ? `, covering ${and(uses.map((u) => u.ecosystem))}` : '';
  context.evidence({
    check: CHECK,
    summary: line(`${where}${presets} ${runs}${off}${covering}`),
    location,
    ...(problems.length > 0 ? { shortfall: line(`Renovate does not update ${listed(problems, 3)}`) } : {}),
  });
}
