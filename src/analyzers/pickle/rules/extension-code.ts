import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX } from '../rule.js';

export const extensionCode: PickleRule = {
  meta: {
    id: 'pickle/extension-code',
    title: 'Pickle imports through the copyreg extension registry',
    severity: 'high',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'EXT1, EXT2 and EXT4 import whatever global the loading process registered under a number with ' +
      'copyreg.add_extension. The registry is empty in a normal Python, so an ordinary model never uses them; what ' +
      'the code resolves to depends on the loading process and cannot be checked from the file.',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type !== 'extension') return;
    report({ message: `An EXT opcode imports extension code ${event.code}, whose target is set by the loading process, not the file.`, evidence: `EXT ${event.code}`, offset: event.offset });
  },
};
