import type { Location } from '../../../core/finding.js';
import type { RuleMeta } from '../../../core/rule.js';
import type { DockerfileModel } from '../model.js';
import { execForm, splitFlags, splitWords } from '../parse.js';
import { argsPosition, instructionEvidence } from '../rule.js';

/** A COPY or ADD of the whole build context, kept for the project pass. */
export interface ContextCopy {
  readonly line: number;
  readonly startColumn?: number;
  readonly endColumn?: number;
  readonly evidence: string;
  readonly keyword: string;
}

/** Sources that mean "the whole context": `.`, `./`, `*`, `./*`. */
const WHOLE_CONTEXT = /^\.?\/?\*?$|^\.\/?$/;

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export const copyContextWithoutDockerignore = {
  meta: {
    id: 'dockerfile/copy-context-without-dockerignore',
    title: 'Whole build context copied without a .dockerignore',
    severity: 'medium',
    principle: '2.2',
    references: { cwe: ['CWE-538'], owaspLlm: ['LLM02:2025'] },
    description:
      '`COPY . .` copies everything in the build context into the image: `.env` files with API keys, notebooks with outputs, `.git` history, local model checkpoints and datasets. Without a `.dockerignore` nothing is excluded, and anyone who can pull the image can read those files from its layers. A `.dockerignore` beside the Dockerfile, at the project root, or named after the Dockerfile (`Dockerfile.gpu.dockerignore`, which BuildKit reads first) counts; its contents are not checked. Only whole-context copies (`.`, `./`, `*`) are reported, and files inside archives are not.',
    fix: 'Add a `.dockerignore` that excludes secrets and bulk data (`.env*`, `.git`, `*.ipynb`, `models/`, `data/`, `**/__pycache__`), or copy only what the image needs (`COPY app/ ./app/`, `COPY pyproject.toml uv.lock ./`).',
  } satisfies RuleMeta as RuleMeta,

  /** The whole-context copies of one Dockerfile. */
  collect(model: DockerfileModel): ContextCopy[] {
    const copies: ContextCopy[] = [];
    for (const instruction of model.file.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const { flags, rest } = splitFlags(splitWords(instruction.args, model.file.escape));
      if (flags.has('from')) continue;
      const exec = execForm(instruction.args);
      const sources = exec ? exec.slice(0, -1).map((value) => ({ value, start: -1, end: -1 })) : rest.slice(0, -1);
      const whole = sources.find((source) => WHOLE_CONTEXT.test(source.value));
      if (!whole || instruction.heredocs.length > 0) continue;
      const position = whole.start >= 0 ? argsPosition(instruction, whole.start, whole.end) : undefined;
      copies.push({
        line: instruction.line,
        ...(position ? { startColumn: position.startColumn, endColumn: position.endColumn } : {}),
        evidence: instructionEvidence(model, instruction),
        keyword: instruction.keyword,
      });
    }
    return copies;
  },

  /** Reports copies from Dockerfiles that have no .dockerignore where BuildKit would look. */
  judge(files: ReadonlySet<string>, root: string, dockerfile: string, copies: readonly ContextCopy[], report: (report: { message: string; location: Location; evidence: string }) => void): void {
    const folder = dirname(dockerfile);
    const candidates = [`${dockerfile}.dockerignore`, folder ? `${folder}/.dockerignore` : '.dockerignore', root ? `${root}/.dockerignore` : '.dockerignore'];
    if (candidates.some((candidate) => files.has(candidate))) return;
    for (const copy of copies) {
      report({
        message: `${copy.keyword} copies the whole build context and the project has no .dockerignore: .env files, notebooks, .git and local models and data all end up in the image`,
        location: { path: dockerfile, startLine: copy.line, ...(copy.startColumn === undefined ? {} : { startColumn: copy.startColumn, endColumn: copy.endColumn }) },
        evidence: copy.evidence,
      });
    }
  },
};
