/**
 * @module The dependency ecosystems a repository has, worked out from its file names alone, and the names
 * Dependabot (`package-ecosystem`) and Renovate (managers) give them.
 */

export const ECOSYSTEMS = ['npm', 'pip', 'docker', 'github-actions', 'gomod', 'cargo'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/**
 * Dependabot's `package-ecosystem` values that update each ecosystem. `pip` covers requirements files,
 * setup.py, Pipfile and Poetry; `uv` covers uv projects (pyproject.toml with uv.lock); either is accepted for
 * Python. `npm` covers npm, Yarn and pnpm; `bun` covers Bun projects.
 */
export const DEPENDABOT_ECOSYSTEMS: Readonly<Record<Ecosystem, readonly string[]>> = {
  npm: ['npm', 'bun'],
  pip: ['pip', 'uv'],
  docker: ['docker'],
  'github-actions': ['github-actions'],
  gomod: ['gomod'],
  cargo: ['cargo'],
};

/** Which file kinds imply an ecosystem, with the Renovate managers that read that kind of file. */
interface Manifest {
  readonly ecosystem: Ecosystem;
  readonly renovateManagers: readonly string[];
}

const PYTHON_PYPROJECT: Manifest = { ecosystem: 'pip', renovateManagers: ['pep621', 'poetry', 'pixi', 'pep723'] };

/** The manifest a file is, from its path relative to the repository root; undefined for other files. */
export function manifestOf(path: string): Manifest | undefined {
  const segments = path.split('/');
  const base = segments.at(-1)!;
  const lower = base.toLowerCase();
  if (segments.length === 3 && segments[0] === '.github' && segments[1] === 'workflows' && /\.ya?ml$/i.test(base)) {
    return { ecosystem: 'github-actions', renovateManagers: ['github-actions'] };
  }
  if (base === 'package.json') return { ecosystem: 'npm', renovateManagers: ['npm', 'bun'] };
  if (/^requirements[\w.-]*\.(txt|in)$/i.test(base) || (segments.at(-2) === 'requirements' && /\.(txt|in)$/i.test(base))) {
    return { ecosystem: 'pip', renovateManagers: ['pip_requirements', 'pip-compile'] };
  }
  if (base === 'pyproject.toml') return PYTHON_PYPROJECT;
  if (base === 'setup.py') return { ecosystem: 'pip', renovateManagers: ['pip_setup'] };
  if (base === 'setup.cfg') return { ecosystem: 'pip', renovateManagers: ['setup-cfg'] };
  if (base === 'Pipfile') return { ecosystem: 'pip', renovateManagers: ['pipenv'] };
  if (lower === 'dockerfile' || lower === 'containerfile' || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile')) {
    return { ecosystem: 'docker', renovateManagers: ['dockerfile'] };
  }
  if (base === 'go.mod') return { ecosystem: 'gomod', renovateManagers: ['gomod'] };
  if (base === 'Cargo.toml') return { ecosystem: 'cargo', renovateManagers: ['cargo'] };
  return undefined;
}

/**
 * Folders whose manifests are not the project's own dependencies: fixtures, vendored code, virtual
 * environments, and the test and example folders Renovate's recommended config ignores too.
 */
const NOT_PROJECT_FOLDERS = new Set([
  'node_modules', 'bower_components', 'vendor', 'third_party', 'third-party', '.venv', 'venv', 'site-packages',
  'fixtures', '__fixtures__', 'testdata', 'test', 'tests', '__tests__', 'examples',
]);

/** Whether a path (relative to the repository root) sits in a fixture, vendored, test or example folder. */
export function inNonProjectFolder(path: string): boolean {
  return path.split('/').slice(0, -1).some((folder) => NOT_PROJECT_FOLDERS.has(folder));
}

export interface EcosystemUse {
  readonly ecosystem: Ecosystem;
  /** The files that imply it, relative to the repository root, sorted, shallowest first. */
  readonly files: readonly string[];
  /** Renovate managers, by file. */
  readonly renovateManagers: ReadonlyMap<string, readonly string[]>;
}

const depth = (path: string) => path.split('/').length;

/** The ecosystems the repository uses, from its file paths (relative to the repository root). */
export function ecosystemsOf(paths: Iterable<string>): EcosystemUse[] {
  const byEcosystem = new Map<Ecosystem, { files: string[]; managers: Map<string, readonly string[]> }>();
  for (const path of paths) {
    if (inNonProjectFolder(path)) continue;
    const manifest = manifestOf(path);
    if (!manifest) continue;
    const entry = byEcosystem.get(manifest.ecosystem) ?? { files: [], managers: new Map<string, readonly string[]>() };
    byEcosystem.set(manifest.ecosystem, entry);
    entry.files.push(path);
    entry.managers.set(path, manifest.renovateManagers);
  }
  return ECOSYSTEMS.filter((ecosystem) => byEcosystem.has(ecosystem)).map((ecosystem) => {
    const entry = byEcosystem.get(ecosystem)!;
    const files = entry.files.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
    return { ecosystem, files, renovateManagers: entry.managers };
  });
}
