import type { RuleMeta } from '../../../core/rule.js';

/**
 * TorchScript code that calls the file operators (aten::save writes, aten::from_file maps a file): the write
 * half of CVE-2025-32434's exploit chain, which overwrote shell start-up files. Ordinary models never call them.
 */
export const torchscriptFileAccess: RuleMeta = {
  id: 'zip/torchscript-file-access',
  title: 'TorchScript code reads or writes files',
  severity: 'critical',
  principle: '1.3',
  references: { cwe: ['CWE-94'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
  description:
    'TorchScript code in the archive calls torch.save or torch.from_file (the aten::save and aten::from_file ' +
    'operators). When the model is loaded or run these write or read any file the user can, for example shell ' +
    'start-up files or SSH keys; this is how CVE-2025-32434 turned torch.load into code execution. Model code ' +
    'never needs them.',
  fix:
    'Do not load this model. Remove it and get the weights from a trusted publisher as safetensors, or as a ' +
    'state_dict loaded with torch.load(weights_only=True) on PyTorch 2.6 or later.',
};
