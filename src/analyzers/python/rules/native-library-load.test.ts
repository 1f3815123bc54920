import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/native-library-load';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'ops.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags custom op libraries for TensorFlow, PyTorch, ONNX Runtime and numpy, and ctypes with a computed path', async () => {
    const found = await findings(`
      import ctypes
      import os
      import numpy as np
      import onnxruntime as ort
      import tensorflow as tf
      import torch

      def load_ops(model_dir):
          zero_out = tf.load_op_library("./zero_out.so")
          torch.ops.load_library(os.path.join(model_dir, "custom_ops.so"))
          options = ort.SessionOptions()
          options.register_custom_ops_library(model_dir + "/libcustom.so")
          lib = np.ctypeslib.load_library("libfast", ".")
          native = ctypes.CDLL(os.path.join(model_dir, "libkernel.so"))
          return zero_out, lib, native
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[9, 16], [10, 5], [12, 5], [13, 11], [14, 14]]);
    expect(found[0]!.message).toContain('"./zero_out.so"');
    expect(found[1]!.message).toContain('computed path');
    expect(found[2]!.message).toContain('ONNX Runtime');
  });

  it('stays quiet for ctypes with a literal or looked-up system library and look-alike loaders', async () => {
    const found = await findings(`
      import ctypes
      import ctypes.util
      from plugins import load_library

      libc = ctypes.CDLL("libc.so.6")
      libm = ctypes.CDLL(ctypes.util.find_library("m"))
      plugin = load_library("plugin.so")
      objc = ctypes.cdll.LoadLibrary(ctypes.util.find_library("objc"))
    `);
    expect(found).toEqual([]);
  });
});
