import type { RuleMeta } from '../../../core/rule.js';

/** A TorchScript archive: loading it compiles and runs the code it ships. */
export const torchscriptArchive: RuleMeta = {
  id: 'zip/torchscript-archive',
  title: 'TorchScript archive: loading it runs its code',
  severity: 'medium',
  principle: '1.3',
  references: { cwe: ['CWE-94'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000'] },
  description:
    'The archive holds TorchScript (a code/ folder and constants.pkl). torch.jit.load compiles and runs that code, ' +
    'and torch.load hands such files to torch.jit.load; before PyTorch 2.6 it did so even with weights_only=True ' +
    '(CVE-2025-32434). TorchScript cannot import Python modules, but its built-in operators read and write files, ' +
    'which is enough to reach code execution. Treat the file as code, not as weights.',
  fix:
    'Load TorchScript only from a publisher you trust, after reviewing its code/ folder, and run it isolated. For ' +
    'weights alone, use safetensors, or torch.load(weights_only=True) on a state_dict with PyTorch 2.6 or later.',
};
