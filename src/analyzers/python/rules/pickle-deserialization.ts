import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';

/** Calls that unpickle (or unmarshal) their input, by resolved name, with what each reads. */
const UNPICKLERS: ReadonlyMap<string, string> = new Map([
  ...['pickle', '_pickle', 'cPickle', 'cloudpickle'].flatMap((lib) => [
    [`${lib}.load`, 'unpickles the file'],
    [`${lib}.loads`, 'unpickles the bytes'],
  ] as const),
  ...['pickle', '_pickle', 'cPickle'].map((lib) => [`${lib}.Unpickler`, 'creates an unpickler'] as const),
  ['dill.load', 'unpickles the file with dill'],
  ['dill.loads', 'unpickles the bytes with dill'],
  ['dill.load_session', 'restores a pickled interpreter session with dill'],
  ['dill.load_module', 'restores a pickled module with dill'],
  ['dill.Unpickler', 'creates a dill unpickler'],
  ['jsonpickle.decode', 'rebuilds arbitrary Python objects from JSON'],
  ['jsonpickle.unpickler.decode', 'rebuilds arbitrary Python objects from JSON'],
  ['shelve.open', 'opens a shelf, whose values are unpickled when read'],
  ['shelve.DbfilenameShelf', 'opens a shelf, whose values are unpickled when read'],
  ['pandas.read_pickle', 'unpickles the file'],
  ['marshal.load', 'unmarshals code objects from the file'],
  ['marshal.loads', 'unmarshals code objects from the bytes'],
  ['joblib.load', 'unpickles the file (joblib uses pickle underneath)'],
  ['sklearn.externals.joblib.load', 'unpickles the file (joblib uses pickle underneath)'],
  ['torch.package.PackageImporter', 'opens a torch.package archive, whose objects are unpickled and whose code is imported'],
  ['torch.package.package_importer.PackageImporter', 'opens a torch.package archive, whose objects are unpickled and whose code is imported'],
]);

/** Serialisers whose output, passed straight back in, is a round trip of an in-memory object. */
const DUMPERS = /^(pickle|_pickle|cPickle|cloudpickle|dill|marshal|jsonpickle)\.(dumps|encode)$/;

export const pickleDeserialization: PythonRule = {
  meta: {
    id: 'python/pickle-deserialization',
    title: 'Pickle-based deserialization',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0011.000'] },
    description:
      'pickle and the libraries built on it (dill, cloudpickle, joblib, pandas.read_pickle, shelve, jsonpickle, torch.package) rebuild objects by calling whatever the data names, so loading a crafted file runs code. Model files, caches and datasets shared between people or fetched from a hub are the usual carriers. marshal is no safer. Related rules: Bandit B301, B302, B403; Trail of Bits scikit-joblib-load, pytorch-package.',
    fix: 'Load only files you produced and keep them out of shared or downloaded locations, or switch to a data-only format: safetensors for tensors, skops for scikit-learn models, JSON, Parquet or numpy .npy without allow_pickle for data. If pickle is unavoidable, verify a signature or hash of the file before loading it.',
  },
  check(module, report) {
    for (const call of module.calls) {
      const what = call.callee === undefined ? undefined : UNPICKLERS.get(call.callee);
      if (!what) continue;
      // pickle.loads(pickle.dumps(obj)): a copy or a round-trip test, nothing from outside.
      const first = call.args.positional[0];
      if (first?.type === 'call') {
        const fn = first.childForFieldName('function');
        const inner = fn ? module.resolve(fn) : undefined;
        if (inner !== undefined && DUMPERS.test(inner)) continue;
      }
      report({
        node: call.node,
        message: `${call.calleeText}${call.calleeText === call.callee ? '' : ` (${call.callee})`} ${what}: a crafted input runs arbitrary code when it is loaded`,
        evidence: snippet(call.node),
      });
    }
  },
};
