import type { RuleMeta } from '../../../core/rule.js';

export const hashManifestMismatch: RuleMeta = {
  id: 'model-signature/hash-manifest-mismatch',
  title: 'Model file does not match the hash listed for it',
  severity: 'critical',
  principle: '3.2',
  references: { cwe: ['CWE-345', 'CWE-494'], owaspLlm: ['LLM03:2025', 'LLM04:2025'], atlas: ['AML.T0010.003'] },
  description:
    'A hash manifest beside the model (SHA256SUMS, checksums.txt, <file>.sha256) lists a SHA-256 for a file, and the ' +
    'file on disk has another, or is missing. Either the file changed after the manifest was written (a swapped or ' +
    'backdoored weight file), or it was corrupted. Checked only with analyzers.model-signature.checkHashManifests, ' +
    'since it reads every byte of the listed files. A manifest kept beside the model detects corruption and careless ' +
    'changes; against tampering it is only as strong as the control over the manifest itself, which is why a ' +
    'signature is better.',
  fix:
    'Do not load the model. Restore the file from a trusted source and check it with `sha256sum -c SHA256SUMS` in ' +
    'its folder. If the change was intended, review it, regenerate the manifest, and prefer signing the folder with ' +
    '`aigis sign`.',
};
