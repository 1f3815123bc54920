import type { RequirementsRule } from '../rule.js';
import { MAX_FINDINGS_PER_FILE } from '../rule.js';
import { describeUnpinned } from '../requirements.js';

export const unpinnedPythonRequirement: RequirementsRule = {
  meta: {
    id: 'dependencies/unpinned-python-requirement',
    title: 'Python requirement not pinned to one release or commit',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-1104'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.001'] },
    description:
      'A requirement without an exact == pin (a range, a wildcard, no specifier at all), or a VCS link at a branch or tag instead of a commit, installs whatever the index or the repository serves on the day of the install. A hijacked maintainer account or a typo-squatted release then reaches the build unreviewed, and two installs of the same file can differ. AI stacks pull in large, fast-moving dependency trees (torch, transformers, langchain), so this is a common way in.',
    fix: 'Pin each requirement with == to the release you tested (pip-compile, uv pip compile or pip freeze write such files), pin VCS links to a full 40-character commit hash (git+https://...@<sha>), and keep ranges in the input file (requirements.in or pyproject.toml) rather than in the file you install from.',
  },
  check(file, report) {
    const unpinned = file.parsed.requirements.filter((requirement) => requirement.unpinned !== undefined);
    for (const requirement of unpinned.slice(0, MAX_FINDINGS_PER_FILE)) {
      const label = requirement.name ?? requirement.spec;
      report({
        message: `${file.role === 'constraints' ? 'Constraint' : 'Requirement'} "${label}" ${describeUnpinned(requirement.unpinned!)}.`,
        evidence: `${requirement.editable ? '-e ' : ''}${requirement.spec}`,
        position: { startLine: requirement.line, startColumn: requirement.column, endLine: requirement.line, endColumn: requirement.endColumn },
      });
    }
    const hidden = unpinned.length - MAX_FINDINGS_PER_FILE;
    if (hidden > 0) {
      const next = unpinned[MAX_FINDINGS_PER_FILE]!;
      report({ message: `${hidden} more unpinned requirements in this file (not listed one by one).`, position: { startLine: next.line, startColumn: next.column } });
    }
  },
};
