import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX } from '../rule.js';

export const frameViolation: PickleRule = {
  meta: {
    id: 'pickle/frame-violation',
    title: 'Pickle opcode crosses its frame boundary',
    severity: 'critical',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'Protocol 4 and 5 pickles group opcodes in FRAMEs. An opcode or argument that runs past the end of its frame, ' +
      'or a frame that starts inside another, is read differently by different unpicklers: CPython\'s C unpickler ' +
      'reading a file object without peek (io.BytesIO, as torch.load and joblib pass) drops the rest of the frame ' +
      'and re-reads from its end, while pickle.loads, pickletools and most scanners read on (cpython#154848). ' +
      'Opcodes hidden that way run while scanners see data. No pickler writes this.',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type !== 'frame') return;
    report({ message: `Frame violation: ${event.detail}. Findings below from the re-read stream show what a file-based loader runs.`, evidence: event.detail, offset: event.offset });
  },
};
