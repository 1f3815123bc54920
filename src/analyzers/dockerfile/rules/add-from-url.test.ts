import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { dockerfileAnalyzer } from '../analyzer.js';

const RULE = 'dockerfile/add-from-url';

async function findings(text: string) {
  const run = await runOnText(dockerfileAnalyzer, 'Dockerfile', 'dockerfile', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags ADD of a URL or a moving git ref without a checksum', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      ADD https://huggingface.co/org/model/resolve/main/model.safetensors /models/
      ADD --chown=app:app https://github.com/org/tools.git#v1.2 /opt/tools
      ADD ["https://example.com/a b.tar.gz", "/opt/"]
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[2, 5], [3, 21], [4, undefined]]);
    expect(found[1]!.message).toContain('not a commit hash');
  });

  it('stays quiet with --checksum, a commit-pinned git source, and local sources', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      ADD --checksum=sha256:${'ef'.repeat(32)} https://example.com/model.tar.gz /models/
      ADD https://github.com/org/tools.git#${'a1'.repeat(20)} /opt/tools
      ADD vendor/wheels.tar.gz /wheels/
      COPY https-proxy.conf /etc/
    `);
    expect(found).toEqual([]);
  });
});
