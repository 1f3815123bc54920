import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { runAnalyzer, storedZipMember } from '../../../test/support/run-analyzer.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { kerasAnalyzer } from './analyzer.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/keras/${name}`, import.meta.url));

/** A `.keras` fixture's config.json, analysed as the member the zip analyzer hands over. */
async function dotKeras(name: string) {
  const config = storedZipMember(fixture(name), 'config.json');
  return runAnalyzer(kerasAnalyzer, { path: `models/${name}`, member: 'config.json', type: 'json' }, config);
}

async function h5(name: string) {
  return runAnalyzer(kerasAnalyzer, { path: name, type: 'hdf5' }, fixture(name));
}

const ids = (run: { findings: { ruleId: string }[] }) => run.findings.map((f) => f.ruleId);

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

describe('keras analyzer on .keras configs', () => {
  it('is quiet on an ordinary Sequential model with initializers, regularizers, optimizer, loss and metrics', async () => {
    const run = await dotKeras('keras3-dense.keras');
    expect(run.findings).toEqual([]);
    expect(run.inconclusive).toEqual([]);
  });

  it('reports a Lambda layer with its bytecode\'s names, once', async () => {
    const run = await dotKeras('keras3-lambda.keras');
    expect(ids(run)).toEqual(['keras/lambda-layer']);
    expect(run.findings[0]!.severity).toBe('critical');
    expect(run.findings[0]!.evidence).toContain('names and strings: os, true, __import__, system');
    expect(run.findings[0]!.message).toContain('config.layers[1]');
  });

  it('reports module "os" (CVE-2025-1550) as critical, and nothing else about it', async () => {
    const run = await dotKeras('keras3-module-os.keras');
    expect(ids(run)).toEqual(['keras/unsafe-module-reference']);
    expect(run.findings[0]!.evidence).toBe('function os.system');
    expect(run.findings[0]!.message).toContain('config.layers[1].config.activation');
  });

  it('reports keras.utils.get_file in compile_config (CVE-2025-8747)', async () => {
    const run = await dotKeras('keras3-get-file.keras');
    expect(ids(run)).toEqual(['keras/loading-function-reference']);
    expect(run.findings[0]!.evidence).toBe('function keras.utils.get_file');
    expect(run.findings[0]!.message).toContain('compile_config.loss');
  });

  it('reports a TFSMLayer with the SavedModel path it loads', async () => {
    const run = await dotKeras('keras3-tfsm-layer.keras');
    expect(ids(run)).toEqual(['keras/savedmodel-layer']);
    expect(run.findings[0]!.evidence).toBe('TFSMLayer /tmp/exported_savedmodel');
  });

  it('reports a TorchModuleWrapper and hands its torch.save zip to the engine', async () => {
    const run = await dotKeras('keras3-torch-wrapper.keras');
    expect(ids(run)).toEqual(['keras/torch-module-wrapper']);
    expect(run.members.map((m) => m.name)).toEqual(['<TorchModuleWrapper module at config.layers[1]>']);
    const member = run.members[0]!.bytes;
    expect(Buffer.from(member.subarray(0, 4)).toString('latin1')).toBe('PK\x03\x04');
    expect(Buffer.from(storedZipMember(member, 'module/data.pkl')).toString('latin1')).toContain('posix\nsystem');
  });

  it('tells a custom class (medium) from a custom function (high)', async () => {
    const run = await dotKeras('keras3-custom-objects.keras');
    expect(run.findings.map((f) => [f.ruleId, f.severity, f.evidence]).sort()).toEqual([
      ['keras/custom-class-reference', 'medium', 'class my_project.layers.ResidualBlock'],
      ['keras/external-function-reference', 'high', 'function my_project.activations.scaled_swish'],
    ]);
  });

  it('is quiet on look-alikes: a layer named get_file, a "builtins" relu, internal keras.src modules', async () => {
    const run = await dotKeras('keras3-lookalikes.keras');
    expect(run.findings).toEqual([]);
  });

  it('judges any JSON inside a .keras archive, even without the Keras shape at the root, fn_module too', async () => {
    const config = JSON.stringify({ layers: [{ class_name: 'function', config: 'system', module: 'posix' }, { class_name: 'function', config: 'run', fn_module: 'runpy' }] });
    const run = await runAnalyzer(kerasAnalyzer, { path: 'm.keras', member: 'config.json', type: 'json' }, Buffer.from(config));
    expect(run.findings.map((f) => f.evidence)).toEqual(['function posix.system', 'function runpy.run']);
  });

  it('reports a config.json that is not JSON inside a .keras archive, and leaves the file inconclusive', async () => {
    const run = await runAnalyzer(kerasAnalyzer, { path: 'm.keras', member: 'config.json', type: 'json' }, Buffer.from('{"class_name": "Sequential", '));
    expect(ids(run)).toEqual(['keras/malformed-config']);
    expect(run.inconclusive).toHaveLength(1);
  });

  it('reads NaN and Infinity as Python writes them', async () => {
    const config = '{"module": "keras", "class_name": "Sequential", "config": {"clip": NaN, "max": Infinity, "min": -Infinity, "note": "NaN stays"}}';
    const run = await runAnalyzer(kerasAnalyzer, { path: 'm.keras', member: 'config.json', type: 'json' }, Buffer.from(config));
    expect(run.findings).toEqual([]);
    expect(run.inconclusive).toEqual([]);
  });

  it('follows a .keras nested in another archive by its innermost container', async () => {
    const config = storedZipMember(fixture('keras3-module-os.keras'), 'config.json');
    const nested = await runAnalyzer(kerasAnalyzer, { path: 'bundle.zip', member: 'models/m.keras!config.json', type: 'json' }, config);
    expect(ids(nested)).toEqual(['keras/unsafe-module-reference']);
  });

  it('reports a serialized lambda outside any Lambda layer, such as an activation', async () => {
    const lambda = { class_name: '__lambda__', config: { value: ['4wEAAAAA', null, null] } };
    const config = { module: 'keras', class_name: 'Sequential', config: { layers: [{ module: 'keras.layers', class_name: 'Dense', config: { activation: lambda } }] } };
    const run = await runAnalyzer(kerasAnalyzer, { path: 'm.keras', member: 'config.json', type: 'json' }, Buffer.from(JSON.stringify(config)));
    expect(ids(run)).toEqual(['keras/lambda-layer']);
    expect(run.findings[0]!.message).toContain('config.layers[0].config.activation');
  });

  it('caps each rule at 20 findings and counts the rest', async () => {
    const layers = Array.from({ length: 25 }, (_, i) => ({ module: 'os', class_name: 'function', config: `f${i}` }));
    const run = await runAnalyzer(kerasAnalyzer, { path: 'm.keras', member: 'config.json', type: 'json' }, Buffer.from(JSON.stringify({ layers })));
    expect(run.findings).toHaveLength(21);
    expect(run.findings[20]!.message).toBe('5 more like the ones above (not listed one by one).');
  });
});

describe('keras analyzer on a TF-Keras SavedModel\'s keras_metadata.pb', () => {
  const metadata = (name: string) => readFileSync(new URL(`../../../test/fixtures/tensorflow/${name}`, import.meta.url));
  const run = (bytes: Uint8Array) => runAnalyzer(kerasAnalyzer, { path: 'export/keras_metadata.pb', type: 'protobuf' }, bytes);

  it('reports a Lambda layer once, though its config appears in the model\'s and in its own node', async () => {
    const result = await run(metadata('keras-savedmodel-lambda/keras_metadata.pb'));
    expect(ids(result)).toEqual(['keras/lambda-layer']);
    expect(result.findings[0]!.message).toContain('(in keras_metadata.pb node "root")');
  });

  it('is quiet on an ordinary model\'s metadata', async () => {
    const result = await run(metadata('tf2-savedmodel/keras_metadata.pb'));
    expect(result.findings).toEqual([]);
    expect(result.inconclusive).toEqual([]);
  });

  it('reports broken protobuf as a malformed config and leaves the file inconclusive', async () => {
    const whole = metadata('keras-savedmodel-lambda/keras_metadata.pb');
    const result = await run(whole.subarray(0, whole.length - 40));
    expect(ids(result)).toEqual(['keras/malformed-config']);
    expect(result.inconclusive).toHaveLength(1);
  });
});

describe('keras analyzer on Keras-shaped JSON outside .keras archives', () => {
  it('judges keras_hub preset files and ignores other config.json files', async () => {
    const root = makeTree({
      'preset/config.json': fixture('keras-hub-preset/config.json'),
      'preset/tokenizer.json': fixture('keras-hub-preset/tokenizer.json'),
      'preset/preprocessor.json': fixture('keras-hub-preset/preprocessor.json'),
      'bert/config.json': fixture('transformers-model/config.json'),
      'app/config.json': '{"class_name": "broken", ',
    });
    roots.push(root);
    const result = await scanTree(root, [kerasAnalyzer]);
    expect(result.findings.map((f) => `${f.ruleId} @ ${f.location.path}`)).toEqual(['keras/unsafe-module-reference @ preset/preprocessor.json']);
    expect(result.files.filter((f) => f.status !== 'scanned')).toEqual([]);
  });
});

describe('keras analyzer on Keras 2 H5 files', () => {
  it('is quiet on an ordinary H5 model and notes its Keras version', async () => {
    const run = await h5('keras2-dense.h5');
    expect(run.findings).toEqual([]);
    expect(run.inconclusive).toEqual([]);
    expect(run.notes).toEqual(['Keras 2.15.0 H5 model']);
  });

  it('reports a Lambda layer in model_config (CVE-2025-9905: the H5 loader ignores safe_mode)', async () => {
    const run = await h5('keras2-lambda.h5');
    expect(ids(run)).toEqual(['keras/lambda-layer']);
    expect(run.findings[0]!.message).toContain('(in the model_config attribute)');
    expect(run.findings[0]!.evidence).toContain('system');
  });

  it('judges training_config too', async () => {
    const run = await h5('keras2-module-builtins-exec.h5');
    expect(ids(run)).toEqual(['keras/unsafe-module-reference']);
    expect(run.findings[0]!.evidence).toBe('function builtins.exec');
    expect(run.findings[0]!.message).toContain('(in the training_config attribute)');
  });

  it('reads a model_config stored as a fixed-length byte string', async () => {
    const run = await h5('keras2-bytes-config.h5');
    expect(run.findings).toEqual([]);
    expect(run.inconclusive).toEqual([]);
  });

  it('reports a model_config that is not JSON, or not a string', async () => {
    for (const name of ['keras2-config-not-json.h5', 'keras2-config-not-string.h5']) {
      const run = await h5(name);
      expect([name, ids(run), run.inconclusive.length]).toEqual([name, ['keras/malformed-config'], 1]);
    }
  });

  it('never follows an external link', async () => {
    const run = await h5('keras2-external-link.h5');
    expect(run.findings).toEqual([]);
    expect(run.inconclusive).toEqual([]);
  });

  it('is quiet on plain HDF5 data and Keras 3 weights files', async () => {
    const run = await h5('weights-only.h5');
    expect(run).toEqual({ findings: [], inconclusive: [], notes: [], assets: [], members: [] });
  });

  it('reads an H5 member of an archive from its bytes, reading only the parts HDF5 asks for', async () => {
    const weights = storedZipMember(fixture('keras3-dense.keras'), 'model.weights.h5');
    const lambda = fixture('keras2-lambda.h5');
    const padded = new Uint8Array(lambda.length + 64 * 1024 * 1024);
    padded.set(lambda);
    let read = 0;
    const counting = {
      size: padded.length,
      read(offset: number, length: number) {
        const bytes = padded.subarray(offset, Math.min(padded.length, offset + length));
        read += bytes.length;
        return bytes;
      },
      slice() {
        throw new Error('not used');
      },
    };
    const quiet = await runAnalyzer(kerasAnalyzer, { path: 'm.keras', member: 'model.weights.h5', type: 'hdf5' }, weights);
    expect(quiet.findings).toEqual([]);
    // A file with 64 MiB of trailing data: HDF5 reads the headers, never the rest.
    const run = await runAnalyzer(kerasAnalyzer, { path: 'big.zip', member: 'big.h5', type: 'hdf5' }, counting);
    expect(ids(run)).toEqual(['keras/lambda-layer']);
    expect(read).toBeLessThan(lambda.length);
  });

  it('leaves a file the HDF5 library cannot open inconclusive', async () => {
    const bytes = Buffer.concat([Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 0xff)]);
    const run = await runAnalyzer(kerasAnalyzer, { path: 'broken.h5', type: 'hdf5' }, bytes);
    expect(run.findings).toEqual([]);
    expect(run.inconclusive).toEqual(['the HDF5 library cannot open it; a Keras model config in it was not checked']);
  });
});
