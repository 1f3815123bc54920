import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX } from '../rule.js';

export const unresolvedCallable: PickleRule = {
  meta: {
    id: 'pickle/unresolved-callable',
    title: 'Pickle calls something that is not an imported name',
    severity: 'critical',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'A REDUCE, OBJ, NEWOBJ or NEWOBJ_EX opcode calls a value that the pickle computed at load time (the result of ' +
      'another call, an attribute looked up with getattr, a memo slot, a persistent or extension object) instead of ' +
      'a global it imports. No ordinary pickler writes this; it is how payloads reach a function without naming it ' +
      '(getattr(__import__("os"), "system")), so no allowlist can vouch for it.',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type !== 'unresolved-call') return;
    report({ message: `${event.opcode} calls a value computed at load time, not an imported name.`, evidence: event.evidence, offset: event.offset });
  },
};
