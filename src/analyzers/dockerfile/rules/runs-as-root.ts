import type { DockerfileRule } from '../rule.js';
import { instructionEvidence, keywordPosition } from '../rule.js';
import { parseImage, runsAsNonRootByDefault } from '../image.js';
import type { Instruction, Stage } from '../parse.js';
import { keyValues, splitWords, substitute } from '../parse.js';

type User = { kind: 'set'; instruction: Instruction; user: string } | { kind: 'unknown' } | { kind: 'inherited'; stage: Stage };

/** The last USER of a stage, following `FROM <earlier stage>`; `inherited` when the base image decides. */
function effectiveUser(stages: readonly Stage[], stage: Stage, escape: string, globals: ReadonlyMap<string, string | undefined>, depth = 0): User {
  const vars = new Map(globals);
  let last: { instruction: Instruction; user: string | undefined } | undefined;
  for (const instruction of stage.body) {
    if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') {
      for (const pair of keyValues(instruction, escape)) {
        const value = pair.value === undefined ? vars.get(pair.key) : substitute(pair.value, vars).value;
        vars.set(pair.key, value);
      }
    } else if (instruction.keyword === 'USER') {
      const word = splitWords(instruction.args, escape)[0];
      const substituted = word ? substitute(word.value, vars) : undefined;
      last = { instruction, user: substituted && substituted.unresolved.length === 0 ? substituted.value : undefined };
    }
  }
  if (last) return last.user === undefined ? { kind: 'unknown' } : { kind: 'set', instruction: last.instruction, user: last.user };
  const base = stage.image?.unresolved.length === 0 ? stage.image.value.toLowerCase() : undefined;
  const parent = base === undefined ? undefined : stages.slice(0, stage.index).reverse().find((s) => s.name?.toLowerCase() === base);
  if (parent && depth < stages.length) return effectiveUser(stages, parent, escape, globals, depth + 1);
  return { kind: 'inherited', stage };
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === 'root' || name === '0';
}

export const runsAsRoot: DockerfileRule = {
  meta: {
    id: 'dockerfile/runs-as-root',
    title: 'Container runs as root',
    severity: 'medium',
    principle: '3.1',
    references: { cwe: ['CWE-250'] },
    description:
      'When the final stage sets no USER (or switches back to root), the container\'s process runs as root. A model server parses untrusted requests and often untrusted model files; if either leads to code execution, root in the container makes a container escape or tampering with mounted volumes, caches and credentials much easier. Only the final stage matters (it is the image that runs); a USER set in an earlier stage that the final stage builds on counts. Base images tagged `nonroot` and Chainguard images (non-dev) run unprivileged by default and are not reported; a `FROM scratch` final stage is reported, because with no /etc/passwd it also runs as uid 0. A USER given by a variable that cannot be resolved is not reported. Related rules: Hadolint DL3002.',
    fix: 'Create an unprivileged user and switch to it at the end of the final stage: `RUN useradd --create-home --uid 10001 app` then `USER app` (for scratch or distroless, use a numeric id: `USER 65532:65532`). Do work that needs root before the USER line.',
  },
  check(model, report) {
    const stages = model.stages.stages;
    const final = stages[stages.length - 1];
    if (!final) return;
    const user = effectiveUser(stages, final, model.file.escape, model.stages.globalArgs);
    if (user.kind === 'unknown') return;
    if (user.kind === 'set') {
      if (!isRoot(user.user)) return;
      report({
        message: `The final stage's last USER is ${user.user} (line ${user.instruction.line}): the container runs as root`,
        evidence: instructionEvidence(model, user.instruction),
        position: keywordPosition(user.instruction),
      });
      return;
    }
    const base = user.stage.image?.unresolved.length === 0 ? user.stage.image.value : user.stage.imageWord?.value;
    if (base !== undefined && base.toLowerCase() !== 'scratch' && user.stage.image?.unresolved.length === 0 && runsAsNonRootByDefault(parseImage(base))) return;
    const scratch = base?.toLowerCase() === 'scratch';
    const where = user.stage === final ? 'The final stage' : `The final stage (built on stage ${user.stage.name ?? user.stage.index})`;
    report({
      message: scratch
        ? `${where} is FROM scratch and sets no USER: with no user database it runs as uid 0 (root); set a numeric USER such as 65532:65532`
        : `${where} sets no USER: the container runs as the default user of ${base ?? 'its base image'}, which is root unless that image sets another`,
      evidence: instructionEvidence(model, final.from),
      position: keywordPosition(final.from),
    });
  },
};
