/**
 * @module Which PyTorch layouts an archive follows, judged from its names the way PyTorch finds records (any
 * root folder, ASCII case ignored): `torch.save` checkpoints (`<root>/data.pkl`), TorchScript archives
 * (`constants.pkl`, `code/`) and torch.package archives (`.data/extern_modules`). Their raw tensor storages are
 * bytes PyTorch copies into tensors and never unpickles: they are not handed on, because scanning them costs
 * time and their float bytes can look like anything.
 */

export interface ArchiveLayout {
  isRawStorage(name: string): boolean;
  /** Root folders that hold TorchScript. */
  readonly torchScriptRoots: readonly string[];
  isTorchScriptCode(name: string): boolean;
}

/** miniz folds ASCII case only. */
const fold = (name: string) => (/[A-Z]/.test(name) ? name.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : name);

function split(name: string): [root: string, rest: string] | undefined {
  const slash = name.indexOf('/');
  return slash <= 0 ? undefined : [fold(name.slice(0, slash)), fold(name.slice(slash + 1))];
}

export function detectLayout(names: readonly string[]): ArchiveLayout {
  const checkpoints = new Set<string>();
  const constants = new Set<string>();
  const code = new Set<string>();
  const packages = new Set<string>();
  for (const name of names) {
    const parts = split(name);
    if (!parts) continue;
    const [root, rest] = parts;
    if (rest === 'data.pkl') checkpoints.add(root);
    else if (rest === 'constants.pkl') constants.add(root);
    else if (rest.startsWith('code/')) code.add(root);
    else if (rest === '.data/extern_modules') packages.add(root);
  }
  const torchScript = new Set([...checkpoints].filter((root) => constants.has(root) || code.has(root)));
  return {
    torchScriptRoots: [...torchScript].sort(),
    isRawStorage(name) {
      const parts = split(name);
      if (!parts) return false;
      const [root, rest] = parts;
      return (
        (checkpoints.has(root) && /^data\/[^/]+$/.test(rest)) ||
        (torchScript.has(root) && /^constants\/[^/]+$/.test(rest)) ||
        (packages.has(root) && /^\.data\/[^/]+\.storage$/.test(rest))
      );
    },
    isTorchScriptCode(name) {
      const parts = split(name);
      return parts !== undefined && torchScript.has(parts[0]) && /^code\/.+\.py$/.test(parts[1]);
    },
  };
}
