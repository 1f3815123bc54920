import { describe, expect, it } from 'vitest';
import { judgeModule } from './module-reference.js';

describe('judging the module a Keras config names', () => {
  it('accepts the Keras packages, including Keras 2 inside TensorFlow and tf-keras', () => {
    for (const module of ['keras', 'keras.layers', 'keras.src.layers.core.dense', 'keras_hub.src.models.gemma.gemma_backbone', 'keras_nlp', 'keras_cv.layers', 'tf_keras.src.engine', 'tensorflow.keras', 'tensorflow.python.keras.layers']) {
      expect([module, judgeModule(module, 'Dense').kind]).toEqual([module, 'keras']);
    }
  });

  it('accepts "builtins" for Keras\'s own functions, not for Python\'s builtins', () => {
    expect(judgeModule('builtins', 'relu').kind).toBe('keras');
    expect(judgeModule('builtins', 'mean_squared_error').kind).toBe('keras');
    for (const name of ['eval', 'exec', '__import__', 'getattr', 'open', 'compile']) expect([name, judgeModule('builtins', name).kind]).toEqual([name, 'unsafe']);
    expect(judgeModule('__builtin__', 'eval').kind).toBe('unsafe');
  });

  it('calls the standard library, gadget packages and non-module strings unsafe', () => {
    for (const module of ['os', 'posix', 'subprocess', 'importlib', 'runpy', 'pickle', 'ctypes', 'shutil', 'socket', 'asyncio.unix_events', 'dill', 'pip._internal', 'os;rm', '../x', '', 'os.', 'a b']) {
      expect([module, judgeModule(module, 'x').kind]).toEqual([module, 'unsafe']);
    }
  });

  it('calls other packages custom, look-alike names of Keras included', () => {
    for (const module of ['my_project.layers', '__main__', 'torch.nn.functional', 'tensorflow.io', 'tensorflow_hub.keras_layer', 'kerasx', 'keras_tuner', 'tensorflow.kerasx']) {
      expect([module, judgeModule(module, 'x').kind]).toEqual([module, 'custom']);
    }
  });
});
