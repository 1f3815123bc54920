import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

async function findings(rule: string, code: string, path = 'pipeline.py') {
  const run = await runOnText(pythonAnalyzer, path, 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === rule);
}

const at = (found: { location: { startLine?: number; startColumn?: number }; evidence?: string }[]) =>
  found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence]);

describe('python/pickle-deserialization', () => {
  const RULE = 'python/pickle-deserialization';

  it('flags pickle, dill, cloudpickle, joblib, pandas, shelve, jsonpickle, marshal and torch.package loads', async () => {
    const found = await findings(RULE, `
      import pickle
      import _pickle as cp
      import dill, cloudpickle, jsonpickle, shelve, marshal
      import joblib
      import pandas as pd
      from sklearn.externals import joblib as old_joblib
      from torch.package import PackageImporter

      def load_artifacts(cache_dir):
          with open(f"{cache_dir}/tokenizer.pkl", "rb") as fh:
              tokenizer = pickle.load(fh)
          vocab = cp.loads(blob)
          session = dill.load_session("session.db")
          fn = cloudpickle.loads(payload)
          cfg = jsonpickle.decode(text)
          store = shelve.open("features")
          code = marshal.loads(data)
          clf = joblib.load("model.joblib")
          old = old_joblib.load("legacy.joblib")
          frame = pd.read_pickle("frame.pkl")
          unpickler = pickle.Unpickler(fh)
          imp = PackageImporter("model.pt")
          return tokenizer, vocab, clf
    `);
    expect(at(found).map(([line, column]) => [line, column])).toEqual([
      [11, 21], [12, 13], [13, 15], [14, 10], [15, 11], [16, 13], [17, 12], [18, 11], [19, 11], [20, 13], [21, 17], [22, 11],
    ]);
    expect(found[0]!.evidence).toBe('pickle.load(fh)');
    expect(found[0]!.message).toBe('pickle.load unpickles the file: a crafted input runs arbitrary code when it is loaded');
    expect(found[1]!.message).toContain('cp.loads (_pickle.loads)');
    expect(found[7]!.message).toContain('joblib');
    expect(found[11]!.message).toContain('torch.package');
  });

  it('stays quiet for json, a safe subclass, look-alike helpers, local functions and names in strings or comments', async () => {
    const found = await findings(RULE, `
      import json
      import pickle
      from mylib import pickle_utils
      from mylib.io import load

      class RestrictedUnpickler(pickle.Unpickler):
          def find_class(self, module, name):
              raise pickle.UnpicklingError(name)

      def loads(text):
          return json.loads(text)

      def restore(path):
          data = pickle_utils.load(path)
          cfg = load(path)
          safe = RestrictedUnpickler(open(path, "rb")).load()
          blob = pickle.dumps(data)
          parsed = loads('{"a": 1}')
          clone = pickle.loads(pickle.dumps(data, protocol=4))
          note = "never call pickle.load on downloads"
          # pickle.loads(blob) was used here before
          return data, cfg, safe, blob, parsed
    `);
    expect(found).toEqual([]);
  });
});

describe('python/numpy-load-allow-pickle', () => {
  const RULE = 'python/numpy-load-allow-pickle';

  it('flags numpy.load with allow_pickle=True through an alias', async () => {
    const found = await findings(RULE, `
      import numpy as np

      def load_embeddings(path):
          arrays = np.load(path, allow_pickle=True)
          return arrays["vectors"]
    `);
    expect(at(found)).toEqual([[4, 14, 'np.load(path, allow_pickle=True)']]);
    expect(found[0]!.message).toContain('allow_pickle=True');
  });

  it('stays quiet for the default, allow_pickle=False, a variable and another library', async () => {
    const found = await findings(RULE, `
      import numpy as np
      from mylib import load

      ALLOW = True
      a = np.load("a.npy")
      b = np.load("b.npz", allow_pickle=False)
      c = np.load("c.npz", allow_pickle=ALLOW)
      d = load("d.npy", allow_pickle=True)
    `);
    expect(found).toEqual([]);
  });
});

