/**
 * @module dependencies: how a project's Python and npm dependencies are pinned. The file pass reads pip
 * requirements and constraints files line by line and notes what each manifest declares; the project pass
 * looks for the lockfile beside each manifest. Nothing is installed, resolved or fetched.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import { lockedEvidence } from './evidence.js';
import { integrityLockKind, lockIntegrity, MAX_NAMES } from './integrity.js';
import type { ManifestFact, ManifestResult } from './manifests.js';
import { dependencyFileKind, readPackageJson, readPipfile, readPyproject } from './manifests.js';
import { lockfileKind, lockfilePackages, MAX_LOCKFILE_BYTES, packageAsset, packageJsonPackages, pyprojectPackages, requirementsPackages } from './packages.js';
import { parseRequirements, type RequirementsFile } from './requirements.js';
import type { ProjectRule, RequirementsRule } from './rule.js';
import { missingLockfile } from './rules/missing-lockfile.js';
import { pythonRequirementsWithoutHashes } from './rules/python-requirements-without-hashes.js';
import { unpinnedPythonRequirement } from './rules/unpinned-python-requirement.js';

export const REQUIREMENTS_RULES: readonly RequirementsRule[] = [unpinnedPythonRequirement, pythonRequirementsWithoutHashes];
export const PROJECT_RULES: readonly ProjectRule[] = [missingLockfile];

/** Real requirements files and manifests are kilobytes; a generated one with hashes may reach a few MiB. */
const MAX_BYTES = 4 * 1024 * 1024;

const EXPECTED_TYPE = { requirements: 'text', constraints: 'text', pyproject: 'toml', 'package-json': 'json', pipfile: 'text' } as const;

/** Sniffed types a lockfile may have: JSON, TOML and YAML by extension, text for `.lock`. */
const LOCK_TYPES: ReadonlySet<string> = new Set(['json', 'toml', 'yaml', 'text']);

/** What the project pass needs of a requirements file: how many requirements are pinned with == and a --hash. */
function requirementsFact(path: string, parsed: RequirementsFile): ManifestFact {
  const unlocked = parsed.requirements.filter((requirement) => requirement.unpinned !== undefined || requirement.hashes === 0);
  return {
    kind: 'requirements',
    path,
    fullyPinned: parsed.requirements.length > 0 && parsed.requirements.every((requirement) => requirement.unpinned === undefined),
    requirements: parsed.requirements.length,
    unlocked: unlocked.length,
    firstUnlocked: unlocked.slice(0, MAX_NAMES).map((requirement) => ({
      name: (requirement.name ?? requirement.spec).slice(0, 100),
      line: requirement.line,
      why: requirement.unpinned !== undefined ? 'unpinned' : 'no-hash',
    })),
  };
}

export const dependenciesAnalyzer = defineAnalyzer<ManifestFact>({
  id: 'dependencies',
  version: '3',
  description: 'Checks how dependencies are pinned: unpinned pip requirements, requirements files without hashes, and manifests (pyproject.toml, package.json, Pipfile) without a lockfile; lists the declared and locked packages for the inventory, and checks that lockfiles carry integrity hashes (dependencies-locked).',
  rules: [...REQUIREMENTS_RULES, ...PROJECT_RULES].map((rule) => rule.meta),
  claims(file) {
    if (lockfileKind(file.path) !== undefined || integrityLockKind(file.path) !== undefined) return file.member === undefined && LOCK_TYPES.has(file.type);
    const kind = dependencyFileKind(file.path);
    if (kind === undefined) return false;
    // Manifests matter for the lockfile check only where the project is: not inside archives.
    if (kind !== 'requirements' && kind !== 'constraints' && file.member !== undefined) return false;
    return file.type === EXPECTED_TYPE[kind];
  },
  analyzeFile(file, context) {
    const lock = lockfileKind(file.path);
    const integrityKind = integrityLockKind(file.path);
    if (lock !== undefined || integrityKind !== undefined) {
      const keep = file.member === undefined && integrityKind !== undefined;
      if (file.size > MAX_LOCKFILE_BYTES) {
        context.inconclusive(`larger than ${MAX_LOCKFILE_BYTES} bytes; the locked packages were not read`);
        if (keep) context.fact({ kind: 'lockfile', path: file.path, packages: 0, withIntegrity: 0, without: [], problem: `larger than ${MAX_LOCKFILE_BYTES} bytes` });
        return;
      }
      const text = readText(file.source, MAX_LOCKFILE_BYTES).text;
      if (lock !== undefined) {
        const result = lockfilePackages(lock, text);
        if (result.problem !== undefined) context.inconclusive(`${file.path}: ${result.problem}`);
        for (const info of result.packages) context.asset(packageAsset(info));
      }
      if (keep) {
        const integrity = lockIntegrity(integrityKind, text);
        if (lock === undefined && integrity.problem !== undefined) context.inconclusive(`${file.path}: ${integrity.problem}`);
        context.fact({ kind: 'lockfile', path: file.path, ...integrity });
      }
      return;
    }
    const kind = dependencyFileKind(file.path);
    if (kind === undefined) return;
    const { text, truncated } = readText(file.source, MAX_BYTES);
    if (truncated) context.inconclusive(`larger than ${MAX_BYTES} bytes; only the first ${MAX_BYTES} were read`);
    if (kind === 'requirements' || kind === 'constraints') {
      const parsed = parseRequirements(text);
      if (parsed.unreadable > 0) context.note(`${parsed.unreadable} line${parsed.unreadable === 1 ? '' : 's'} could not be read as a requirement or an option`);
      for (const rule of REQUIREMENTS_RULES) rule.check({ path: file.path, role: kind, parsed }, (report) => context.report(rule.meta, report));
      // Constraints limit versions without adding packages: only requirements files declare them.
      if (kind === 'requirements') for (const info of requirementsPackages(file.path, parsed)) context.asset(packageAsset(info));
      if (file.member === undefined && kind === 'requirements') {
        context.fact(requirementsFact(file.path, parsed));
      }
      return;
    }
    if (truncated) return;
    let result: ManifestResult;
    if (kind === 'pyproject') result = readPyproject(file.path, text);
    else if (kind === 'pipfile') result = readPipfile(file.path, text);
    else result = readPackageJson(file.path, text);
    if (result.problem !== undefined) context.inconclusive(`${file.path} is ${result.problem}; its dependencies were not read`);
    if (result.fact) context.fact(result.fact);
    if (result.problem === undefined && kind !== 'pipfile') {
      for (const info of kind === 'pyproject' ? pyprojectPackages(text) : packageJsonPackages(text)) context.asset(packageAsset(info));
    }
  },
  analyzeProject(project, context) {
    const input = { root: project.root, paths: new Set(project.files.map((file) => file.path)), facts: project.facts.map((entry) => entry.fact) };
    for (const rule of PROJECT_RULES) rule.check(input, (report) => context.report(rule.meta, report));
    const evidence = lockedEvidence(project.root, input.paths, input.facts);
    if (evidence) context.evidence(evidence);
  },
});
