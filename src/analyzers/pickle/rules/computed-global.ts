import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX } from '../rule.js';

export const computedGlobal: PickleRule = {
  meta: {
    id: 'pickle/computed-global',
    title: 'STACK_GLOBAL imports a name computed at load time',
    severity: 'critical',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'STACK_GLOBAL takes the module and name to import from the stack. Here one of them is not a constant string: ' +
      'it is built at load time (bytes.decode, str.join, a memo slot after a call) or is not a string at all. Only ' +
      'an attacker does this: it hides the imported name from scanners that read constants (research section 6.2-6.3).',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type !== 'computed-global') return;
    report({ message: 'STACK_GLOBAL imports a module or name that is not a constant string, so what it imports cannot be known without running the pickle.', evidence: event.evidence, offset: event.offset });
  },
};
