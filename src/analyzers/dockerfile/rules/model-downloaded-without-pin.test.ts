import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { dockerfileAnalyzer } from '../analyzer.js';

const RULE = 'dockerfile/model-downloaded-without-pin';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

async function findings(text: string) {
  const run = await runOnText(dockerfileAnalyzer, 'serve.dockerfile', 'dockerfile', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags hub downloads without a commit revision', async () => {
    const found = await findings(`
      FROM vllm/vllm-openai@sha256:${'cd'.repeat(32)}
      RUN --mount=type=secret,id=hf,env=HF_TOKEN \\
          huggingface-cli download meta-llama/Meta-Llama-3-8B-Instruct \\
            --include "*.safetensors" --local-dir /models/llama3
      RUN hf download Qwen/Qwen2.5-7B-Instruct --revision main --local-dir /models/qwen
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.message])).toEqual([
      [3, 5, 'huggingface-cli download meta-llama/Meta-Llama-3-8B-Instruct has no --revision: it fetches whatever the main branch holds at build time'],
      [5, 5, 'hf download Qwen/Qwen2.5-7B-Instruct uses --revision main, which is not a commit hash and can move'],
    ]);
  });

  it('stays quiet for commit revisions, variable revisions, other commands and text in comments', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      ARG MODEL_REV
      # huggingface-cli download org/model
      RUN huggingface-cli download org/model --revision ${COMMIT} --local-dir /m
      RUN hf download org/model --revision=${COMMIT}
      RUN huggingface-cli download org/model --revision "$MODEL_REV"
      RUN huggingface-cli login --token "$(cat /run/secrets/hf)" && echo "hf download later"
    `);
    expect(found).toEqual([]);
  });
});
