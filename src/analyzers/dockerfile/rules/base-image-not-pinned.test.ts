import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { dockerfileAnalyzer } from '../analyzer.js';

const RULE = 'dockerfile/base-image-not-pinned';
const DIGEST = 'sha256:' + 'ab'.repeat(32);

async function findings(text: string, path = 'Dockerfile') {
  const run = await runOnText(dockerfileAnalyzer, path, 'dockerfile', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a CUDA/PyTorch multi-stage inference image by tag, latest and no tag, at the image word', async () => {
    const found = await findings(`
      # syntax=docker/dockerfile:1.7
      ARG CUDA_IMAGE=nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04
      FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-devel AS build
      WORKDIR /src
      COPY requirements.txt .
      RUN pip wheel --wheel-dir /wheels -r requirements.txt
      COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv

      FROM \${CUDA_IMAGE} AS runtime
      COPY --from=build /wheels /wheels
      RUN --mount=type=cache,target=/root/.cache pip install /wheels/*.whl

      FROM ubuntu
      COPY --from=runtime /opt /opt
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.location.endColumn])).toEqual([
      [3, 6, 49],
      [7, 6, 40],
      [9, 6, 19],
      [13, 6, 12],
    ]);
    expect(found[0]!.message).toContain('pinned by tag only');
    expect(found[0]!.message).toContain('ML runtime image');
    expect(found[1]!.message).toBe('COPY --from=ghcr.io/astral-sh/uv:latest uses the floating tag :latest: every build can pull a different image');
    expect(found[2]!.message).toContain('${CUDA_IMAGE} (nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04)');
    expect(found[3]!.message).toContain('ubuntu names no tag, which means :latest');
    expect(found[3]!.message).not.toContain('ML runtime');
  });

  it('stays quiet for digests, stage references, scratch, stage indexes and ARGs without a default', async () => {
    const found = await findings(`
      ARG PYTHON_IMAGE
      FROM python:3.12-slim@${DIGEST} AS base
      RUN pip install --no-cache-dir fastapi
      FROM base AS test
      RUN pytest
      FROM \${PYTHON_IMAGE}
      COPY --from=0 /usr/local /usr/local
      COPY --from=BASE /app /app
      FROM scratch
      COPY --from=test /app /app
    `);
    expect(found).toEqual([]);
  });

  it('flags a digest that is not a full sha256, and a --mount from= of an external image', async () => {
    const found = await findings(`
      FROM python:3.12-slim@sha256:abc123
      RUN --mount=type=bind,from=ghcr.io/org/wheels:1.2,source=/wheels,target=/w pip install /w/*.whl
    `);
    expect(found.map((f) => [f.location.startLine, f.message.split(':')[0]])).toEqual([[1, 'FROM python'], [2, 'RUN --mount from=ghcr.io/org/wheels']]);
    expect(found[0]!.message).toContain('not a full sha256 digest');
  });
});
