import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { isTrueKeyword } from '../module.js';

const LOADERS = new Set(['numpy.load']);

export const numpyLoadAllowPickle: PythonRule = {
  meta: {
    id: 'python/numpy-load-allow-pickle',
    title: 'numpy.load with allow_pickle=True',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000'] },
    description:
      'With allow_pickle=True, numpy.load unpickles object arrays stored in .npy and .npz files, so a crafted file runs code when it is loaded. The default has been False since numpy 1.16.3 for this reason. Related rules: Trail of Bits pickles-in-numpy.',
    fix: 'Drop allow_pickle=True and store plain numeric arrays. If the data really holds Python objects, move it to a data-only format (JSON, Parquet, safetensors) instead of pickled object arrays.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (call.callee === undefined || !LOADERS.has(call.callee)) continue;
      if (!isTrueKeyword(call.args, 'allow_pickle')) continue;
      report({
        node: call.node,
        message: `${call.calleeText} is called with allow_pickle=True: object arrays in the file are unpickled, and a crafted file runs code`,
        evidence: snippet(call.node),
      });
    }
  },
};
