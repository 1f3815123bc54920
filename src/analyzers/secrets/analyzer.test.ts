import { describe, expect, it } from 'vitest';
import type { FileType } from '../../core/file-type.js';
import { DEFAULT_LIMITS } from '../../core/config/types.js';
import { BufferSource } from '../../lib/byte-source.js';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { claimsByName, secretsAnalyzer } from './analyzer.js';
import { ALNUM, BASE64, HEX, URLSAFE, randomText } from './test-support/fake-keys.js';

const AI = 'secrets/ai-provider-api-key';
const CLOUD = 'secrets/cloud-or-platform-token';
const ASSIGNED = 'secrets/hardcoded-credential-assignment';
const ENV_FILE = 'secrets/committed-env-file';

// Fake keys, built at run time (see test-support/fake-keys.ts).
const openaiKey = `sk-${'proj'}-${randomText(URLSAFE, 74, 1)}T3Blbk${'FJ'}${randomText(URLSAFE, 74, 2)}`;
const anthropicKey = `sk-${'ant'}-api03-${randomText(URLSAFE, 93, 3)}AA`;
const hfToken = `hf${'_'}${randomText(ALNUM, 34, 4)}`;
const groqKey = `gsk${'_'}${randomText(ALNUM, 52, 5)}`;
const githubToken = `gh${'p_'}${randomText(ALNUM, 36, 6)}`;
const awsKeyId = `AK${'IA'}${randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 7)}`;
const awsSecret = randomText(BASE64, 40, 8);
const pemBody = randomText(BASE64, 64, 9);
const dbPassword = `Vq7${randomText(ALNUM, 21, 10)}`;
const signingSecret = randomText(HEX, 48, 11);

async function scan(path: string, type: FileType, text: string) {
  return runOnText(secretsAnalyzer, path, type, text);
}

function where(findings: readonly { ruleId: string; location: { startLine?: number; startColumn?: number } }[]) {
  return findings.map((f) => [f.ruleId, f.location.startLine, f.location.startColumn]);
}

/** 1-based line and column of `needle` in `text`. */
function at(text: string, needle: string): [number, number] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return [line + 1, lines[line]!.indexOf(needle) + 1];
}

function expectNoLeak(findings: readonly { message: string; evidence?: string }[], secrets: readonly string[]) {
  for (const finding of findings) {
    for (const secret of secrets) {
      const hidden = secret.slice(8, 20);
      expect(finding.message).not.toContain(hidden);
      expect(finding.evidence ?? '').not.toContain(hidden);
    }
  }
}

