import { afterEach, describe, expect, it } from 'vitest';
import type { Evidence } from '../../core/evidence.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { pythonAnalyzer } from '../python/analyzer.js';
import { securityDocsAnalyzer } from './analyzer.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function scan(spec: TreeSpec) {
  const root = makeTree(spec);
  roots.push(root);
  const result = await scanTree(root, [pythonAnalyzer, securityDocsAnalyzer]);
  const byCheck = new Map<string, Evidence>();
  for (const item of result.evidence) {
    expect(byCheck.has(item.check), `one item per check: ${item.check}`).toBe(false);
    byCheck.set(item.check, item);
  }
  return { result, byCheck, checks: result.evidence.map((e) => `${e.check}${e.shortfall ? ' (shortfall)' : ''}`) };
}

/** A support assistant: an OpenAI chat model, a Hub intent classifier and a Python REPL agent tool. */
const APP_PY = `import os

from langchain_experimental.tools import PythonREPLTool
from openai import OpenAI
from transformers import AutoModelForSequenceClassification, AutoTokenizer

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
tokenizer = AutoTokenizer.from_pretrained("acme-ai/intent-classifier")
classifier = AutoModelForSequenceClassification.from_pretrained("acme-ai/intent-classifier")
tools = [PythonREPLTool()]


def answer(question: str) -> str:
    reply = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": question}],
    )
    return reply.choices[0].message.content
`;

const POLICY = `# Security policy

## Reporting a vulnerability
Use GitHub private vulnerability reporting or e-mail security@acme-support.test. We answer within 3 working days.

## AI-specific issues in scope
- Prompt injection that makes the assistant call tools or reveal data it should not.
- Jailbreaks that bypass our safety filters.
`;

const THREAT_MODEL = `# Threat model: support assistant

## Assets
- The \`acme-ai/intent-classifier\` model from the Hugging Face Hub routes tickets.
- Answers come from OpenAI (\`gpt-4o\`) through the official SDK.
- The agent can run code through the Python REPL tool (PythonREPLTool).

## Threats
| Threat | Catalogue | Mitigation |
| Indirect prompt injection through tickets | AML.T0051.001, LLM01:2025 | the REPL runs in a sandbox |
| Malicious model file in the classifier repository | AML.T0010.003 | safetensors only, pinned revision |
| Excessive agency of the REPL tool | LLM06:2025 | human approval for each run |
`;

const RUNBOOK = `# Incident response runbook

1. Page the on-call engineer and open an incident channel.
2. If prompt injection is being exploited, flip the kill switch to disable the assistant.
3. Roll back the intent-classifier model to the last known-good revision in the registry.
4. If leaked model weights turn up, rotate the OpenAI key and notify customers.
`;

const CONTRIBUTING = `# Contributing

Run the tests before opening a pull request.

## AI security
Treat every model output as untrusted input: prompt injection can make the assistant say anything.
Never load a pickle from outside the repository: malicious model files run code when loaded.
`;

const ACCEPTABLE_USE = `# Acceptable use of the support assistant

## Prohibited uses
Do not use the assistant to generate malware or to harass people.

## Limitations
The assistant may produce inaccurate answers. It does not know about tickets filed after its last update.

## Your data
Conversations are kept for 30 days (data retention) and are never used to train models.
`;

const LIFECYCLE = `# Model lifecycle

## Training and release
Each release of the classifier is evaluated before promotion.

## Decommissioning
When a model is retired, we delete its weights from the registry, revoke its API keys and archive its model card.
`;

const ADR = `# 2. Use GPT-4o for ticket answers

## Context
We need a hosted language model to answer support tickets.

## Options considered
- GPT-4o (OpenAI)
- Claude Sonnet (Anthropic)
- A self-hosted Llama 3.1 8B

## Decision
We chose GPT-4o: it had the best evaluation scores, and OpenAI does not train on API data.
`;

const SECURITY_TXT = 'Contact: mailto:security@acme-support.test\nExpires: 2099-12-31T23:00:00.000Z\nPolicy: https://acme-support.test/security\n';

