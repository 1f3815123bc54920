import type { NumpyRule } from '../rule.js';

export const objectArray: NumpyRule = {
  meta: {
    id: 'numpy/object-array',
    title: 'NumPy array of Python objects: loading it unpickles code',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000', 'AML.T0010.003'] },
    description:
      'The dtype holds Python objects (`O`, or a structured dtype with an object field), so the array data is ' +
      'a pickle, and `numpy.load` runs it as soon as it is called with `allow_pickle=True` (the default before ' +
      'NumPy 1.16.3, CVE-2019-6446). A pickle can call any Python function, so whoever made the file can run ' +
      'code on the machine that loads it. Numeric weights never need object arrays. aigis hands the pickle to ' +
      'its pickle analyzer; this finding stands whatever that pickle holds, because the loader is the risk.',
    fix:
      'Store numeric arrays with a numeric dtype, or convert the weights to safetensors. Load `.npy`/`.npz` ' +
      'files with `numpy.load(path, allow_pickle=False)` (the default) and never switch it on for files you ' +
      'did not create. If objects are really needed, rebuild them from plain data (JSON) in your own code.',
  },
  check(npy, _size, report) {
    if (npy.dtype?.kind !== 'known' || !npy.dtype.hasObject) return;
    report({
      message: `The array's dtype ${npy.descr ?? ''} holds Python objects: its data is a pickle that numpy.load(allow_pickle=True) executes.`,
      evidence: `descr ${npy.descr ?? '?'}, shape (${npy.shape?.join(', ') ?? '?'}${npy.shape?.length === 1 ? ',' : ''})`,
      position: { offset: npy.dataOffset ?? 0 },
    });
  },
};
