import type { RuleMeta } from '../../../core/rule.js';

/** A member, or a link's target, leaves the folder the archive is extracted into. */
export const pathTraversal: RuleMeta = {
  id: 'tar/path-traversal',
  title: 'Tar entry escapes the extraction folder',
  severity: 'high',
  principle: '2.1',
  references: { cwe: ['CWE-22'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'A member name climbs out with "..", is absolute or starts with a drive letter, a symbolic or hard link points ' +
    'outside, or a member is written through such a link. tarfile.extractall before Python 3.12 (and without ' +
    'filter="data"), and many scripts, write it wherever it points (CVE-2007-4559): shell start-up files, ' +
    'site-packages or SSH keys, which leads to code execution. PyTorch\'s oldest checkpoint format is a tar.',
  fix:
    'Do not extract this archive. Get the model again from its publisher; unpack archives only with ' +
    'tarfile.extractall(filter="data") (Python 3.12+) or an equivalent check, and prefer safetensors for weights.',
};
