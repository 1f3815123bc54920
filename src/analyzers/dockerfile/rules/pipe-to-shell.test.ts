import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { dockerfileAnalyzer } from '../analyzer.js';

const RULE = 'dockerfile/pipe-to-shell';

async function findings(text: string) {
  const run = await runOnText(dockerfileAnalyzer, 'docker/Dockerfile.gpu', 'dockerfile', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags pipes into shells and interpreters across continuations, at the pipeline', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      RUN apt-get update \\
          # tools for the installers below
          && apt-get install -y --no-install-recommends curl ca-certificates \\
          && curl -fsSL https://ollama.com/install.sh | sudo -E sh \\
          && rm -rf /var/lib/apt/lists/*
      RUN curl -sSL https://install.python-poetry.org | python3 - --version 1.8.3
      RUN set -o pipefail; wget -qO- https://get.example.dev/setup | bash -s -- --yes
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence])).toEqual([
      [5, 8, 'curl -fsSL https://ollama.com/install.sh | sudo -E sh'],
      [7, 5, 'curl -sSL https://install.python-poetry.org | python3 - --version 1.8.3'],
      [8, 22, 'wget -qO- https://get.example.dev/setup | bash -s -- --yes'],
    ]);
    expect(found[0]!.message).toBe('curl output is piped straight into sh: whatever the server returns is executed in the build unverified');
    expect(found[1]!.message).toContain('into python3');
  });

  it('flags process and command substitution, here-strings, and sh -c exec form', async () => {
    const found = await findings(`
      FROM ubuntu:22.04
      RUN bash <(curl -fsSL https://raw.githubusercontent.com/org/repo/main/install.sh)
      RUN sh -c "$(wget -qO- https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)" "" --unattended
      RUN bash <<< "$(curl -s https://example.com/setup.sh)"
      RUN eval "$(curl -fsSL https://example.com/env.sh)"
      RUN ["/bin/sh", "-c", "curl -fsSL https://example.com/i.sh | sh"]
    `);
    expect(found.map((f) => [f.location.startLine, f.message.split(':')[0]])).toEqual([
      [2, 'bash runs a script read from curl through <(...)'],
      [3, 'sh runs the text that wget fetched through $(...)'],
      [4, 'bash runs the text that curl fetched through $(...)'],
      [5, 'eval runs the text that curl fetched through $(...)'],
      [6, 'curl output is piped straight into sh'],
    ]);
  });

  it('reads heredoc scripts and reports the line inside the heredoc', async () => {
    const found = await findings(`
      FROM ubuntu:22.04
      RUN <<EOF
      set -eux
      apt-get update
      curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
      apt-get install -y nodejs
      EOF
      RUN python3 - <<'PY'
      import subprocess
      subprocess.run("curl https://x | sh", shell=True)
      PY
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[5, 1]]);
  });

  it('flags a downloaded file run without a checksum, and stays quiet once it is verified', async () => {
    const found = await findings(`
      FROM debian:12
      RUN curl -fsSLo /tmp/miniconda.sh https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh \\
          && bash /tmp/miniconda.sh -b -p /opt/conda
      RUN wget https://example.com/installer.sh && chmod +x installer.sh && ./installer.sh
      RUN curl -fsSL -o /tmp/uv.sh https://astral.sh/uv/0.4.0/install.sh \\
          && echo "3f2a7c...  /tmp/uv.sh" | sha256sum -c - \\
          && sh /tmp/uv.sh
    `);
    expect(found.map((f) => [f.location.startLine, f.evidence])).toEqual([
      [3, 'bash /tmp/miniconda.sh -b -p /opt/conda'],
      [4, './installer.sh'],
    ]);
    expect(found[0]!.message).toContain('a file fetched with curl is run with bash without a checksum');
    expect(found[1]!.message).toContain('a file fetched with wget is run directly without a checksum');
  });

  it('stays quiet for downloads piped into non-interpreters, names in strings and comments, and sh -c of other text', async () => {
    const found = await findings(`
      FROM ubuntu:22.04
      # we used to do: curl https://x | sh
      RUN curl -fsSL https://download.docker.com/linux/ubuntu/gpg | gpg --dearmor -o /etc/apt/keyrings/docker.gpg
      RUN curl -fsSL https://example.com/model.tar.gz | tar -xz -C /models
      RUN curl -s https://example.com/data.json | python3 scripts/check.py
      RUN echo "curl https://x | sh" > /README && cat /README | sh -c 'wc -l'
      RUN curl -L https://example.com/a.whl -o /tmp/a.whl && pip install /tmp/a.whl
      RUN bash scripts/setup.sh --token "$(cat /run/secrets/token)"
      RUN curl -fsSL https://example.com/x.sh | tee /tmp/x.sh > /dev/null
    `);
    expect(found).toEqual([]);
  });

  it('does not read RUN lines after a PowerShell SHELL as bash', async () => {
    const found = await findings(`
      FROM mcr.microsoft.com/windows/servercore:ltsc2022
      SHELL ["powershell", "-Command"]
      RUN curl.exe https://x | sh
    `);
    expect(found).toEqual([]);
  });
});
