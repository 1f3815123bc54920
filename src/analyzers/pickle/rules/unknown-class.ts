import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES } from '../rule.js';

export const unknownClass: PickleRule = {
  meta: {
    id: 'pickle/unknown-class',
    title: 'Pickle instantiates a class outside the allowlist (review)',
    severity: 'medium',
    principle: '1.3',
    references: DESERIALIZATION_REFERENCES,
    description:
      'The pickle creates an instance of a class, or imports a global, that no allowlist profile accepts, without ' +
      'calling it: the shape of a whole pickled nn.Module or of a user class. Loading imports the module and runs ' +
      'the class\'s __new__ and __setstate__, so the file is only as safe as that code, and the application must ' +
      'have it installed. Review the class; a file that holds only weights does not need it.',
    fix:
      'Save and share weights only (a state_dict as safetensors, or torch.save(model.state_dict()) loaded with ' +
      'torch.load(weights_only=True)) and rebuild the model from code. If the class is yours and trusted, allow it for ' +
      'this path in aigis.yaml (analyzers.pickle.allow with a reason).',
  },
  check(event, report) {
    if (event.type !== 'global' || event.verdict.kind !== 'unknown' || event.use === 'invoked') return;
    const what = event.use === 'instantiated' ? 'is instantiated' : 'is imported but never called';
    report({ message: `Unknown class, review: ${event.global.written} ${what} when the file is loaded.`, evidence: event.evidence, offset: event.offset });
  },
};
