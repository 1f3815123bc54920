/**
 * @module dockerfile: Dockerfiles and Containerfiles, parsed by a small BuildKit-faithful parser (directives,
 * continuations, heredocs, exec form, stages, ARG substitution) with RUN scripts read by the tree-sitter bash
 * grammar. Flags unpinned base images, downloads run unverified, secrets baked into ENV/ARG, root containers and
 * unpinned model downloads. Nothing is built or run.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { readText } from '../../lib/byte-source.js';
import { buildModel } from './model.js';
import { parseDockerfile } from './parse.js';
import type { DockerfileRule } from './rule.js';
import { addFromUrl } from './rules/add-from-url.js';
import type { ContextCopy } from './rules/copy-context-without-dockerignore.js';
import { copyContextWithoutDockerignore } from './rules/copy-context-without-dockerignore.js';
import { baseImageNotPinned } from './rules/base-image-not-pinned.js';
import { modelDownloadedWithoutPin } from './rules/model-downloaded-without-pin.js';
import { pipeToShell } from './rules/pipe-to-shell.js';
import { runsAsRoot } from './rules/runs-as-root.js';
import { secretInEnv } from './rules/secret-in-env.js';

export const DOCKERFILE_RULES: readonly DockerfileRule[] = [addFromUrl, baseImageNotPinned, modelDownloadedWithoutPin, pipeToShell, runsAsRoot, secretInEnv];

/** Real Dockerfiles are a few kilobytes; past this the file is generated or not a Dockerfile. */
const MAX_BYTES = 1024 * 1024;

export const dockerfileAnalyzer = defineAnalyzer<{ copies: ContextCopy[] }>({
  id: 'dockerfile',
  version: '1',
  description: 'Parses Dockerfiles and Containerfiles (stages, heredocs, RUN scripts through tree-sitter bash); flags unpinned base images, curl-to-shell and unverified downloads, secrets in ENV/ARG, containers left running as root, and unpinned model downloads.',
  rules: [...DOCKERFILE_RULES.map((rule) => rule.meta), copyContextWithoutDockerignore.meta].sort((a, b) => a.id.localeCompare(b.id)),
  runsInWorker: true,
  fileTypes: ['dockerfile'],
  async analyzeFile(file, context) {
    const { text, truncated } = readText(file.source, MAX_BYTES);
    if (truncated) context.inconclusive(`the file is larger than ${MAX_BYTES} bytes; only the first ${MAX_BYTES} were analysed`);
    if (text.includes('\u0000')) {
      context.inconclusive('the file contains NUL bytes: it is not a Dockerfile');
      return;
    }
    const parsed = parseDockerfile(text);
    for (const problem of parsed.problems.slice(0, 3)) context.note(problem);
    const model = await buildModel(parsed, text);
    const first = model.unread[0];
    if (first) context.inconclusive(`${model.unread.length} RUN script(s) too large to read (the first at line ${first.line}); downloads run in them were not checked`);
    if (model.runs.some((run) => run.facts.syntaxError)) context.note('a RUN script has shell syntax the bash grammar could not read; the rest of it was analysed');
    for (const rule of DOCKERFILE_RULES) {
      rule.check(model, (report) => context.report(rule.meta, report));
    }
    // Whether a .dockerignore exists is a project question: the copies wait for the project pass.
    const copies = copyContextWithoutDockerignore.collect(model);
    if (copies.length > 0 && file.member === undefined) context.fact({ copies });
  },
  analyzeProject(project, context) {
    const files = new Set(project.files.map((record) => record.path));
    for (const { path, member, fact } of project.facts) {
      if (member !== undefined) continue;
      copyContextWithoutDockerignore.judge(files, project.root, path, fact.copies, (report) => context.report(copyContextWithoutDockerignore.meta, report));
    }
  },
});
