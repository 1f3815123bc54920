import type { DockerfileRule } from '../rule.js';
import { shorten } from '../rule.js';

const COMMIT = /^[0-9a-f]{40}$/;

/** The repository id and the `--revision` value of a hub download command, or undefined if it is not one. */
function hubDownload(name: string, args: readonly string[]): { repo: string | undefined; revision: string | undefined } | undefined {
  const isCli = (name === 'huggingface-cli' || name === 'hf') && args[0] === 'download';
  if (!isCli) return undefined;
  let repo: string | undefined;
  let revision: string | undefined;
  for (let k = 1; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--revision') revision = args[++k] ?? '';
    else if (arg.startsWith('--revision=')) revision = arg.slice('--revision='.length);
    else if (/^--(repo-type|include|exclude|local-dir|cache-dir|token|max-workers|local-dir-use-symlinks)$/.test(arg)) k++;
    else if (!arg.startsWith('-') && repo === undefined) repo = arg;
  }
  return { repo, revision };
}

export const modelDownloadedWithoutPin: DockerfileRule = {
  meta: {
    id: 'dockerfile/model-downloaded-without-pin',
    title: 'Model downloaded into the image without a pinned revision',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-494'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      '`huggingface-cli download` and `hf download` fetch the head of the repository\'s main branch unless `--revision` names a commit. A branch or tag moves: whoever can push to the repository (its owner, or an attacker with a stolen token) changes the model baked into the next image, including its code files and pickled weights. A 40-character commit hash pins the exact files.',
    fix: 'Pass the commit you reviewed: `huggingface-cli download org/model --revision 0123456789abcdef0123456789abcdef01234567`, and prefer safetensors files (`--include "*.safetensors"`).',
  },
  check(model, report) {
    for (const run of model.runs) {
      for (const command of run.facts.commands) {
        const download = hubDownload(command.name, command.args);
        if (!download) continue;
        if (download.revision !== undefined && COMMIT.test(download.revision)) continue;
        // A revision from a variable may be a commit: not a finding we can stand behind.
        if (download.revision !== undefined && download.revision.includes('$')) continue;
        const repo = download.repo ?? 'the repository';
        report({
          message:
            download.revision === undefined
              ? `${command.name} download ${repo} has no --revision: it fetches whatever the main branch holds at build time`
              : `${command.name} download ${repo} uses --revision ${download.revision}, which is not a commit hash and can move`,
          evidence: shorten(command.text),
          position: run.locate(command.range),
        });
      }
    }
  },
};
