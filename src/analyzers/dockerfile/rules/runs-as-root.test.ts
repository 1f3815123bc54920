import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { dockerfileAnalyzer } from '../analyzer.js';

const RULE = 'dockerfile/runs-as-root';

async function findings(text: string) {
  const run = await runOnText(dockerfileAnalyzer, 'Containerfile', 'dockerfile', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a final stage without USER at its FROM, even when the build stage had one', async () => {
    const found = await findings(`
      FROM python:3.11-slim AS build
      RUN useradd -m builder
      USER builder
      RUN pip install --user -r requirements.txt

      FROM python:3.11-slim
      COPY --from=build /home/builder/.local /usr/local
      CMD ["uvicorn", "serve:app", "--host", "0.0.0.0"]
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence])).toEqual([[6, 1, 'FROM python:3.11-slim']]);
    expect(found[0]!.message).toContain('sets no USER');
  });

  it('flags switching back to root at the USER line', async () => {
    const found = await findings(`
      FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04
      RUN useradd --uid 10001 app
      USER app
      COPY model/ /models/
      USER 0:0
      ENTRYPOINT ["/entrypoint.sh"]
    `);
    expect(found.map((f) => [f.location.startLine, f.message])).toEqual([[5, "The final stage's last USER is 0:0 (line 5): the container runs as root"]]);
  });

  it('reports a scratch final stage with advice for numeric users', async () => {
    const found = await findings(`
      FROM golang:1.22 AS build
      RUN CGO_ENABLED=0 go build -o /server .
      FROM scratch
      COPY --from=build /server /server
      ENTRYPOINT ["/server"]
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([3]);
    expect(found[0]!.message).toContain('FROM scratch');
  });

  it('stays quiet for a non-root USER, one inherited from an earlier stage, nonroot images and unresolvable variables', async () => {
    const cases = [
      `
      FROM python:3.11-slim
      RUN useradd -m app
      USER app:app
      CMD ["python", "serve.py"]
      `,
      `
      FROM python:3.11-slim AS base
      RUN useradd -m app
      USER app
      FROM base AS final
      COPY . /app
      `,
      `
      FROM gcr.io/distroless/python3-debian12:nonroot
      COPY app /app
      `,
      `
      FROM python:3.11-slim
      ARG APP_USER
      USER \${APP_USER}
      `,
      `
      FROM python:3.11-slim
      ARG APP_USER=svc
      USER \${APP_USER}
      `,
      `
      # no FROM at all: a fragment
      RUN echo hi
      `,
    ];
    for (const text of cases) expect(await findings(text)).toEqual([]);
  });

  it('follows an ARG default that names root', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      ARG RUN_AS=root
      USER $RUN_AS
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([3]);
  });
});
