import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX } from '../rule.js';

export const legacyMagicComputed: PickleRule = {
  meta: {
    id: 'pickle/legacy-magic-computed',
    title: 'PyTorch legacy magic number is computed by a call',
    severity: 'high',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'A PyTorch legacy checkpoint starts with a pickled magic number (0x1950a86a20f9469cfc6c), written by torch.save ' +
      'as a literal integer. In this file the first pickle computes its value with a call (__reduce__, e.g. eval of ' +
      'the number), which makes torch.load run code before it even checks the format (research 6.11).',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type !== 'legacy-magic-computed') return;
    report({ message: 'The first pickle of this PyTorch legacy checkpoint computes the magic number instead of storing it.', evidence: event.evidence, offset: event.offset });
  },
};
