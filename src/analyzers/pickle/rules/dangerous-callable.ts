import { NESTED_DESERIALIZER } from '../policy/families.js';
import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX, useText } from '../rule.js';

export const dangerousCallable: PickleRule = {
  meta: {
    id: 'pickle/dangerous-callable',
    title: 'Pickle imports a dangerous callable',
    severity: 'critical',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'Loading a pickle imports every global it names and runs every call it contains. This file names a global ' +
      'from a known-dangerous family (code execution, processes and shells, files, network, name resolvers, native ' +
      'code, profilers and debuggers that run code, package installers, web browsers, scanner tampering): loading ' +
      'it can run arbitrary code on the machine. Even a global that is only referenced can be reached, for example ' +
      'when an allowed container iterates over it.',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type !== 'global' || event.verdict.kind !== 'dangerous' || event.verdict.family.id === NESTED_DESERIALIZER) return;
    const { family, matched } = event.verdict;
    const via = matched === event.global.written ? '' : ` (through ${matched})`;
    report({
      message: `${event.global.written}${via} ${useText(event.use)}: it ${family.explanation} [${family.id}].`,
      evidence: event.evidence,
      offset: event.offset,
    });
  },
};
