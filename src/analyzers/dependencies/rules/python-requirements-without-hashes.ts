import type { RequirementsRule } from '../rule.js';

export const pythonRequirementsWithoutHashes: RequirementsRule = {
  meta: {
    id: 'dependencies/python-requirements-without-hashes',
    title: 'Requirements file without --hash values',
    severity: 'low',
    principle: '2.1',
    references: { cwe: ['CWE-494'], owaspLlm: ['LLM03:2025'] },
    description:
      'A version pin names a release, not the bytes installed. Without --hash values pip takes whatever file the index, a mirror or a proxy serves for that version. With hashes, pip switches to hash-checking mode and refuses any artifact whose digest differs, and it also refuses unpinned transitive dependencies.',
    fix: 'Generate the file with hashes (pip-compile --generate-hashes, uv pip compile --generate-hashes, or poetry export) and install with pip install --require-hashes -r requirements.txt.',
  },
  check(file, report) {
    if (file.role !== 'requirements') return;
    const remote = file.parsed.requirements;
    if (remote.length === 0 || remote.some((requirement) => requirement.hashes > 0)) return;
    const pinned = remote.filter((requirement) => requirement.unpinned === undefined);
    if (pinned.length === 0) return;
    const first = pinned[0]!;
    report({
      message: `${file.path} pins ${pinned.length} requirement${pinned.length === 1 ? '' : 's'} but gives no --hash=sha256:... values: pip installs whatever artifact the index serves for those versions, without checking its digest.`,
      evidence: first.spec,
      position: { startLine: first.line, startColumn: first.column, endLine: first.line, endColumn: first.endColumn },
    });
  },
};
