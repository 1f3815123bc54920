import type { RuleMeta } from '../../../core/rule.js';

export const unverifiableSignature: RuleMeta = {
  id: 'model-signature/unverifiable-signature',
  title: 'Model signature cannot be verified',
  severity: 'medium',
  principle: '3.2',
  references: { cwe: ['CWE-347'], owaspLlm: ['LLM03:2025'] },
  description:
    'A model signature is present and a public key is configured, but the signature cannot be checked with it: it ' +
    'is not a valid model-signing bundle, it is a keyless (Sigstore) or certificate signature that needs trust roots ' +
    'aigis does not hold offline, or the model holds something the format refuses (a symlink, a special file). A ' +
    'signature nobody checks protects nothing.',
  fix:
    'Re-sign the model with the key whose public half is configured (`aigis sign <folder> --key <private key>`). ' +
    'For keyless signatures, verify them online with `model_signing verify sigstore --identity ... ' +
    '--identity_provider ...` in the release pipeline, or add a key signature beside them. Replace symlinks in the ' +
    'model with the files they point to.',
};
