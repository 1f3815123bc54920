import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX } from '../rule.js';

export const attributePlanting: PickleRule = {
  meta: {
    id: 'pickle/attribute-planting',
    title: 'Pickle changes an imported module, class or function',
    severity: 'critical',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'BUILD, SETITEM(S), APPEND(S) or ADDITEMS is applied to a global the pickle imported, not to an object it ' +
      'created. That sets attributes on a shared module, class or function (numpy.prod.a = "os"), fills a registry ' +
      'or a path list, and later lookups read what was planted, including ones the allowlist trusts (research 6.5).',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type !== 'planting') return;
    report({ message: `${event.opcode} modifies an imported global instead of a new object.`, evidence: event.evidence, offset: event.offset });
  },
};
