import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { literalValue } from '../module.js';

const LOADERS = new Set(['torch.load', 'torch.serialization.load']);

export const torchLoadWithoutWeightsOnly: PythonRule = {
  meta: {
    id: 'python/torch-load-without-weights-only',
    title: 'torch.load without weights_only=True',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000'] },
    description:
      'torch.load unpickles the checkpoint: a crafted file runs code on load. Before PyTorch 2.6 the default was weights_only=False, and any explicit weights_only=False restores it. Related rules: Bandit B614.',
    fix: 'Pass weights_only=True (the default from PyTorch 2.6), or store weights as safetensors and load them with safetensors.torch.load_file.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (call.callee === undefined || !LOADERS.has(call.callee)) continue;
      const weightsOnly = call.args.keywords.get('weights_only');
      if (weightsOnly === undefined && call.args.hasSpread) continue;
      const value = literalValue(weightsOnly);
      if (value === true) continue;
      // A non-literal flag (a variable, a config value) may be True: not a finding we can stand behind.
      if (weightsOnly !== undefined && value === undefined) continue;
      report({
        node: call.node,
        message: weightsOnly === undefined ? `${call.calleeText} is called without weights_only=True: the file is unpickled and can run code` : `${call.calleeText} is called with weights_only=False: the file is unpickled and can run code`,
        evidence: snippet(call.node),
      });
    }
  },
};
