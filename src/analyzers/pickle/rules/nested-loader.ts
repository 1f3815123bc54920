import { NESTED_DESERIALIZER } from '../policy/families.js';
import type { PickleRule } from '../rule.js';
import { DESERIALIZATION_REFERENCES, SAFE_LOADING_FIX, useText } from '../rule.js';

export const nestedLoader: PickleRule = {
  meta: {
    id: 'pickle/nested-loader',
    title: 'Pickle loads a nested pickle or other serialized payload',
    severity: 'critical',
    principle: '2.1',
    references: DESERIALIZATION_REFERENCES,
    description:
      'The pickle hands bytes to a deserializer (pickle.loads, dill, joblib.load, marshal.loads, numpy.load, ' +
      'torch.load, torch.storage._load_from_bytes...), often behind zlib, base64 or hex decoding, so the real ' +
      'payload is not visible in the outer stream. When the bytes are constant, aigis decodes them and scans them ' +
      'as an archive member of this file (named <loader>@<offset>); the loader call is a finding either way.',
    fix: SAFE_LOADING_FIX,
  },
  check(event, report) {
    if (event.type === 'loader-call') {
      const scanned = event.member ? `its ${event.payloadBytes}-byte payload is scanned as member ${event.member}` : `its payload could not be decoded statically: ${event.undecoded}`;
      report({ message: `${event.loader.written} deserializes a nested payload when the file is loaded; ${scanned}.`, evidence: event.evidence, offset: event.offset });
      return;
    }
    if (event.type !== 'global' || event.use === 'invoked' || event.verdict.kind !== 'dangerous' || event.verdict.family.id !== NESTED_DESERIALIZER) return;
    report({ message: `${event.global.written} ${useText(event.use)}: it ${event.verdict.family.explanation}.`, evidence: event.evidence, offset: event.offset });
  },
};
