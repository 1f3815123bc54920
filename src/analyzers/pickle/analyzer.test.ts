import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../engine/scan.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { pickleAnalyzer } from './analyzer.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/pickle/', import.meta.url));
const fixture = (path: string) => readFileSync(`${FIXTURES}${path}`);

/** Rule ids each fixture must produce (sorted, unique); fixtures made by scripts/fixtures/pickle_fixtures.py. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'malicious/01_p0_global_os_system.pkl': ['pickle/dangerous-callable'],
  'malicious/02_p4_stack_global_posix_system.pkl': ['pickle/dangerous-callable'],
  'malicious/03_builtins_exec.pkl': ['pickle/dangerous-callable'],
  'malicious/04_memo_put_memoize_mix.pkl': ['pickle/dangerous-callable'],
  'malicious/05_dotted_pathlib_os_system.pkl': ['pickle/dangerous-callable'],
  'malicious/06_numpy_builtins_dict_get.pkl': ['pickle/dangerous-callable', 'pickle/unknown-callable', 'pickle/unresolved-callable'],
  'malicious/07_importlib_getattr.pkl': ['pickle/dangerous-callable', 'pickle/unresolved-callable'],
  'malicious/08_pkgutil_resolve_name.pkl': ['pickle/dangerous-callable', 'pickle/unresolved-callable'],
  'malicious/09_nested_pickle_loads.pkl': ['pickle/nested-loader'],
  'malicious/10_payload_then_broken_stream.pkl': ['pickle/dangerous-callable', 'pickle/malformed-stream'],
  'malicious/11_protocol0_named_bin.bin': ['pickle/dangerous-callable'],
  'malicious/12_stack_global_computed_decode.pkl': ['pickle/computed-global', 'pickle/unknown-callable', 'pickle/unresolved-callable'],
  'malicious/13_uuid_get_command_stdout.pkl': ['pickle/dangerous-callable'],
  'malicious/17_nested_zlib_pickle_loads.pkl': ['pickle/nested-loader', 'pickle/unknown-callable'],
  'malicious/19_benign_then_malicious_stream.pkl': ['pickle/dangerous-callable'],
  'malicious/21_stack_global_str_of_bytes.pkl': ['pickle/computed-global', 'pickle/unresolved-callable'],
  'malicious/23_binput_after_pop.pkl': ['pickle/dangerous-callable'],
  'malicious/24_frame_length_lie.pkl': ['pickle/dangerous-callable', 'pickle/frame-violation'],
  'malicious/attribute_planting_build.pkl': ['pickle/attribute-planting', 'pickle/unknown-class'],
  'malicious/base64_nested_pickle.pkl': ['pickle/nested-loader', 'pickle/unknown-callable'],
  'malicious/bytes_fromhex_nested_marshal.pkl': ['pickle/nested-loader', 'pickle/unknown-callable'],
  'malicious/cprofile_run.pkl': ['pickle/dangerous-callable'],
  'malicious/ext_code.pkl': ['pickle/extension-code', 'pickle/unresolved-callable'],
  'malicious/getattr_builtins_eval_p2.pkl': ['pickle/dangerous-callable'],
  'malicious/hex_codecs_nested_pickle.pkl': ['pickle/nested-loader', 'pickle/unknown-callable'],
  'malicious/idlelib_runcode.pkl': ['pickle/dangerous-callable'],
  'malicious/inst_opcode.pkl': ['pickle/dangerous-callable'],
  'malicious/joblib_object_wrapper_nested.pkl': ['pickle/dangerous-callable'],
  'malicious/legacy_magic_eval.pt': ['pickle/dangerous-callable', 'pickle/legacy-magic-computed'],
  'malicious/nested_frame.pkl': ['pickle/frame-violation', 'pickle/trailing-data'],
  'malicious/obj_opcode_p1.pkl': ['pickle/dangerous-callable'],
  'malicious/operator_attrgetter_chain.pkl': ['pickle/dangerous-callable', 'pickle/unresolved-callable'],
  'malicious/protocol1_no_magic.pkl': ['pickle/dangerous-callable'],
  'malicious/runpy_run_code.pkl': ['pickle/dangerous-callable'],
  'malicious/setitem_on_global.pkl': ['pickle/attribute-planting', 'pickle/dangerous-callable'],
  'malicious/sleepy_patch_model.pkl': ['pickle/unknown-callable', 'pickle/unknown-class'],
  'malicious/torch_load_from_bytes.pkl': ['pickle/nested-loader'],
  'malicious/type_confusion_bytes_operand.pkl': ['pickle/computed-global', 'pickle/unresolved-callable'],
  'malicious/type_confusion_int_operand.pkl': ['pickle/computed-global', 'pickle/unresolved-callable'],
  'malicious/webbrowser_open.pkl': ['pickle/dangerous-callable'],
  // Look-alikes that must stay quiet, or at medium for classes outside the allowlist.
  'benign/junk_between_pickles.pkl': ['pickle/trailing-data'],
  'benign/nested_name_getattr_p2.pkl': ['pickle/unknown-class'],
  'benign/torch_full_model_data.pkl': ['pickle/unknown-class'],
  'benign/truncated_ordered_dict.pkl': ['pickle/malformed-stream'],
  'benign/user_class_p2.pkl': ['pickle/unknown-class'],
  'benign/user_class_p4.pkl': ['pickle/unknown-class'],
};

const QUIET = [
  'numpy_arrays_p2.pkl', 'numpy_arrays_p3.pkl', 'numpy_arrays_p4.pkl', 'numpy_arrays_p5.pkl', 'numpy_out_of_band_p5.pkl', 'ordered_dict_p2.pkl',
  'sklearn_logreg.joblib', 'sklearn_logreg_p4.pkl', 'sklearn_pipeline.joblib', 'sklearn_pipeline_p4.pkl', 'sklearn_random_forest.joblib',
  'sklearn_random_forest_p4.pkl', 'stdlib_values_p0.pkl', 'stdlib_values_p1.pkl', 'stdlib_values_p2.pkl', 'stdlib_values_p3.pkl',
  'stdlib_values_p4.pkl', 'stdlib_values_p5.pkl', 'torch_legacy_state_dict.pt', 'torch_state_dict_data.pkl', 'torchscript_constants.pkl',
  'torchscript_data.pkl', 'two_pickles.pkl',
].map((name) => `benign/${name}`);

let result: ScanResult;
beforeAll(async () => {
  result = await scanTree(FIXTURES, [pickleAnalyzer]);
});

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function idsFor(path: string, scan: ScanResult = result): string[] {
  const outer = scan.findings.filter((f) => f.location.path === path && f.location.member === undefined);
  return [...new Set(outer.map((f) => f.ruleId))].sort();
}

describe('pickle analyzer on its fixtures', () => {
  it.each(Object.entries(EXPECTED))('%s', (path, ids) => {
    expect(result.files.find((f) => f.path === path)).toMatchObject({ type: 'pickle', status: 'scanned' });
    expect(idsFor(path)).toEqual(ids);
  });

  it.each(QUIET)('%s is quiet', (path) => {
    expect(result.files.find((f) => f.path === path)).toMatchObject({ type: 'pickle', status: 'scanned' });
    expect(idsFor(path)).toEqual([]);
  });

  it('rates every malicious fixture high or critical', () => {
    for (const path of Object.keys(EXPECTED).filter((p) => p.startsWith('malicious/'))) {
      const severities = result.findings.filter((f) => f.location.path === path).map((f) => f.severity);
      expect([path, severities.some((s) => s === 'critical' || s === 'high')]).toEqual([path, true]);
    }
  });

  it('keeps ordinary full-model and user-class pickles below high', () => {
    for (const path of ['benign/torch_full_model_data.pkl', 'benign/user_class_p4.pkl']) {
      expect(result.findings.filter((f) => f.location.path === path).map((f) => f.severity)).toEqual(expect.arrayContaining(['medium']));
      expect(result.findings.filter((f) => f.location.path === path && f.severity !== 'medium')).toEqual([]);
    }
  });

  it('gives the reconstructed call chain as evidence, with the opcode offset', () => {
    const finding = result.findings.find((f) => f.location.path === 'malicious/07_importlib_getattr.pkl' && f.ruleId === 'pickle/unresolved-callable');
    expect(finding?.evidence).toBe("builtins.getattr(importlib.import_module('os'), 'system')('true')");
    expect(finding?.location.offset).toBeGreaterThan(0);
    const dotted = result.findings.find((f) => f.location.path === 'malicious/05_dotted_pathlib_os_system.pkl');
    expect(dotted?.message).toContain('through os');
  });

  it('scans decoded nested payloads as members of the file', () => {
    for (const [path, member] of [
      ['malicious/17_nested_zlib_pickle_loads.pkl', 'pickle.loads@'],
      ['malicious/base64_nested_pickle.pkl', 'pickle.loads@'],
      ['malicious/hex_codecs_nested_pickle.pkl', '_pickle.loads@'],
      ['malicious/torch_load_from_bytes.pkl', 'torch.storage._load_from_bytes@'],
    ] as const) {
      const inner = result.findings.filter((f) => f.location.path === path && f.location.member?.startsWith(member));
      expect([path, inner.map((f) => `${f.ruleId} ${f.evidence}`)]).toEqual([path, ["pickle/dangerous-callable posix.system('true')"]]);
    }
  });

  it('finds the payload a file-based C unpickler runs past a lying FRAME', () => {
    const findings = result.findings.filter((f) => f.location.path === 'malicious/24_frame_length_lie.pkl');
    expect(findings.find((f) => f.ruleId === 'pickle/dangerous-callable')?.evidence).toBe("os.system('true')");
  });

  it('notes which profile allowed which global, and that legacy storages were not read', () => {
    const notes = result.files.find((f) => f.path === 'benign/torch_legacy_state_dict.pt')?.notes ?? [];
    expect(notes).toContain('torch._utils._rebuild_tensor_v2: allowed by profile torch-weights-only');
    expect(notes.some((n) => /PyTorch legacy format: \d+ bytes of raw tensor storage/.test(n))).toBe(true);
    expect(result.files.find((f) => f.path === 'benign/sklearn_logreg.joblib')?.notes).toContain('joblib.numpy_pickle.NumpyArrayWrapper: allowed by profile joblib');
  });
});

describe('pickle analyzer settings', () => {
  const userClass = () => fixture('benign/user_class_p4.pkl');

  it('allows a user global for a matching path only, and says why', async () => {
    const root = makeTree({ 'models/legacy/a.pkl': userClass(), 'models/other/b.pkl': userClass() });
    roots.push(root);
    const config = 'analyzers:\n  pickle:\n    allow:\n      - path: "models/legacy/**"\n        globals: ["myproject.models.UserThing"]\n        reason: trained in-house (ML-42)\n';
    const scan = await scanTree(root, [pickleAnalyzer], config);
    expect(idsFor('models/legacy/a.pkl', scan)).toEqual([]);
    expect(idsFor('models/other/b.pkl', scan)).toEqual(['pickle/unknown-class']);
    expect(scan.files.find((f) => f.path === 'models/legacy/a.pkl')?.notes).toContain(
      'myproject.models.UserThing: allowed by aigis.yaml analyzers.pickle.allow (trained in-house (ML-42))',
    );
  });

  it('cannot allow a dangerous global', async () => {
    const root = makeTree({ 'm.pkl': fixture('malicious/02_p4_stack_global_posix_system.pkl') });
    roots.push(root);
    const config = 'analyzers:\n  pickle:\n    allow:\n      - path: "**"\n        globals: ["posix.system"]\n        reason: testing\n';
    expect(idsFor('m.pkl', await scanTree(root, [pickleAnalyzer], config))).toEqual(['pickle/dangerous-callable']);
  });

  it('rejects an allow entry without a reason, and unknown keys', async () => {
    const root = makeTree({ 'a.pkl': userClass() });
    roots.push(root);
    await expect(scanTree(root, [pickleAnalyzer], 'analyzers:\n  pickle:\n    allow:\n      - path: "**"\n        globals: ["a.B"]\n')).rejects.toThrow(/reason/);
    await expect(scanTree(root, [pickleAnalyzer], 'analyzers:\n  pickle:\n    allowlist: []\n')).rejects.toThrow(/allowlist/);
  });

  it('restricts the profiles when asked: numpy arrays are then unknown', async () => {
    const root = makeTree({ 'a.pkl': fixture('benign/numpy_arrays_p4.pkl') });
    roots.push(root);
    const scan = await scanTree(root, [pickleAnalyzer], 'analyzers:\n  pickle:\n    profiles: [torch-weights-only]\n');
    expect(idsFor('a.pkl', scan)).toEqual(['pickle/unknown-callable', 'pickle/unknown-class']);
  });
});
