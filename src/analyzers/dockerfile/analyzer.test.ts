import { afterEach, describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { dockerfileAnalyzer } from './analyzer.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

const D = (n: string) => `sha256:${n.repeat(64 / n.length)}`;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

/** A hardened CUDA inference image: every rule should stay quiet. */
const HARDENED = dedent(`
  # syntax=docker/dockerfile:1.7
  ARG CUDA_IMAGE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04@${D('a1')}

  FROM python:3.11-slim@${D('b2')} AS wheels
  WORKDIR /src
  COPY requirements.lock .
  RUN --mount=type=cache,target=/root/.cache/pip \\
      pip wheel --require-hashes --wheel-dir /wheels -r requirements.lock

  FROM \${CUDA_IMAGE} AS model
  RUN --mount=type=secret,id=hf_token,env=HF_TOKEN <<EOF
  set -eux
  pip install --no-cache-dir "huggingface_hub[cli]==0.24.6"
  huggingface-cli download mistralai/Mistral-7B-Instruct-v0.3 \\
    --revision ${COMMIT} --include "*.safetensors" --local-dir /models/mistral
  EOF

  FROM \${CUDA_IMAGE}
  ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 \\
      HF_TOKEN_PATH=/run/secrets/hf_token
  ADD --checksum=sha256:${'c3'.repeat(32)} https://example.com/tokenizer.tar.gz /opt/tokenizer/
  RUN curl -fsSLo /tmp/uv.sh https://astral.sh/uv/0.4.18/install.sh \\
      && echo "${'d4'.repeat(32)}  /tmp/uv.sh" | sha256sum -c - \\
      && sh /tmp/uv.sh && rm /tmp/uv.sh
  COPY --from=wheels /wheels /wheels
  COPY --from=model /models /models
  RUN useradd --create-home --uid 10001 inference
  USER inference
  EXPOSE 8000
  CMD ["python", "-m", "vllm.entrypoints.openai.api_server", "--model", "/models/mistral"]
`);

/** The same image as it is often first written. */
const NAIVE = dedent(`
  FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime
  ARG HF_TOKEN=hf_live_0123456789abcdefABCDEF
  ENV OPENAI_API_KEY=sk-proj-0123456789abcdef
  RUN curl -fsSL https://ollama.com/install.sh | sh
  RUN huggingface-cli download mistralai/Mistral-7B-Instruct-v0.3 --local-dir /models
  ADD https://example.com/tokenizer.tar.gz /opt/tokenizer/
  CMD ["python", "serve.py"]
`);

describe('dockerfile analyzer', () => {
  it('stays quiet on a hardened multi-stage CUDA inference image', async () => {
    const run = await runOnText(dockerfileAnalyzer, 'Dockerfile', 'dockerfile', HARDENED);
    expect(run.findings.map((f) => `${f.ruleId}:${f.location.startLine}`)).toEqual([]);
    expect(run.inconclusive).toEqual([]);
  });

  it('reports every rule once on the naive version', async () => {
    const run = await runOnText(dockerfileAnalyzer, 'Dockerfile', 'dockerfile', NAIVE);
    expect(run.findings.map((f) => `${f.ruleId}:${f.location.startLine}`).sort()).toEqual([
      'dockerfile/add-from-url:6',
      'dockerfile/base-image-not-pinned:1',
      'dockerfile/model-downloaded-without-pin:5',
      'dockerfile/pipe-to-shell:4',
      'dockerfile/runs-as-root:1',
      'dockerfile/secret-in-env:2',
      'dockerfile/secret-in-env:3',
    ]);
  });

  it('claims Dockerfile, Containerfile, Dockerfile.* and *.dockerfile through the engine, with lines that inline directives cover', async () => {
    const root = makeTree({
      'Dockerfile': 'FROM python:3.11-slim\nUSER app\n',
      'Containerfile': 'FROM python:3.11-slim\nUSER app\n',
      'docker/Dockerfile.gpu': 'FROM python:3.11-slim\nUSER app\n',
      'docker/serve.dockerfile': '# aigis: ignore[dockerfile/base-image-not-pinned] pinned by the release pipeline\nFROM python:3.11-slim\nUSER app\n',
      'docs/dockerfile-notes.md': 'FROM python:3.11-slim\n',
    });
    roots.push(root);
    const result = await scanTree(root, [dockerfileAnalyzer]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`).sort()).toEqual([
      'dockerfile/base-image-not-pinned Containerfile:1',
      'dockerfile/base-image-not-pinned Dockerfile:1',
      'dockerfile/base-image-not-pinned docker/Dockerfile.gpu:1',
      'dockerfile/base-image-not-pinned docker/serve.dockerfile:2',
    ]);
    // The directive on line 1 covers the finding on line 2; the policy step applies it.
    expect(result.directives.get('docker/serve.dockerfile')?.map((d) => [d.line, d.rules])).toEqual([[1, ['dockerfile/base-image-not-pinned']]]);
  });
});
