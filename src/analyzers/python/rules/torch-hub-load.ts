import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { argumentFor, literalValue } from '../module.js';

const LOADERS = new Set(['torch.hub.load']);

export const torchHubLoad: PythonRule = {
  meta: {
    id: 'python/torch-hub-load',
    title: 'torch.hub.load runs hubconf.py from a GitHub repository',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-94', 'CWE-494'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003', 'AML.T0011.000'] },
    description:
      'torch.hub.load downloads a GitHub repository and imports its hubconf.py, which then usually downloads and unpickles weights. Whoever controls the repository or the branch being fetched runs code in this process. trust_repo=True skips the prompt for repositories not seen before; without a ref (owner/repo:ref) the default branch is fetched, and it can change at any time.',
    fix: 'Vendor the model code into this project and load weights with torch.load(weights_only=True) or safetensors. If torch.hub is kept, pin the repository to a reviewed commit (owner/repo:<commit>) and leave trust_repo at its default.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (call.callee === undefined || !LOADERS.has(call.callee)) continue;
      // source='local' imports a hubconf.py from a directory of this machine.
      if (literalValue(call.args.keywords.get('source')) === 'local') continue;
      const repo = literalValue(argumentFor(call.args, 0, 'repo_or_dir'));
      const trustRepo = literalValue(call.args.keywords.get('trust_repo')) === true;
      const what = typeof repo === 'string' ? `"${repo}"` : 'the repository';
      const ref = typeof repo === 'string' && !repo.includes(':') ? ' from its default branch' : '';
      report({
        node: call.node,
        message: `${call.calleeText} downloads ${what}${ref} and runs its hubconf.py in this process${trustRepo ? ', and trust_repo=True skips the confirmation for unknown repositories' : ''}`,
        evidence: snippet(call.node),
      });
    }
  },
};