const WELL_DOCUMENTED: TreeSpec = {
  'app.py': APP_PY,
  'SECURITY.md': POLICY,
  '.well-known/security.txt': SECURITY_TXT,
  'THREAT_MODEL.md': THREAT_MODEL,
  'docs/incident-response.md': RUNBOOK,
  'CONTRIBUTING.md': CONTRIBUTING,
  'docs/acceptable-use.md': ACCEPTABLE_USE,
  'docs/model-lifecycle.md': LIFECYCLE,
  'docs/adr/0002-use-gpt-4o.md': ADR,
};

describe('security-docs conformance evidence', () => {
  it('records every check as satisfied for a well-documented project, with specific summaries', async () => {
    const { byCheck, checks, result } = await scan(WELL_DOCUMENTED);
    expect(checks).toEqual([
      'ai-security-guidance',
      'decommissioning-plan',
      'design-ai-risks',
      'incident-ai-scenarios',
      'incident-plan',
      'model-selection-record',
      'rollback-procedure',
      'security-policy',
      'security-policy-ai-scope',
      'security-txt-valid',
      'threat-model',
      'threat-model-cites-catalogues',
      'threat-model-names-assets',
      'user-guidance',
    ]);
    expect(result.evidence.every((e) => e.analyzer === 'security-docs' && e.summary.length < 300)).toBe(true);
    const summary = (check: string) => byCheck.get(check)!.summary;
    expect(summary('security-policy')).toBe(
      'SECURITY.md and .well-known/security.txt give a way to report: security@acme-support.test, GitHub private vulnerability reporting and mailto:security@acme-support.test',
    );
    expect(summary('security-policy-ai-scope')).toBe('SECURITY.md puts AI issues in scope: prompt injection and jailbreaks');
    expect(summary('security-txt-valid')).toMatch(/^Valid RFC 9116 security\.txt: \.well-known\/security\.txt \(Contact mailto:security@acme-support\.test, Expires 2099-12-31, \d+ days left\)$/);
    expect(byCheck.get('security-txt-valid')!.location).toEqual({ path: '.well-known/security.txt', startLine: 2 });
    expect(summary('threat-model')).toBe('Threat model: THREAT_MODEL.md');
    expect(summary('threat-model-cites-catalogues')).toBe(
      'THREAT_MODEL.md cites 2 MITRE ATLAS and 2 OWASP LLM Top 10 ids: AML.T0010.003, AML.T0051.001, LLM01:2025 and LLM06:2025',
    );
    expect(summary('design-ai-risks')).toBe('THREAT_MODEL.md addresses AI risks: prompt injection, excessive agency of AI agents and malicious model files');
    expect(summary('threat-model-names-assets')).toBe(
      'THREAT_MODEL.md names all 3 AI assets aigis found (1 model, 1 AI service and 1 agent tool): acme-ai/intent-classifier, openai (gpt-4o) and PythonREPLTool',
    );
    expect(summary('incident-plan')).toBe('Incident plan: docs/incident-response.md');
    expect(summary('incident-ai-scenarios')).toBe(
      'docs/incident-response.md covers AI scenarios: prompt injection, model theft or extraction and disabling AI features',
    );
    expect(summary('rollback-procedure')).toBe(
      'docs/incident-response.md:5 documents rollback ("Roll back the intent-classifier model") and names the one model: acme-ai/intent-classifier',
    );
    expect(byCheck.get('rollback-procedure')!.location).toEqual({ path: 'docs/incident-response.md', startLine: 5 });
    expect(summary('ai-security-guidance')).toBe('CONTRIBUTING.md and SECURITY.md cover AI threats: prompt injection, malicious model files and jailbreaks');
    expect(summary('user-guidance')).toBe('User guidance docs/acceptable-use.md covers acceptable use, limitations and data use (not user responsibilities)');
    expect(summary('decommissioning-plan')).toBe('docs/model-lifecycle.md:7 plans retiring models or data: "model is retired"');
    expect(byCheck.get('decommissioning-plan')!.location).toEqual({ path: 'docs/model-lifecycle.md', startLine: 7 });
    expect(summary('model-selection-record')).toBe('1 decision record about model choice: docs/adr/0002-use-gpt-4o.md ("2. Use GPT-4o for ticket answers")');
  });

  it('records nothing for a project without any of the documents', async () => {
    const { result } = await scan({ 'app.py': APP_PY, 'README.md': '# Support assistant\nAnswers tickets.\n' });
    expect(result.evidence).toEqual([]);
  });

  describe('disclosure policy (4.4)', () => {
    it('records a policy without contact or AI scope as a shortfall', async () => {
      const { byCheck } = await scan({ 'SECURITY.md': '# Security\nPlease report issues to the maintainers. Contact details: see example.com/contact.\n' });
      expect(byCheck.get('security-policy')).toMatchObject({
        summary: 'Disclosure policy: SECURITY.md',
        shortfall: 'SECURITY.md names no reporting contact (no e-mail address, link or GitHub private vulnerability reporting)',
        location: { path: 'SECURITY.md' },
      });
      expect(byCheck.get('security-policy-ai-scope')?.shortfall).toBe(
        'SECURITY.md does not mention AI issues (prompt injection, jailbreaks, model theft, data poisoning, unsafe output handling)',
      );
      expect(byCheck.has('security-txt-valid')).toBe(false);
    });

    it('does not count a vendored SECURITY.md, nor a policy that only mentions a kill switch as AI scope', async () => {
      expect((await scan({ 'vendor/lib/SECURITY.md': POLICY })).result.evidence).toEqual([]);
      const { byCheck } = await scan({ 'SECURITY.md': '# Security\nMail security@acme-support.test. We can disable the assistant with a kill switch.\n' });
      expect(byCheck.get('security-policy')?.shortfall).toBeUndefined();
      expect(byCheck.get('security-policy-ai-scope')?.shortfall).toMatch(/^SECURITY\.md does not mention AI issues/);
    });

    it('records an expired security.txt, and one without Contact, as invalid', async () => {
      const expired = '# Security contact\nContact: mailto:security@acme-support.test\nExpires: 2020-01-01T00:00:00Z\n';
      const { byCheck } = await scan({ '.well-known/security.txt': expired });
      expect(byCheck.get('security-txt-valid')).toMatchObject({
        summary: 'security.txt: .well-known/security.txt',
        shortfall: '.well-known/security.txt: expired on 2020-01-01',
        location: { path: '.well-known/security.txt', startLine: 3 },
      });
      // An expired file still names a contact: the policy exists, its validity is the control's business.
      expect(byCheck.get('security-policy')?.shortfall).toBeUndefined();
      expect(byCheck.get('security-policy-ai-scope')?.shortfall).toMatch(/\(a security\.txt Policy link is not followed\)$/);

      const broken = 'Expires: next year\nthis is not a field\nExpires: 2099-01-01T00:00:00Z\n';
      const second = await scan({ 'security.txt': broken });
      expect(second.byCheck.get('security-txt-valid')?.shortfall).toBe(
        'security.txt: no Contact field, Expires "next year" is not an RFC 3339 date-time, 2 Expires fields (RFC 9116 allows one), 1 line is not "Field: value" (first: line 2)',
      );
      expect(second.byCheck.get('security-policy')?.shortfall).toMatch(/^security\.txt names no reporting contact/);
    });
  });

  describe('threat model (1.2, 1.3)', () => {
    it('lists the models, services and agent tools the threat model does not name', async () => {
      const partial = `# Threat model
We call OpenAI through its SDK. Threats: prompt injection (LLM01:2025).
`;
      const { byCheck } = await scan({ 'app.py': APP_PY, 'docs/threat-model.md': partial });
      expect(byCheck.get('threat-model-names-assets')).toEqual({
        check: 'threat-model-names-assets',
        analyzer: 'security-docs',
        summary: 'docs/threat-model.md names 1 of the 3 AI assets aigis found (1 model, 1 AI service and 1 agent tool)',
        shortfall: 'not named: acme-ai/intent-classifier (model, app.py:8) and PythonREPLTool (agent tool, app.py:10)',
        location: { path: 'docs/threat-model.md' },
      });
      expect(byCheck.get('threat-model-cites-catalogues')?.summary).toBe('docs/threat-model.md cites 1 OWASP LLM Top 10 id: LLM01:2025');
    });

    it('asks for the folders of model files in the repository, by path or folder name', async () => {
      const weights = new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{}      ')]);
      const spec = { 'models/ticket-router/model.safetensors': weights, 'models/ranker/model.onnx': new Uint8Array([8, 1, 18, 4, 116, 101, 115, 116]) };
      const silent = await scan({ ...spec, 'THREAT_MODEL.md': '# Threat model\nThe ticket-router model decides queues. Prompt injection (LLM01:2025).\n' });
      const sniffed = silent.result.files.filter((f) => f.path.startsWith('models/')).map((f) => f.type);
      expect(sniffed).toContain('safetensors');
      const shortfall = silent.byCheck.get('threat-model-names-assets')?.shortfall ?? '';
      expect(shortfall).not.toContain('ticket-router');
      expect(sniffed).toEqual(['onnx', 'safetensors']);
      expect(shortfall).toContain('models/ranker');
      const named = await scan({ ...spec, 'THREAT_MODEL.md': '# Threat model\nmodels/ticket-router and models/ranker. Prompt injection (LLM01:2025).\n' });
      expect(named.byCheck.get('threat-model-names-assets')?.shortfall).toBeUndefined();
    });

    it('matches whole names only: a look-alike model or another owner\'s repository does not count', async () => {
      const lookalikes = `# Threat model
We compared other-org/intent-classifier with the intent-classifier-v2 fork.
Agents run no code. Prompt injection is the main threat (AML.T0051).
`;
      const { byCheck } = await scan({ 'app.py': APP_PY, 'THREAT_MODEL.md': lookalikes });
      expect(byCheck.get('threat-model-names-assets')?.shortfall).toBe(
        'not named: acme-ai/intent-classifier (model, app.py:8), openai (gpt-4o) (AI service, app.py:7) and PythonREPLTool (agent tool, app.py:10)',
      );
      const named = `# Threat model
Models: [intent-classifier](https://huggingface.co/acme-ai/intent-classifier); \`gpt-4o\` answers.
Tools: the Python REPL tool. Prompt injection (AML.T0051).
`;
      expect((await scan({ 'app.py': APP_PY, 'THREAT_MODEL.md': named })).byCheck.get('threat-model-names-assets')?.shortfall).toBeUndefined();
    });

    it('searches a bounded part of a huge threat model and says so; invalid UTF-8 is no error', async () => {
      const huge = `# Threat model\nPrompt injection (LLM01:2025). OpenAI and PythonREPLTool.\n${'Filler about trust boundaries. '.repeat(12_000)}\nacme-ai/intent-classifier\n`;
      const { byCheck } = await scan({ 'app.py': APP_PY, 'THREAT_MODEL.md': huge });
      expect(byCheck.get('threat-model-names-assets')?.shortfall).toBe(
        'not named: acme-ai/intent-classifier (model, app.py:8) (only the first 256 KiB of THREAT_MODEL.md was searched)',
      );
      const invalidUtf8 = Buffer.concat([Buffer.from('# Threat model\nOpenAI, PythonREPLTool, intent-'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('classifier\n')]);
      const garbled = await scan({ 'app.py': APP_PY, 'docs/threat-model.md': new Uint8Array(invalidUtf8) });
      expect(garbled.byCheck.get('threat-model-names-assets')?.shortfall).toBe('not named: acme-ai/intent-classifier (model, app.py:8)');
    });

    it('says when the inventory has nothing to name', async () => {
      const { byCheck } = await scan({ 'THREAT_MODEL.md': THREAT_MODEL, 'app.py': 'import json\n\nprint(json.dumps({}))\n' });
      expect(byCheck.get('threat-model-names-assets')).toMatchObject({
        summary: 'The inventory has no models, AI services or agent tools for THREAT_MODEL.md to name',
      });
      expect(byCheck.get('threat-model-names-assets')?.shortfall).toBeUndefined();
    });

    it('records a threat model without catalogue ids or AI threats as shortfalls, and names structured formats', async () => {
      const dragon = JSON.stringify({ summary: { title: 'Support assistant' }, detail: { diagrams: [{ cells: [{ threats: [{ title: 'SQL injection' }] }] }] } });
      const { byCheck } = await scan({ 'threat-model/assistant.json': dragon });
      expect(byCheck.get('threat-model')?.summary).toBe('Threat model: threat-model/assistant.json (OWASP Threat Dragon model)');
      expect(byCheck.get('threat-model-cites-catalogues')?.shortfall).toBe(
        'threat-model/assistant.json cites no MITRE ATLAS (AML.Txxxx) or OWASP LLM Top 10 (LLMxx:2025) id',
      );
      expect(byCheck.get('design-ai-risks')?.shortfall).toBe(
        'threat-model/assistant.json names no AI-specific risk (prompt injection, unsafe output handling, malicious model files, data poisoning)',
      );
      expect(byCheck.get('threat-model-names-assets')?.shortfall).toBeUndefined();
    });
  });

  describe('incident plan (3.3)', () => {
    it('records a runbook without rollback or AI scenarios as shortfalls', async () => {
      const plain = '# Incident response\nPage the on-call engineer, restore the database from backup, write a post-mortem.\n';
      const { byCheck } = await scan({ 'app.py': APP_PY, 'INCIDENT_RESPONSE.md': plain });
      expect(byCheck.get('incident-plan')?.summary).toBe('Incident plan: INCIDENT_RESPONSE.md');
      expect(byCheck.get('incident-ai-scenarios')?.shortfall).toBe('INCIDENT_RESPONSE.md covers no AI scenario (prompt injection, poisoned data or model, leaked weights)');
      expect(byCheck.get('rollback-procedure')).toMatchObject({
        summary: 'Incident plan: INCIDENT_RESPONSE.md',
        shortfall: 'INCIDENT_RESPONSE.md describes no rollback to a known-good model, weights or prompt',
      });
    });

    it('names the models a rollback procedure leaves out, and that only responses are no scenario', async () => {
      const generic = '# Incident runbook\nFlip the feature flag, then roll back to the previous model version.\n';
      const { byCheck } = await scan({ 'app.py': APP_PY, 'docs/runbooks/incident.md': generic });
      expect(byCheck.get('rollback-procedure')).toMatchObject({
        summary: 'docs/runbooks/incident.md:2 documents rollback ("roll back to the previous model"), naming 0 of 1 model',
        shortfall: 'the incident plan does not name the model to roll back: acme-ai/intent-classifier (app.py)',
        location: { path: 'docs/runbooks/incident.md', startLine: 2 },
      });
      expect(byCheck.get('incident-ai-scenarios')?.shortfall).toBe(
        'docs/runbooks/incident.md covers no AI scenario (prompt injection, poisoned data or model, leaked weights), only model rollback and disabling AI features',
      );
    });

    it('accepts a rollback procedure when the inventory has no models', async () => {
      const { byCheck } = await scan({ 'docs/incident-response.md': RUNBOOK });
      expect(byCheck.get('rollback-procedure')?.summary).toBe(
        'docs/incident-response.md:5 documents rollback ("Roll back the intent-classifier model"); the inventory has no models to name',
      );
      expect(byCheck.get('rollback-procedure')?.shortfall).toBeUndefined();
    });
  });

  describe('guidance (1.1, 3.5)', () => {
    it('reads CONTRIBUTING.md and docs/security/ for AI guidance, which no rule judges', async () => {
      const { byCheck, result } = await scan({ '.github/CONTRIBUTING.md': CONTRIBUTING, 'docs/security/overview.md': '# Security overview\nWe use TLS everywhere.\n' });
      expect(byCheck.get('ai-security-guidance')?.summary).toBe('.github/CONTRIBUTING.md covers AI threats: prompt injection and malicious model files');
      // The rules still ask for the three documents; the guidance itself draws no finding.
      expect(result.findings.map((f) => f.ruleId)).toEqual([
        'security-docs/missing-security-policy',
        'security-docs/missing-threat-model',
        'security-docs/missing-incident-response-plan',
      ]);
    });

    it('records guidance without AI threats as a shortfall, and ignores a vendored CONTRIBUTING.md', async () => {
      const { byCheck } = await scan({
        'CONTRIBUTING.md': '# Contributing\nRun `make test` and sign your commits.\n',
        'docs/security/overview.md': '# Security overview\nWe use TLS everywhere.\n',
        'vendor/lib/CONTRIBUTING.md': CONTRIBUTING,
      });
      expect(byCheck.get('ai-security-guidance')?.shortfall).toBe(
        'CONTRIBUTING.md and docs/security/overview.md mention no AI-specific threat (prompt injection, unsafe model files, data leakage)',
      );
    });

    it('needs user guidance to cover two topics; a liability clause is not a limitations section', async () => {
      const legal = '# Responsible use\nLimitation of liability: the service is provided as is. Do not use it to harass people (prohibited use).\n';
      const { byCheck } = await scan({ 'RESPONSIBLE_AI.md': legal });
      expect(byCheck.get('user-guidance')).toMatchObject({
        summary: 'User guidance RESPONSIBLE_AI.md covers acceptable use',
        shortfall: 'user guidance should cover at least two of acceptable use, limitations, user responsibilities and data use; missing: limitations, user responsibilities and data use',
      });
      const shared = '# Limitations\nThe assistant can hallucinate. You are responsible for checking its answers before sending them.\n';
      const second = await scan({ 'docs/guides/limitations.md': shared, 'docs/guides/setup.md': '# Setup\n' });
      expect(second.byCheck.get('user-guidance')?.summary).toBe(
        'User guidance docs/guides/limitations.md covers limitations and user responsibilities (not acceptable use and data use)',
      );
      expect(second.byCheck.get('user-guidance')?.shortfall).toBeUndefined();
    });
  });

  describe('decommissioning (2.4) and model selection (1.4)', () => {
    it('finds a decommissioning plan in a runbook folder and asks a lifecycle document for one', async () => {
      const retire = '# Model endpoints\n\nSteps:\n1. Decommission the model endpoint and delete the weights.\n';
      const { byCheck } = await scan({ 'docs/runbooks/model-retirement.md': retire });
      expect(byCheck.get('decommissioning-plan')).toMatchObject({
        summary: 'docs/runbooks/model-retirement.md:4 plans retiring models or data: "Decommission the model"',
        location: { path: 'docs/runbooks/model-retirement.md', startLine: 4 },
      });
      expect(byCheck.has('incident-plan')).toBe(false);

      // A vendored library's guidance is not the project's plan.
      expect((await scan({ 'vendor/lib/docs/model-lifecycle.md': LIFECYCLE, 'vendor/lib/CONTRIBUTING.md': LIFECYCLE })).result.evidence).toEqual([]);

      const servers = '# Service lifecycle\nWe decommission old servers every spring and rotate keys.\n';
      const second = await scan({ 'docs/service-lifecycle.md': servers });
      expect(second.byCheck.get('decommissioning-plan')?.shortfall).toBe('docs/service-lifecycle.md does not say how models or data are retired or decommissioned');
    });

    it('records decision records that are not about a model as a shortfall', async () => {
      const database = '# 1. Use PostgreSQL\n\n## Decision\nWe chose PostgreSQL over MySQL. The data model stays relational.\n';
      const { byCheck } = await scan({ 'docs/adr/0001-use-postgresql.md': database });
      expect(byCheck.get('model-selection-record')).toMatchObject({
        summary: '1 decision record in docs/adr/',
        shortfall: 'none of the 1 decision record is about choosing an AI model',
      });
      const both = await scan({ 'docs/adr/0001-use-postgresql.md': database, 'docs/decisions/0002-llm.md': ADR });
      expect(both.byCheck.get('model-selection-record')?.summary).toBe(
        '1 decision record about model choice: docs/decisions/0002-llm.md ("2. Use GPT-4o for ticket answers")',
      );
    });
  });
});
