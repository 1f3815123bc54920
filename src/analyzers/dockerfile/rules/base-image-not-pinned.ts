import type { DockerfileRule } from '../rule.js';
import { argsPosition, instructionEvidence } from '../rule.js';
import type { ImageRef } from '../image.js';
import { isDigestPinned, isMlRuntime, parseImage } from '../image.js';
import type { Instruction, Word } from '../parse.js';
import { flagValue, splitFlags, splitWords, substitute } from '../parse.js';

function problem(reference: string, image: ImageRef): string {
  const ml = isMlRuntime(image) ? '; it is an ML runtime image, so whatever it becomes loads and runs your models' : '';
  if (image.digest !== undefined) return `${reference} has a digest that is not a full sha256 digest${ml}`;
  if (image.tag === undefined) return `${reference} names no tag, which means :latest, a moving target: every build can pull a different image${ml}`;
  if (image.tag === 'latest') return `${reference} uses the floating tag :latest: every build can pull a different image${ml}`;
  return `${reference} is pinned by tag only: the publisher (or whoever takes over the repository) can point the tag at a different image${ml}`;
}

export const baseImageNotPinned: DockerfileRule = {
  meta: {
    id: 'dockerfile/base-image-not-pinned',
    title: 'Base image not pinned by digest',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-494'], owaspLlm: ['LLM03:2025'] },
    description:
      'A tag is a mutable pointer: the image behind `python:3.11-slim` or `pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime` changes when the publisher rebuilds it, and a compromised registry account can point it anywhere. Without a digest the build is not reproducible and the image that ends up serving a model is not the one that was reviewed. ML runtime images (CUDA, PyTorch, vLLM, Triton) are named in the message: they ship the framework that deserializes model files. Stage references (`FROM builder`), `scratch` and images built from an ARG without a default are not reported; an ARG default is checked. External images in `COPY --from=` and `RUN --mount=from=` are checked too. Related rules: Hadolint DL3006, DL3007.',
    fix: 'Pin the image by digest and keep the tag for readers: `FROM python:3.11-slim@sha256:<digest>` (get it with `docker buildx imagetools inspect python:3.11-slim`), and let a bot such as Dependabot or Renovate propose digest updates.',
  },
  check(model, report) {
    const { globalArgs, stages } = model.stages;
    const stageNames = new Set<string>();
    const check = (instruction: Instruction, _word: Word, value: string, start: number, end: number, label: string) => {
      const substituted = substitute(value, globalArgs);
      if (substituted.unresolved.length > 0) return;
      const reference = substituted.value.trim();
      if (reference === '' || reference.toLowerCase() === 'scratch' || stageNames.has(reference.toLowerCase()) || /^\d+$/.test(reference)) return;
      const image = parseImage(reference);
      if (isDigestPinned(image)) return;
      const shown = reference === value ? reference : `${value} (${reference})`;
      report({ message: `${label}${label.endsWith('=') ? '' : ' '}${problem(shown, image)}`, evidence: instructionEvidence(model, instruction), position: argsPosition(instruction, start, end) });
    };
    let stageIndex = 0;
    for (const instruction of model.file.instructions) {
      if (instruction.keyword === 'FROM') {
        const stage = stages[stageIndex++];
        if (stage?.imageWord) check(instruction, stage.imageWord, stage.imageWord.value, stage.imageWord.start, stage.imageWord.end, 'FROM');
        if (stage?.name) stageNames.add(stage.name.toLowerCase());
        continue;
      }
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'RUN' && instruction.keyword !== 'ADD') continue;
      const { flags } = splitFlags(splitWords(instruction.args, model.file.escape));
      const from = flags.get('from');
      const fromValue = flagValue(from);
      if (from && fromValue) check(instruction, from, fromValue, from.start, from.end, 'COPY --from=');
      for (const [name, word] of flags) {
        if (name !== 'mount') continue;
        const source = /(?:^|,)from=([^,]+)/.exec(flagValue(word) ?? '');
        if (source) check(instruction, word, source[1]!, word.start, word.end, 'RUN --mount from=');
      }
    }
  },
};
