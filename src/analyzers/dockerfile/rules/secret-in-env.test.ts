import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { dockerfileAnalyzer } from '../analyzer.js';
import { isSecretName } from './secret-in-env.js';

const RULE = 'dockerfile/secret-in-env';

async function findings(text: string) {
  const run = await runOnText(dockerfileAnalyzer, 'Dockerfile', 'dockerfile', dedent(text));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags literal secrets in ENV and ARG defaults, masked, at the pair', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      ARG HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345
      ENV PYTHONUNBUFFERED=1 \\
          OPENAI_API_KEY="sk-proj-4f9a8b7c6d5e4f3a2b1c" \\
          MODEL_NAME=gpt-4o-mini
      ENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
      ENV DATABASE_URL=postgresql://rag:s3cr3tpw@db:5432/vectors
      ENV clientSecret=0a1b2c3d4e5f
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn, f.evidence])).toEqual([
      [2, 5, 'ARG HF_TOKEN=…(35 chars)'],
      [4, 5, 'ENV OPENAI_API_KEY=…(28 chars)'],
      [6, 5, 'ENV AWS_SECRET_ACCESS_KEY=…(40 chars)'],
      [7, 5, 'ENV DATABASE_URL=postgresql://rag:…(8 chars)@db:5432/vectors'],
      [8, 5, 'ENV clientSecret=…(12 chars)'],
    ]);
    expect(found[0]!.message).toContain('docker history');
    expect(found[1]!.message).toContain('docker inspect');
    for (const finding of found) expect(finding.evidence).not.toMatch(/AbCdEf|4f9a8b|XUtnFEMI|3cr3tpw|3d4e5f/);
  });

  it('flags ENV copying a secret build argument into the image', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      ARG HF_TOKEN
      ENV HF_TOKEN=\${HF_TOKEN}
      RUN huggingface-cli download org/model --revision 0123456789abcdef0123456789abcdef01234567
    `);
    expect(found.map((f) => [f.location.startLine, f.message])).toEqual([
      [3, 'ENV HF_TOKEN copies the build argument HF_TOKEN into the image configuration: the value passed with --build-arg is readable by anyone who pulls the image'],
    ]);
  });

  it('stays quiet for ARGs without defaults, empty values, placeholders, paths, and names that are not secrets', async () => {
    const found = await findings(`
      FROM python:3.11-slim
      ARG OPENAI_API_KEY
      ENV OPENAI_API_KEY=""
      ENV HF_TOKEN=<your-token-here>
      ENV DB_PASSWORD=changeme
      ENV HF_TOKEN_PATH=/run/secrets/hf_token
      ENV API_TOKEN=/run/secrets/api_token
      ENV PASSWORD_FILE=/run/secrets/db
      ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
      ENV TOKENIZERS_PARALLELISM=false MAX_TOKENS=4096 HF_HUB_DISABLE_TELEMETRY=1
      ENV SECRET_KEY=\${DJANGO_SECRET_KEY}
      ENV DATABASE_URL=postgresql://rag:\${DB_PASSWORD}@db:5432/vectors
      LABEL api_key="sk-not-an-env"
      RUN --mount=type=secret,id=openai,env=OPENAI_API_KEY python warmup.py
    `);
    expect(found).toEqual([]);
  });

  it('tells secret names from look-alikes', () => {
    expect(['OPENAI_API_KEY', 'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'DB_PASS', 'apiKey', 'STRIPE_SECRET', 'ANTHROPIC_API_KEY', 'JWT_SIGNING_KEY'].filter(isSecretName)).toHaveLength(8);
    expect(['GPG_KEY', 'PUBLIC_KEY', 'TOKENIZERS_PARALLELISM', 'MAX_TOKENS', 'AWS_ACCESS_KEY_ID', 'HF_TOKEN_PATH', 'PWD', 'KEYRING', 'PASSWORD_FILE'].filter(isSecretName)).toEqual([]);
  });
});
