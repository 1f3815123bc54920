import type { DockerfileRule } from '../rule.js';
import { argsPosition, instructionEvidence } from '../rule.js';
import { execForm, splitFlags, splitWords } from '../parse.js';

const REMOTE = /^(https?|ftp):\/\//i;
const GIT = /^(git@|git:\/\/|ssh:\/\/)|\.git(#|$)/i;

export const addFromUrl: DockerfileRule = {
  meta: {
    id: 'dockerfile/add-from-url',
    title: 'ADD from a URL without a checksum',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-494'] },
    description:
      '`ADD https://...` downloads at build time and puts whatever the server returns into the image; nothing checks it is the file that was reviewed. BuildKit verifies a download given `--checksum=sha256:<hex>`. A git source (`ADD https://github.com/org/repo.git#ref`) is accepted when its ref is a full commit hash. Related rules: Hadolint DL3020.',
    fix: 'Add the expected digest: `ADD --checksum=sha256:<hex> https://example.com/model.tar.gz /models/`, or pin a git source to a commit (`repo.git#<40-hex commit>`).',
  },
  check(model, report) {
    for (const instruction of model.file.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const { flags, rest } = splitFlags(splitWords(instruction.args, model.file.escape));
      if (flags.has('checksum')) continue;
      const exec = execForm(instruction.args);
      const sources = exec ? exec.slice(0, -1).map((value) => ({ value, start: 0, end: 0 })) : rest.slice(0, -1);
      for (const source of sources) {
        const git = GIT.test(source.value);
        if (!REMOTE.test(source.value) && !git) continue;
        if (git && /#[0-9a-f]{40}(:|$)/.test(source.value)) continue;
        report({
          message: git
            ? `ADD ${source.value} fetches a git ref that is not a commit hash: the branch or tag can move`
            : `ADD ${source.value} downloads without --checksum: the content is not verified`,
          evidence: instructionEvidence(model, instruction),
          position: exec ? { startLine: instruction.line } : argsPosition(instruction, source.start, source.end),
        });
      }
    }
  },
};
