import type { RuleMeta } from '../../../core/rule.js';

export const signatureMismatch: RuleMeta = {
  id: 'model-signature/signature-mismatch',
  title: 'Model does not match its signature',
  severity: 'critical',
  principle: '3.2',
  references: { cwe: ['CWE-345', 'CWE-494'], owaspLlm: ['LLM03:2025', 'LLM04:2025'], atlas: ['AML.T0010.003'] },
  description:
    'The model signature does not verify with the configured public key, or it does but files of the model were ' +
    'changed, removed or added since it was signed. Either the model was tampered with (a swapped or backdoored ' +
    'weight file, a pickle with a payload), the signature was forged or made with another key, or someone changed ' +
    'the model without re-signing it. Loading it means running an artefact nobody vouched for.',
  fix:
    'Do not load the model. Find out why it differs: compare the named files with the released model, restore them ' +
    'from a trusted source, and run `aigis verify <folder> --key <public key>` until it passes. If the change was ' +
    'intended, review it and re-sign with `aigis sign` using the release key.',
};
