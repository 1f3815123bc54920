import { isPylock, joinPath as join, lockFolders, lockNames } from '../locks.js';
import type { ManifestFact } from '../manifests.js';
import type { ProjectRule } from '../rule.js';
import { dirName } from '../rule.js';

const LOCK_COMMAND: Readonly<Record<string, string>> = {
  poetry: 'poetry lock',
  uv: 'uv lock',
  pdm: 'pdm lock',
  pipenv: 'pipenv lock',
  rye: 'rye lock',
  pixi: 'pixi lock',
};

export const missingLockfile: ProjectRule = {
  meta: {
    id: 'dependencies/missing-lockfile',
    title: 'Dependency manifest without a lockfile',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-1104'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.001'] },
    description:
      'A manifest (pyproject.toml, package.json, Pipfile) declares version ranges; only a lockfile records the exact versions and digests of the whole dependency tree. Without one, every install resolves afresh: builds differ from one day to the next, a compromised release of any transitive dependency is picked up on the next install, and there is no record of what was deployed to review or to roll back to.',
    fix: 'Commit the lockfile your tool writes (uv lock, poetry lock, pdm lock, pipenv lock; npm install, yarn, pnpm install or bun install), install from it in CI and deployment (uv sync --locked, poetry install, npm ci, pnpm install --frozen-lockfile), and update it deliberately (for example with Dependabot or Renovate).',
  },
  check(project, report) {
    const manifests = project.facts.filter((fact): fact is Extract<ManifestFact, { kind: 'manifest' }> => fact.kind === 'manifest');
    const pinnedRequirements = project.facts.filter((fact) => fact.kind === 'requirements' && fact.fullyPinned).map((fact) => fact.path);
    const pylocks = [...project.paths].filter(isPylock);
    for (const manifest of manifests) {
      const folders = lockFolders(project.root, manifest.manifest, manifest.path);
      const candidates = lockNames(manifest.manifest);
      const locked =
        folders.some((dir) => candidates.some((name) => project.paths.has(join(dir, name)))) ||
        (manifest.manifest === 'pyproject' &&
          (pylocks.some((path) => folders.includes(dirName(path))) ||
            pinnedRequirements.some((path) => dirName(path) === dirName(manifest.path) || dirName(dirName(path)) === dirName(manifest.path))));
      if (locked) continue;
      const command = manifest.tool ? LOCK_COMMAND[manifest.tool] : undefined;
      const expected = manifest.manifest === 'pipfile' ? 'Pipfile.lock' : manifest.manifest === 'package-json' ? 'package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock' : 'uv.lock, poetry.lock, pdm.lock, pylock.toml or a fully pinned requirements.txt';
      report({
        message:
          `${manifest.path} declares ${manifest.dependencies} dependenc${manifest.dependencies === 1 ? 'y' : 'ies'} in ${manifest.section} but no lockfile (${expected}) is committed beside it: every install resolves the newest matching releases of the whole tree, unreviewed.` +
          (command ? ` Run \`${command}\` and commit the result.` : ''),
        evidence: `${manifest.section}: ${manifest.dependencies} entr${manifest.dependencies === 1 ? 'y' : 'ies'}`,
        location: { path: manifest.path, ...manifest.position },
      });
    }
  },
};

