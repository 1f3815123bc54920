/**
 * @module dependencies: how a project's Python and npm dependencies are pinned. The file pass reads pip
 * requirements and constraints files line by line and notes what each manifest declares; the project pass
 * looks for the lockfile beside each manifest. Nothing is installed, resolved or fetched.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import type { ManifestFact, ManifestResult } from './manifests.js';
import { dependencyFileKind, readPackageJson, readPipfile, readPyproject } from './manifests.js';
import { lockfileKind, lockfilePackages, MAX_LOCKFILE_BYTES, packageAsset, packageJsonPackages, pyprojectPackages, requirementsPackages } from './packages.js';
import { parseRequirements } from './requirements.js';
import type { ProjectRule, RequirementsRule } from './rule.js';
import { missingLockfile } from './rules/missing-lockfile.js';
import { pythonRequirementsWithoutHashes } from './rules/python-requirements-without-hashes.js';
import { unpinnedPythonRequirement } from './rules/unpinned-python-requirement.js';

export const REQUIREMENTS_RULES: readonly RequirementsRule[] = [unpinnedPythonRequirement, pythonRequirementsWithoutHashes];
export const PROJECT_RULES: readonly ProjectRule[] = [missingLockfile];

/** Real requirements files and manifests are kilobytes; a generated one with hashes may reach a few MiB. */
const MAX_BYTES = 4 * 1024 * 1024;

const EXPECTED_TYPE = { requirements: 'text', constraints: 'text', pyproject: 'toml', 'package-json': 'json', pipfile: 'text' } as const;

export const dependenciesAnalyzer = defineAnalyzer<ManifestFact>({
  id: 'dependencies',
  version: '2',
  description: 'Checks how dependencies are pinned: unpinned pip requirements, requirements files without hashes, and manifests (pyproject.toml, package.json, Pipfile) without a lockfile; lists the declared and locked packages for the inventory.',
  rules: [...REQUIREMENTS_RULES, ...PROJECT_RULES].map((rule) => rule.meta),
  claims(file) {
    const lock = lockfileKind(file.path);
    if (lock !== undefined) return file.member === undefined && (lock === 'npm-lock' ? file.type === 'json' : file.type === 'text' || file.type === 'toml');
    const kind = dependencyFileKind(file.path);
    if (kind === undefined) return false;
    // Manifests matter for the lockfile check only where the project is: not inside archives.
    if (kind !== 'requirements' && kind !== 'constraints' && file.member !== undefined) return false;
    return file.type === EXPECTED_TYPE[kind];
  },
  analyzeFile(file, context) {
    const lock = lockfileKind(file.path);
    if (lock !== undefined) {
      if (file.size > MAX_LOCKFILE_BYTES) {
        context.inconclusive(`larger than ${MAX_LOCKFILE_BYTES} bytes; the locked packages were not read`);
        return;
      }
      const result = lockfilePackages(lock, readText(file.source, MAX_LOCKFILE_BYTES).text);
      if (result.problem !== undefined) context.inconclusive(`${file.path}: ${result.problem}`);
      for (const info of result.packages) context.asset(packageAsset(info));
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
        const fullyPinned = parsed.requirements.length > 0 && parsed.requirements.every((requirement) => requirement.unpinned === undefined);
        context.fact({ kind: 'requirements', path: file.path, fullyPinned });
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
  },
});
