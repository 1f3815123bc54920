import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX } from '../rule.js';

export const unknownCallable: PickleRule = {
  meta: {
    id: 'pickle/unknown-callable',
    title: 'Pickle calls a function outside the allowlist',
    severity: 'high',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'The pickle calls a global that no allowlist profile (PyTorch weights-only, NumPy, scikit-learn, joblib, ' +
      'transformers, standard-library values) and no aigis.yaml entry accepts. Loading runs that call with ' +
      'arguments the file chooses. A denylist cannot tell which of the thousands of importable functions are ' +
      'harmful (over 130 published gadgets), and payloads that only patch the model (Sleepy Pickle) never touch ' +
      'os or subprocess, so anything outside the allowlist is treated as code.',
    fix:
      `${SAFE_LOADING_FIX} If you trust this exact global, allow it for this path in aigis.yaml: ` +
      'analyzers.pickle.allow: [{path: "models/**", globals: ["module.name"], reason: "..."}].',
  },
  check(event, report) {
    if (event.type !== 'global' || event.verdict.kind !== 'unknown' || event.use !== 'invoked') return;
    report({
      message: `${event.global.written} is called when the file is loaded, and no allowlist profile accepts it.`,
      evidence: event.evidence,
      offset: event.offset,
    });
  },
};
