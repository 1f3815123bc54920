import type { RuleMeta } from '../../../core/rule.js';

/** An entry, or the target of a symbolic link entry, leaves the folder the archive is extracted into. */
export const pathTraversal: RuleMeta = {
  id: 'zip/path-traversal',
  title: 'Zip entry escapes the extraction folder',
  severity: 'high',
  principle: '2.1',
  references: { cwe: ['CWE-22'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'An entry name climbs out with "..", is absolute, starts with a drive letter, or is written through a symbolic ' +
    'link entry that points outside (zip slip). Extracting the archive with unzip, older libraries or a hand-written ' +
    'loop writes files anywhere the user can, such as shell start-up files or site-packages, which leads to code ' +
    'execution. Model archives are often unpacked by download and conversion scripts.',
  fix:
    'Do not extract this archive. Get the model again from its publisher; when you must unpack archives, use a ' +
    'routine that rejects absolute names, ".." segments and links (Python 3.12+ tarfile/zipfile extraction with ' +
    'path checks), and prefer single-file formats such as safetensors.',
};