describe('secrets/ai-provider-api-key', () => {
  it('flags a key hard-coded in settings.py, names the provider and masks the key', async () => {
    const text = dedent(`
      import os
      from openai import OpenAI

      # Fallback for local runs
      OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "${openaiKey}")
      ANTHROPIC_API_KEY = "${anthropicKey}"

      def client():
          return OpenAI(api_key=OPENAI_API_KEY)
    `);
    const run = await scan('app/settings.py', 'python', text);
    expect(where(run.findings)).toEqual([
      [AI, ...at(text, openaiKey)],
      [AI, ...at(text, anthropicKey)],
    ]);
    expect(run.findings[0]!.message).toMatch(/^OpenAI API key/);
    expect(run.findings[1]!.message).toMatch(/^Anthropic API key/);
    expect(run.findings[0]!.evidence).toBe(`OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "sk-proj-…(${openaiKey.length} chars)")`);
    expect(run.findings[1]!.evidence).toBe(`ANTHROPIC_API_KEY = "sk-ant-a…(${anthropicKey.length} chars)"`);
    expect(run.findings[0]!.location.endColumn).toBe(at(text, openaiKey)[1] + openaiKey.length);
    expectNoLeak(run.findings, [openaiKey, anthropicKey]);
  });

  it('finds a key printed into a notebook output cell and points at the .ipynb line; image outputs stay quiet', async () => {
    const png = `iVBORw0KGgo${randomText(BASE64, 200_000, 12)}`;
    const notebook = JSON.stringify(
      {
        cells: [
          { cell_type: 'code', execution_count: 1, metadata: {}, source: ['import os\n', 'print(os.environ["HF_TOKEN"])\n'], outputs: [{ name: 'stdout', output_type: 'stream', text: [`${hfToken}\n`] }] },
          { cell_type: 'code', execution_count: 2, metadata: {}, source: ['plot()\n'], outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': png, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] } }] },
        ],
        metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const started = process.cpuUsage();
    const run = await scan('notebooks/explore.ipynb', 'notebook', notebook);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(300);
    expect(where(run.findings)).toEqual([[AI, ...at(notebook, hfToken)]]);
    expect(run.findings[0]!.message).toContain('Hugging Face');
    expect(run.findings[0]!.evidence).toBe(`"hf_…(37 chars)\\n"`);
  });

  it('finds a key right after a JSON newline escape in a notebook stream', async () => {
    const text = `   "text": ["Using key:\\n${groqKey}\\n"]\n`;
    const run = await scan('run.ipynb', 'notebook', text);
    expect(where(run.findings)).toEqual([[AI, 1, text.indexOf(groqKey) + 1]]);
  });

  it('stays quiet for environment lookups, placeholders, documentation and the key name alone', async () => {
    const text = dedent(`
      import os
      OPENAI_API_KEY = os.environ["OPENAI_API_KEY"]
      key = os.getenv("ANTHROPIC_API_KEY")
      client = OpenAI(api_key="sk-proj-...your-key")
      other = OpenAI(api_key="sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
      HF_TOKEN = "<YOUR_HF_TOKEN>"
      GROQ_API_KEY = "your_api_key_here"
      hf = "hf_${'x'.repeat(34)}"
      # Set OPENAI_API_KEY, ANTHROPIC_API_KEY or HF_TOKEN before running.
      from huggingface_hub import hf_hub_download, snapshot_download
    `);
    const run = await scan('app/config.py', 'python', text);
    expect(run.findings).toEqual([]);
  });

  it('needs the provider name near a prefix-less key', async () => {
    const cohere = randomText(ALNUM, 40, 13);
    const text = dedent(`
      import cohere
      co = cohere.ClientV2("${cohere}")
      session_id = "${randomText(ALNUM, 40, 14)}"
    `);
    const run = await scan('bot.py', 'python', text);
    expect(where(run.findings)).toEqual([[AI, ...at(text, cohere)]]);
    expect(run.findings[0]!.message).toMatch(/^Cohere API key/);
    expect(run.findings[0]!.evidence).toBe(`co = cohere.ClientV2("${cohere.slice(0, 4)}…(40 chars)")`);
  });

  it('does not take digests and pinned revisions near a provider name for keys', async () => {
    const sha = randomText(HEX, 40, 26);
    const requirements = dedent(`
      wandb @ git+https://github.com/wandb/wandb@${sha}
      cohere==5.13.0  # coherence fix ${randomText(HEX, 40, 27)}
      # mistral-7b-instruct-v0.3.Q4_K_M.gguf md5 ${randomText(HEX, 32, 28)}
      # We evaluate the models together; checkpoint sha256 ${randomText(HEX, 64, 29)}
    `);
    const run = await scan('requirements.txt', 'text', requirements);
    expect(run.findings).toEqual([]);
  });

  it('reports one finding per key occurrence, and the same key twice on a line once', async () => {
    const text = `env: { GROQ_API_KEY: "${groqKey}", GROQ_KEY_COPY: "${groqKey}" }\nnext: "${groqKey}"\n`;
    const run = await scan('deploy.yaml', 'yaml', text);
    expect(where(run.findings)).toEqual([
      [AI, 1, text.indexOf(groqKey) + 1],
      [AI, 2, 8],
    ]);
    expect(run.findings[0]!.evidence).toBe('env: { GROQ_API_KEY: "gsk_…(56 chars)", GROQ_KEY_COPY: "gsk_…(56 chars)" }');
    expectNoLeak(run.findings, [groqKey]);
  });

  it('finds keys in a TypeScript config and a docker-compose file', async () => {
    const ts = dedent(`
      import Anthropic from '@anthropic-ai/sdk';

      export const anthropic = new Anthropic({
        apiKey: process.env.ANTHROPIC_API_KEY ?? '${anthropicKey}',
      });
      export const groqKey = process.env.GROQ_API_KEY;
    `);
    const compose = dedent(`
      services:
        api:
          image: acme/rag-api:1.4
          environment:
            - OPENAI_API_KEY=${openaiKey}
            - HF_TOKEN=\${HF_TOKEN}
            - DATABASE_PASSWORD=${dbPassword}
    `);
    const tsRun = await scan('src/llm.ts', 'typescript', ts);
    const composeRun = await scan('docker-compose.yml', 'yaml', compose);
    expect(where(tsRun.findings)).toEqual([[AI, ...at(ts, anthropicKey)]]);
    expect(where(composeRun.findings)).toEqual([
      [AI, ...at(compose, openaiKey)],
      [ASSIGNED, ...at(compose, dbPassword)],
    ]);
    expect(composeRun.findings[1]!.evidence).toBe(`- DATABASE_PASSWORD=Vq7${dbPassword[3]}…(24 chars)`);
  });
});

describe('secrets/cloud-or-platform-token', () => {
  it('flags AWS keys in a credentials file and skips the documented example pair', async () => {
    const text = dedent(`
      [default]
      aws_access_key_id = AKIAIOSFODNN7EXAMPLE
      aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

      [training]
      aws_access_key_id = ${awsKeyId}
      aws_secret_access_key = ${awsSecret}
      region = eu-west-1
    `);
    expect(claimsByName({ path: '.aws/credentials', type: 'text', size: text.length })).toBe(true);
    const run = await scan('.aws/credentials', 'text', text);
    expect(where(run.findings)).toEqual([
      [CLOUD, ...at(text, awsKeyId)],
      [CLOUD, ...at(text, awsSecret)],
    ]);
    expect(run.findings.map((f) => f.message.slice(0, 26))).toEqual(['AWS access key id is writt', 'AWS secret access key is w']);
    expect(run.findings[0]!.message).toContain('together with its secret access key (line 7)');
    const alone = await scan('deploy.sh', 'text', `export AWS_ACCESS_KEY_ID=${awsKeyId}\n`);
    expect(alone.findings.map((f) => f.message)).toEqual([expect.not.stringContaining('together with')]);
    expect(run.findings[1]!.evidence).toBe(`aws_secret_access_key = ${awsSecret.slice(0, 4)}…(40 chars)`);
  });

  it('flags a GitHub token, a private key in a service-account JSON and a PEM file', async () => {
    const serviceAccount = dedent(`
      {
        "type": "service_account",
        "project_id": "acme-ml",
        "private_key_id": "${randomText(HEX, 40, 15)}",
        "private_key": "-----BEGIN PRIVATE KEY-----\\n${pemBody}\\n${pemBody}\\n-----END PRIVATE KEY-----\\n",
        "client_email": "trainer@acme-ml.iam.gserviceaccount.com"
      }
    `);
    const run = await scan('keys/sa.json', 'json', serviceAccount);
    expect(where(run.findings)).toEqual([[CLOUD, ...at(serviceAccount, '-----BEGIN')]]);
    expect(run.findings[0]!.message).toContain('Google Cloud service-account key');
    expect(run.findings[0]!.evidence).toMatch(/^"private_key": "-----BEGIN PRIVATE KEY-----…\(\d+ chars\)\\n",$/);
    expectNoLeak(run.findings, [pemBody]);

    const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody}\n${pemBody.slice(0, 40)}AKIA${'Z'.repeat(2)}\n-----END OPENSSH PRIVATE KEY-----\nssh-ed25519 host\n`;
    const pemRun = await scan('deploy/id_ed25519', 'text', pem);
    expect(where(pemRun.findings)).toEqual([[CLOUD, 1, 1]]);
    expect(pemRun.findings[0]!.evidence).toBe('-----BEGIN OPENSSH PRIVATE KEY-----');

    const workflow = `      - run: git clone https://x-access-token:${githubToken}@github.com/acme/models.git\n`;
    const ghRun = await scan('.github/workflows/sync.yml', 'yaml', workflow);
    expect(where(ghRun.findings)).toEqual([[CLOUD, 1, workflow.indexOf(githubToken) + 1]]);
    expect(ghRun.findings[0]!.evidence).toBe('- run: git clone https://x-access-token:ghp_…(40 chars)@github.com/acme/models.git');
  });

  it('stays quiet for a PEM header in code, a public key and a certificate', async () => {
    const text = dedent(`
      def is_private_key(pem: str) -> bool:
          return pem.startswith("-----BEGIN RSA PRIVATE KEY-----") or "-----BEGIN PRIVATE KEY-----\\n" in pem

      PUBLIC = """-----BEGIN PUBLIC KEY-----
      ${pemBody}
      -----END PUBLIC KEY-----"""
    `);
    const run = await scan('crypto_utils.py', 'python', text);
    expect(run.findings).toEqual([]);
  });
});

describe('secrets/hardcoded-credential-assignment', () => {
  it('flags secret-named keys with random literals in JSON, YAML, JS and Python', async () => {
    const json = `{\n  "db": { "host": "db.internal", "password": "${dbPassword}" },\n  "webhook_secret": "${signingSecret}"\n}\n`;
    const yaml = `auth:\n  client_id: trainer-app\n  client_secret: ${dbPassword}\n`;
    const js = `const headers = { Authorization: 'Bearer ${signingSecret}' };\nexport const apiToken = \`${dbPassword}\`;\n`;
    const py = `class Settings:\n    def __init__(self):\n        self.jwt_signing_key = "${signingSecret}"\n`;
    const results = await Promise.all([
      scan('config.json', 'json', json),
      scan('values.yaml', 'yaml', yaml),
      scan('src/client.js', 'javascript', js),
      scan('app/settings.py', 'python', py),
    ]);
    expect(results.map((r) => where(r.findings))).toEqual([
      [
        [ASSIGNED, ...at(json, dbPassword)],
        [ASSIGNED, ...at(json, signingSecret)],
      ],
      [[ASSIGNED, ...at(yaml, dbPassword)]],
      [
        [ASSIGNED, ...at(js, signingSecret)],
        [ASSIGNED, ...at(js, dbPassword)],
      ],
      [[ASSIGNED, ...at(py, signingSecret)]],
    ]);
    expect(results[0]!.findings[0]!.message).toContain('"password" is assigned a literal credential');
    expect(results[2]!.findings[0]!.evidence).toBe(`const headers = { Authorization: 'Bearer ${signingSecret.slice(0, 4)}…(48 chars)' };`);
    expectNoLeak(results.flatMap((r) => r.findings), [dbPassword, signingSecret]);
  });

  it('does not fire on ordinary code and configuration', async () => {
    const py = dedent(`
      import os
      from transformers import AutoTokenizer

      MAX_TOKENS = 4096
      max_tokens = int(os.environ.get("MAX_TOKENS", "4096"))
      tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")
      token_url = "https://auth.example.org/oauth2/token"
      password_field = "password"
      SECRET_NAME = "OPENAI_API_KEY_PRODUCTION_V2"
      api_key = os.environ["OPENAI_API_KEY"]
      auth = HTTPBasicAuth(user, password)
      token = f"Bearer {os.environ['TOKEN']}"
      if password == "${dbPassword}":
          pass
      request_id = "${randomText(ALNUM, 32, 16)}"
      secret_id = "${randomText(ALNUM, 32, 17)}"
      session_token_count = 12
      checkpoint_sha256 = "${randomText(HEX, 64, 18)}"
      api_key: str = ""
      auth_token = "550e8400-e29b-41d4-a716-446655440000"
      password = "changeme"
      token = "test"
    `);
    const yaml = dedent(`
      env:
        OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
        HF_TOKEN: "{{ vault_hf_token }}"
        DB_PASSWORD: \${DB_PASSWORD}
        API_KEY: <your-key>
        token_path: /var/run/secrets/kubernetes.io/serviceaccount/token
        password_file: ./secrets/db_password.txt
    `);
    const lock = dedent(`
      {
        "name": "rag-app",
        "lockfileVersion": 3,
        "packages": {
          "node_modules/js-tokens": {
            "version": "4.0.0",
            "resolved": "https://registry.npmjs.org/js-tokens/-/js-tokens-4.0.0.tgz",
            "integrity": "sha512-${randomText(BASE64, 86, 19)}=="
          },
          "node_modules/auth-token": { "version": "1.0.0", "token": "${randomText(HEX, 40, 20)}" }
        }
      }
    `);
    const runs = await Promise.all([scan('app/main.py', 'python', py), scan('.github/workflows/ci.yml', 'yaml', yaml), scan('package-lock.json', 'json', lock)]);
    expect(runs.map((r) => r.findings)).toEqual([[], [], []]);
  });

  it('flags a literal default of an environment lookup, in Python and TypeScript', async () => {
    const py = dedent(`
      import os

      SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "${dbPassword}")
      DEBUG = os.getenv("DEBUG", "0") == "1"
      API_TOKEN = os.environ.get('API_TOKEN', '')
      DB_PASSWORD = os.environ.get("DB_PASSWORD", "changeme")
    `);
    const ts = dedent(`
      export const config = {
        slackToken: process.env.SLACK_TOKEN ?? '${signingSecret}',
        apiKey: process.env['API_KEY'] || "your-api-key",
        port: Number(process.env.PORT ?? 8080),
      };
    `);
    const [pyRun, tsRun] = await Promise.all([scan('settings.py', 'python', py), scan('src/config.ts', 'typescript', ts)]);
    expect(where(pyRun.findings)).toEqual([[ASSIGNED, ...at(py, dbPassword)]]);
    expect(where(tsRun.findings)).toEqual([[ASSIGNED, ...at(ts, signingSecret)]]);
    expect(pyRun.findings[0]!.message).toContain('"SECRET_KEY" falls back to a literal credential');
    expect(tsRun.findings[0]!.evidence).toBe(`slackToken: process.env.SLACK_TOKEN ?? '${signingSecret.slice(0, 4)}…(48 chars)',`);
  });

  it('stays quiet for password hashes, public keys and tokens copied from specifications', async () => {
    const py = dedent(`
      c.PasswordIdentityProvider.hashed_password = "argon2:$argon2id$v=19$m=10240,t=10,p=8$${randomText(BASE64, 22, 24)}"
      STRIPE_PUBLISHABLE_KEY = "pk_${'live'}_${randomText(ALNUM, 30, 25)}"
      EXAMPLE_RESPONSE = {"access_token": "2YotnFZFEjr1zCsicMWpAA", "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA"}
    `);
    expect((await scan('docs_examples.py', 'python', py)).findings).toEqual([]);
  });

  it('shows a window of a long minified line around the secret', async () => {
    const filler = Array.from({ length: 300 }, (_, i) => `"k${i}":"v${i}"`).join(',');
    const text = `{${filler},"apiToken":"${signingSecret}",${filler}}`;
    const run = await scan('dist/config.json', 'json', text);
    expect(where(run.findings)).toEqual([[ASSIGNED, 1, text.indexOf(signingSecret) + 1]]);
    const evidence = run.findings[0]!.evidence!;
    expect(evidence.length).toBeLessThanOrEqual(200);
    expect(evidence).toMatch(/^….*"apiToken":".{4}…\(48 chars\)",.*…$/);
  });

  it('reads Dockerfile ENV lines and CRLF .env files', async () => {
    const dockerfile = `FROM python:3.12-slim\r\nENV MODEL_DIR=/models \\\r\n    SERVICE_TOKEN=${dbPassword}\r\nCMD ["python", "-m", "app"]\r\n`;
    const run = await scan('Dockerfile', 'dockerfile', dockerfile);
    expect(where(run.findings)).toEqual([[ASSIGNED, 3, 19]]);
    const env = await scan('.env.production', 'text', `DB_PASSWORD=${dbPassword}\r\nDEBUG=0\r\n`);
    expect(where(env.findings)).toEqual([
      [ASSIGNED, 1, 13],
      [ENV_FILE, 1, 1],
    ]);
    expect(env.findings[0]!.evidence).toBe(`DB_PASSWORD=${dbPassword.slice(0, 4)}…(24 chars)`);
  });

  it('reads values quoted with JSON escapes in notebook sources', async () => {
    const line = `    "WANDB_TOKEN_OVERRIDE = \\"${dbPassword}\\"\\n",`;
    const run = await scan('train.ipynb', 'notebook', `{\n "cells": [\n  {\n   "source": [\n${line}\n`);
    expect(where(run.findings)).toEqual([[ASSIGNED, 5, line.indexOf(dbPassword) + 1]]);
  });
});

describe('secrets/committed-env-file', () => {
  const env = dedent(`
    # local settings
    DEBUG=true
    OPENAI_API_KEY=${openaiKey}
    DATABASE_URL=postgres://localhost:5432/app
    export DB_PASSWORD="${dbPassword}"
    SESSION_SECRET='s3cr3t-${randomText(ALNUM, 6, 21)}' # short but real
    HF_TOKEN=
    WANDB_API_KEY=your-wandb-key
  `);

  it('reports a .env file that sets secret variables, once, at the first one', async () => {
    const run = await scan('.env', 'text', env);
    const envFinding = run.findings.filter((f) => f.ruleId === ENV_FILE);
    expect(where(envFinding)).toEqual([[ENV_FILE, 3, 1]]);
    expect(envFinding[0]!.message).toContain('.env sets 3 secret variables (OPENAI_API_KEY, DB_PASSWORD, SESSION_SECRET)');
    expect(envFinding[0]!.evidence).toBe('OPENAI_API_KEY=…');
    expect(where(run.findings.filter((f) => f.ruleId !== ENV_FILE))).toEqual([
      [AI, 3, 16],
      [ASSIGNED, 5, 21],
    ]);
    expectNoLeak(run.findings, [openaiKey, dbPassword]);
  });

  it('reports .env.local and .env.production too, but not templates or placeholders only', async () => {
    const placeholders = 'OPENAI_API_KEY=\nHF_TOKEN=<your-token>\nDB_PASSWORD=changeme\nAPI_KEY=${API_KEY}\nANTHROPIC_API_KEY=sk-ant-...\nSECRET_KEY=xxxxxxxx\n';
    const runs = await Promise.all([
      scan('.env.local', 'text', env),
      scan('deploy/.env.production', 'text', env),
      scan('.env.example', 'text', env.replace(openaiKey, 'sk-proj-...').replace(dbPassword, 'your-password')),
      scan('.env.sample', 'text', env),
      scan('.env', 'text', placeholders),
    ]);
    expect(runs.map((r) => r.findings.filter((f) => f.ruleId === ENV_FILE).length)).toEqual([1, 1, 0, 0, 0]);
    // A template is still searched for real keys.
    expect(where(runs[3]!.findings)).toEqual([
      [AI, 3, 16],
      [ASSIGNED, 5, 21],
    ]);
    expect(runs[2]!.findings).toEqual([]);
  });

  it('is found by the engine under its dotfile names and honours inline suppressions', async () => {
    const root = makeTree({
      '.env': env,
      'svc/.env.staging': `DB_PASSWORD=${dbPassword}\n`,
      '.npmrc': `//registry.npmjs.org/:_authToken=npm${'_'}${randomText(ALNUM, 36, 22)}\n`,
      'tests/fixtures.py': `# aigis: ignore[secrets/ai-provider-api-key] fake key for the client tests\nKEY = "${groqKey}"\n`,
    });
    try {
      const result = await scanTree(root, [secretsAnalyzer]);
      const byPath = result.findings.map((f) => [f.location.path, f.ruleId, f.location.startLine]).sort();
      expect(byPath).toEqual([
        ['.env', AI, 3],
        ['.env', ENV_FILE, 3],
        ['.env', ASSIGNED, 5],
        ['.npmrc', CLOUD, 1],
        ['svc/.env.staging', ENV_FILE, 1],
        ['svc/.env.staging', ASSIGNED, 1],
        ['tests/fixtures.py', AI, 2],
      ]);
      expect(result.directives.get('tests/fixtures.py')?.[0]).toMatchObject({ line: 1, rules: [AI] });
    } finally {
      removeTree(root);
    }
  });
});

describe('secrets analyzer limits', () => {
  it('claims dotfiles and credential files by name, not binaries or folders', () => {
    const claim = (path: string, type: FileType) => claimsByName({ path, type, size: 10 });
    expect([claim('.env', 'text'), claim('.env.local', 'binary'), claim('conf/app.ini', 'text'), claim('.pypirc', 'text'), claim('x/credentials', 'text')]).toEqual([true, true, true, true, true]);
    expect([claim('model.bin', 'binary'), claim('.env', 'directory'), claim('.env', 'empty'), claim('notes.env.bak', 'binary')]).toEqual([false, false, false, false]);
    expect(secretsAnalyzer.fileTypes).toContain('notebook');
  });

  it('reads only maxFileBytes and marks the file inconclusive, still reporting what it read', async () => {
    const text = `GROQ_API_KEY = "${groqKey}"\n${'# padding\n'.repeat(500)}`;
    const reports: string[] = [];
    const inconclusive: string[] = [];
    const bytes = new TextEncoder().encode(text);
    await secretsAnalyzer.analyzeFile!(
      { path: 'big.py', type: 'python', size: bytes.length, source: new BufferSource(bytes) },
      {
        settings: { maxFileBytes: 1024 },
        limits: DEFAULT_LIMITS,
        report: (rule) => void reports.push(rule.id),
        fact: () => undefined,
        inconclusive: (reason) => void inconclusive.push(reason),
        note: () => undefined,
        asset: () => undefined,
        emitMember: async () => undefined,
      },
    );
    expect(reports).toEqual([AI]);
    expect(inconclusive).toEqual(['the file is larger than 1024 bytes; only the first 1024 were searched for secrets']);
  });

  // CPU time, not wall time: other test files share the machine.
  it('scans pathological 5 MB lines in well under a second of CPU each', async () => {
    const size = 5 * 1024 * 1024;
    const lines = [
      'sk-'.repeat(size / 3),
      'sk-proj-'.repeat(size / 8),
      'token="'.repeat(size / 7),
      'password: \\"'.repeat(size / 12),
      '-----BEGIN PRIVATE KEY-----'.repeat(size / 27),
      'ABSK'.repeat(size / 4),
      `cohere ${'a'.repeat(size)}`,
      randomText(BASE64, size, 23),
      'A'.repeat(size),
    ];
    for (const line of lines) {
      const started = process.cpuUsage();
      const run = await scan('blob.txt', 'text', line);
      const used = process.cpuUsage(started);
      const took = (used.user + used.system) / 1000;
      expect([line.slice(0, 12), took < 800]).toEqual([line.slice(0, 12), true]);
      expect(run.findings.length).toBeLessThan(5);
    }
  }, 30_000);
});
