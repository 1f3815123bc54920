import { describe, expect, it } from 'vitest';
import type { GlobalName } from '../parser/values.js';
import { loadFamilies } from './families.js';
import { PicklePolicy, globalKey } from './policy.js';
import { PROFILE_IDS, loadProfiles } from './profiles.js';

const policy = new PicklePolicy(PROFILE_IDS);
const g = (module: string, name: string): GlobalName => ({ module, name, written: `${module}.${name}` });
const kind = (module: string, name: string, use: 'invoked' | 'instantiated' | 'referenced' = 'invoked') => {
  const verdict = policy.judge(g(module, name), use);
  return verdict.kind === 'dangerous' ? `dangerous:${verdict.family.id}` : verdict.kind;
};

describe('pickle policy', () => {
  it('allows what torch.load(weights_only=True) allows, and the documented profiles', () => {
    expect(kind('torch._utils', '_rebuild_tensor_v2')).toBe('allowed');
    expect(kind('collections', 'OrderedDict')).toBe('allowed');
    expect(kind('numpy.core.multiarray', '_reconstruct')).toBe('allowed');
    expect(kind('sklearn.tree._tree', 'Tree')).toBe('allowed');
    expect(kind('copyreg', '_reconstructor')).toBe('allowed');
  });

  it('judges dotted names hop by hop: under an allowlisted module they are not allowlisted', () => {
    expect(kind('torch', '_utils._rebuild_tensor_v2')).toBe('unknown');
    expect(kind('pathlib', 'os.system')).toBe('dangerous:process');
    expect(kind('numpy', 'core._internal.sys.modules')).toBe('dangerous:name-resolution');
    expect(kind('builtins', 'print.__class__.__base__.__subclasses__')).toBe('dangerous:attribute-traversal');
    expect(kind('pathlib', 'Path.write_text')).toBe('dangerous:filesystem');
    expect(kind('collections', 'OrderedDict.fromkeys', 'referenced')).toBe('unknown');
  });

  it('allows instantiate-only entries when instantiated or referenced, never when called', () => {
    expect(kind('sklearn.linear_model._base', 'SomeFutureEstimator', 'instantiated')).toBe('allowed');
    expect(kind('sklearn.linear_model._base', 'SomeFutureEstimator', 'invoked')).toBe('unknown');
    expect(kind('joblib.numpy_pickle', 'NumpyArrayWrapper', 'invoked')).toBe('unknown');
  });

  it('applies user patterns, but never to a dangerous global', () => {
    const user = new PicklePolicy(['stdlib-values'], [{ globals: ['mypkg.layers.Dense', 'other.*', 'deep.**', 'os.system'], reason: 'r' }]);
    expect(user.judge(g('mypkg.layers', 'Dense'), 'invoked')).toMatchObject({ kind: 'allowed', by: 'aigis.yaml analyzers.pickle.allow (r)' });
    expect(user.judge(g('other', 'X'), 'invoked').kind).toBe('allowed');
    expect(user.judge(g('other.sub', 'X'), 'invoked').kind).toBe('unknown');
    expect(user.judge(g('deep.sub', 'X'), 'invoked').kind).toBe('allowed');
    expect(user.judge(g('mypkg.layers', 'Dense.call'), 'invoked').kind).toBe('unknown');
    expect(user.judge(g('os', 'system'), 'invoked').kind).toBe('dangerous');
  });

  it('ships profiles whose entries all have a source, and overlap the dangerous families only where listed', () => {
    const families = loadFamilies();
    const overlaps: string[] = [];
    for (const [id, profile] of loadProfiles()) {
      for (const entry of profile.entries) {
        expect([id, entry.source.trim().length > 0]).toEqual([id, true]);
        if (!entry.global) continue;
        const colon = entry.global.indexOf(':');
        const dot = entry.global.lastIndexOf('.');
        const [module, name] = colon >= 0 ? [entry.global.slice(0, colon), entry.global.slice(colon + 1)] : [entry.global.slice(0, dot), entry.global.slice(dot + 1)];
        expect(globalKey(module, name)).toBe(entry.global);
        if (families.match(module, name)) overlaps.push(entry.global);
      }
    }
    // copyreg's rebuilders are how pickle itself rebuilds objects (copyreg's registry stays dangerous), and
    // torch's weights-only unpickler allows _get_layout (torch.serialization's loaders stay dangerous).
    expect([...new Set(overlaps)].sort()).toEqual(['copyreg.__newobj__', 'copyreg.__newobj_ex__', 'copyreg._reconstructor', 'torch.serialization._get_layout']);
  });
});