describe('python/yaml-unsafe-load', () => {
  const RULE = 'python/yaml-unsafe-load';

  it('flags yaml.load without a Loader, with unsafe loaders, and the unsafe helpers', async () => {
    const found = await findings(RULE, `
      import yaml
      from yaml import FullLoader, unsafe_load

      def read_config(path):
          with open(path) as fh:
              a = yaml.load(fh)
              b = yaml.load(fh, Loader=yaml.Loader)
              c = yaml.load(fh, FullLoader)
              d = yaml.load_all(fh, Loader=yaml.UnsafeLoader)
              e = unsafe_load(fh)
              f = yaml.full_load(fh)
          return a, b, c, d, e, f
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(found[0]!.message).toContain('without Loader=yaml.SafeLoader');
    expect(found[1]!.message).toContain('yaml.Loader');
    expect(found[2]!.message).toContain('FullLoader');
  });

  it('stays quiet for safe_load, SafeLoader, CSafeLoader, BaseLoader, custom loaders, ruamel and strings', async () => {
    const found = await findings(RULE, `
      import yaml
      from ruamel.yaml import YAML

      class IncludeLoader(yaml.SafeLoader):
          pass

      def read(fh, loader_cls):
          a = yaml.safe_load(fh)
          b = yaml.load(fh, Loader=yaml.SafeLoader)
          c = yaml.load(fh, Loader=yaml.CSafeLoader)
          d = yaml.load(fh, yaml.BaseLoader)
          e = yaml.load(fh, Loader=IncludeLoader)
          f = yaml.load(fh, Loader=loader_cls)
          g = YAML(typ="safe").load(fh)
          h = yaml.safe_load_all(fh)
          doc = "yaml.load(fh) is unsafe"
          return a, b, c, d, e, f, g, h
    `);
    expect(found).toEqual([]);
  });
});

describe('python/keras-unsafe-load', () => {
  const RULE = 'python/keras-unsafe-load';

  it('flags load_model with safe_mode=False through keras and tf.keras, and enable_unsafe_deserialization', async () => {
    const found = await findings(RULE, `
      import keras
      import tensorflow as tf

      def restore(path):
          keras.config.enable_unsafe_deserialization()
          model = keras.models.load_model(path, safe_mode=False)
          legacy = tf.keras.models.load_model(path, compile=False, safe_mode=False)
          other = keras.saving.load_model(path, safe_mode=False)
          return model, legacy, other
    `);
    expect(at(found).map(([line, column]) => [line, column])).toEqual([[5, 5], [6, 13], [7, 14], [8, 13]]);
    expect(found[0]!.message).toContain('every later load');
    expect(found[1]!.message).toContain('safe_mode=False');
  });

  it('stays quiet for the default safe_mode, safe_mode=True and other load_model functions', async () => {
    const found = await findings(RULE, `
      import keras
      from mylib.models import load_model

      m1 = keras.models.load_model("model.keras")
      m2 = keras.saving.load_model("model.keras", safe_mode=True)
      m3 = load_model("model.keras", safe_mode=False)
    `);
    expect(found).toEqual([]);
  });
});

describe('python/torch-distributed-object-collective', () => {
  const RULE = 'python/torch-distributed-object-collective';

  it('flags object collectives, not tensor collectives', async () => {
    const found = await findings(RULE, `
      import torch
      import torch.distributed as dist

      def sync_config(config, rank):
          holder = [config if rank == 0 else None]
          dist.broadcast_object_list(holder, src=0)
          gathered = [None] * dist.get_world_size()
          dist.all_gather_object(gathered, {"rank": rank})
          tensor = torch.zeros(4)
          dist.broadcast(tensor, src=0)
          dist.all_gather([tensor], tensor)
          return holder[0], gathered
    `);
    expect(at(found).map(([line, column]) => [line, column])).toEqual([[6, 5], [8, 5]]);
    expect(found[0]!.message).toContain('unpickles');
  });
});
