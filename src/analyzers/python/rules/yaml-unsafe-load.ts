import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { argumentFor, lastSegment } from '../module.js';

/** Loaders that only build plain data. */
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
/** Loaders that build arbitrary Python objects (FullLoader: most of them, with a history of bypasses). */
const UNSAFE_LOADERS = new Set(['Loader', 'UnsafeLoader', 'FullLoader', 'CLoader', 'CUnsafeLoader', 'CFullLoader']);
/** Functions that take a Loader. */
const LOAD_WITH_LOADER = new Set(['yaml.load', 'yaml.load_all']);
/** Functions that are unsafe by name. */
const UNSAFE_FUNCTIONS = new Set(['yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.full_load', 'yaml.full_load_all']);

export const yamlUnsafeLoad: PythonRule = {
  meta: {
    id: 'python/yaml-unsafe-load',
    title: 'YAML loaded with an object-constructing loader',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM03:2025'] },
    description:
      'PyYAML\'s Loader, UnsafeLoader and FullLoader turn tags such as !!python/object/apply into Python objects and calls, so a crafted config, model card or pipeline file runs code when it is parsed. yaml.load without a Loader used the unsafe one before PyYAML 5.1. Related rules: Bandit B506, Ruff S506.',
    fix: 'Use yaml.safe_load (or yaml.load(stream, Loader=yaml.SafeLoader), CSafeLoader for speed); it builds only plain data.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (call.callee === undefined) continue;
      if (UNSAFE_FUNCTIONS.has(call.callee)) {
        report({
          node: call.node,
          message: `${call.calleeText} builds arbitrary Python objects from YAML tags: a crafted document runs code when it is parsed`,
          evidence: snippet(call.node),
        });
        continue;
      }
      if (!LOAD_WITH_LOADER.has(call.callee)) continue;
      const loader = argumentFor(call.args, 1, 'Loader');
      if (loader === undefined) {
        if (call.args.hasSpread) continue;
        report({
          node: call.node,
          message: `${call.calleeText} is called without Loader=yaml.SafeLoader: older PyYAML then builds arbitrary Python objects, and a crafted document runs code`,
          evidence: snippet(call.node),
        });
        continue;
      }
      // A loader of the project's own (a SafeLoader subclass, usually) or a variable is not something we can judge.
      const name = module.resolve(loader);
      if (name === undefined || !name.startsWith('yaml.')) continue;
      const last = lastSegment(name);
      if (SAFE_LOADERS.has(last) || !UNSAFE_LOADERS.has(last)) continue;
      report({
        node: call.node,
        message: `${call.calleeText} is called with ${loader.text}, which builds arbitrary Python objects from YAML tags: a crafted document runs code`,
        evidence: snippet(call.node),
      });
    }
  },
};
