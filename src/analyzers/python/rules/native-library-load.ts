import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { argumentFor, lastSegment, literalValue } from '../module.js';

/** ML framework calls that load a native library into the process, with the index and keyword of the path. */
const FRAMEWORK_LOADERS: ReadonlyMap<string, readonly [number, string]> = new Map([
  ['tensorflow.load_library', [0, 'library_location']],
  ['tensorflow.load_op_library', [0, 'library_filename']],
  ['tensorflow.experimental.register_filesystem_plugin', [0, 'plugin_location']],
  ['torch.classes.load_library', [0, 'path']],
  ['torch.ops.load_library', [0, 'path']],
  ['numpy.ctypeslib.load_library', [0, 'libname']],
]);
/** ctypes loaders: flagged only when the path is computed, since a literal system library name is the usual case. */
const CTYPES_LOADERS = new Set(['ctypes.CDLL', 'ctypes.PyDLL', 'ctypes.WinDLL', 'ctypes.OleDLL', 'ctypes.cdll.LoadLibrary', 'ctypes.windll.LoadLibrary', 'ctypes.pydll.LoadLibrary']);

export const nativeLibraryLoad: PythonRule = {
  meta: {
    id: 'python/native-library-load',
    title: 'Native library loaded into an ML process',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-114', 'CWE-829'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.001'] },
    description:
      'Custom TensorFlow and PyTorch ops, ONNX Runtime custom-op libraries and ctypes libraries are shared objects loaded straight into the process: their initialisers run with its permissions, outside anything Python can check. A library shipped with a model, downloaded at run time or found through a computed path is a code-execution channel. Related rules: Trail of Bits tensorflow-load-library, pytorch-classes-load-library, numpy-load-library, onnx-session-options.',
    fix: 'Load native libraries only from paths this project builds or installs (a wheel with a pinned hash), never from model repositories or user-supplied paths, and verify the file\'s hash before loading it.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (call.callee === undefined) continue;
      const spec = FRAMEWORK_LOADERS.get(call.callee);
      if (spec) {
        const path = literalValue(argumentFor(call.args, spec[0], spec[1]));
        report({
          node: call.node,
          message: `${call.calleeText} loads ${typeof path === 'string' ? `the native library "${path}"` : 'a native library from a computed path'} into the process: its code runs unchecked`,
          evidence: snippet(call.node),
        });
        continue;
      }
      // onnxruntime.SessionOptions().register_custom_ops_library(path)
      if (call.callee.startsWith('onnxruntime.') && lastSegment(call.callee) === 'register_custom_ops_library') {
        const path = literalValue(argumentFor(call.args, 0, 'library_path'));
        report({
          node: call.node,
          message: `${call.calleeText} loads ${typeof path === 'string' ? `the custom-op library "${path}"` : 'a custom-op library from a computed path'} into ONNX Runtime: its code runs unchecked`,
          evidence: snippet(call.node),
        });
        continue;
      }
      if (!CTYPES_LOADERS.has(call.callee)) continue;
      const pathNode = argumentFor(call.args, 0, 'name');
      if (!pathNode || typeof literalValue(pathNode) === 'string' || literalValue(pathNode) === null) continue;
      // ctypes.CDLL(ctypes.util.find_library("c")): a system library looked up by a literal name.
      if (pathNode.type === 'call') {
        const fn = pathNode.childForFieldName('function');
        const inner = fn ? module.resolve(fn) : undefined;
        const args = pathNode.childForFieldName('arguments')?.namedChildren ?? [];
        if (inner === 'ctypes.util.find_library' && args.length === 1 && typeof literalValue(args[0]) === 'string') continue;
      }
      report({
        node: call.node,
        message: `${call.calleeText} loads a native library from the computed path ${snippet(pathNode, 80)}: whoever controls that path runs code in this process`,
        evidence: snippet(call.node),
      });
    }
  },
};
