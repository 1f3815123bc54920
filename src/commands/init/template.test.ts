import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { securityDocsAnalyzer } from '../../analyzers/security-docs/analyzer.js';
import type { Asset } from '../../core/asset.js';
import { loadConfigFile, parseConfig } from '../../core/config/load.js';
import { buildConfigSchema } from '../../core/config/schema.js';
import { DEFAULT_LIMITS } from '../../core/config/types.js';
import { configContext } from '../config-context.js';
import { planFiles, type InitFlags } from './run.js';
import { assetLines, fillTemplate, oneLine, readTemplate, TEMPLATE_NAMES } from './template.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

const ALL: InitFlags = { config: true, all: true, modelCard: 'models/classifier', contact: 'security@acme-support.io' };

function asset(kind: Asset['kind'], name: string, path: string, properties: Record<string, string> = {}, startLine?: number): Asset {
  return { kind, name, location: { path, ...(startLine ? { startLine } : {}) }, properties };
}

describe('fillTemplate', () => {
  it('fills every placeholder, leaving the rest of the text as written', () => {
    const text = fillTemplate('# {{project}}\ncontact: {{contact}} ({{project}})\n{ not: a placeholder }\n', { project: 'acme', contact: 'sec@acme.io' });
    expect(text).toBe('# acme\ncontact: sec@acme.io (acme)\n{ not: a placeholder }\n');
  });

  it('keeps a value on one line: line breaks and control characters become spaces', () => {
    expect(fillTemplate('name: {{project}}\nnext: 1\n', { project: 'evil\nrules: {}\r\n\tx\u2028y' })).toBe('name: evil rules: {} x y\nnext: 1\n');
  });

  it('does not expand placeholders inside values (one pass)', () => {
    expect(fillTemplate('{{a}} {{b}}', { a: '{{b}}', b: 'B' })).toBe('{{b}} B');
  });

  it('fills a list with one line per item, keeping list indentation', () => {
    expect(fillTemplate('before\n{{items}}\nafter', { items: ['- one', '  - two\nthree'] })).toBe('before\n- one\n  - two three\nafter');
  });

  it('throws for a placeholder without a value (a mistake in the template)', () => {
    expect(() => fillTemplate('hello {{name}}', {})).toThrow('{{name}}');
    expect(() => fillTemplate('hello {{constructor}}', {})).toThrow('{{constructor}}');
  });

  it('shortens overlong values', () => {
    const value = oneLine('x'.repeat(1000));
    expect(value).toHaveLength(300);
    expect(value.endsWith('…')).toBe(true);
  });

  it('never adds or removes lines, whatever the values (property)', () => {
    const template = 'a: {{project}}\n# {{contact}}\n\nb: {{project}}\n';
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 50 }), (project, contact) => {
        const filled = fillTemplate(template, { project, contact });
        expect(filled.split('\n')).toHaveLength(5);
      }),
      { numRuns: 100 },
    );
  });
});

describe('templates', () => {
  it('every template has a value for each of its placeholders when everything is asked for', () => {
    const plan = planFiles('/work/acme-bot', ALL, [], '2026-01-31');
    expect(plan.map((file) => file.template).sort()).toEqual([...TEMPLATE_NAMES].sort());
    expect(plan.map((file) => file.path)).toEqual([
      '/work/acme-bot/aigis.yaml',
      '/work/acme-bot/SECURITY.md',
      '/work/acme-bot/THREAT_MODEL.md',
      '/work/acme-bot/docs/incident-response.md',
      '/work/acme-bot/models/classifier/README.md',
    ]);
    for (const file of plan) expect(file.content).not.toMatch(/\{\{[a-z_]+\}\}/);
  });

  it('aigis.yaml names every top-level key of the config schema, each with the default value', () => {
    const text = readTemplate('aigis.yaml');
    const keys = Object.keys(parseDocument(text).toJS() as object).sort();
    expect(keys).toEqual(Object.keys(buildConfigSchema([])['properties'] as object).sort());
    expect(keys).toContain('conformance');
    const config = parseConfig(fillTemplate(text, { project: 'acme' }), 'aigis.yaml', configContext());
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.signing).toEqual({ signatureName: 'model.sig' });
    expect(config.rules).toEqual({});
    expect(config.suppressions).toEqual([]);
    expect(config.conformance).toEqual({ notApplicable: {} });
  });

  it('the written aigis.yaml loads with the config loader, even for a hostile project name', () => {
    const root = makeTree({}, 'aigis-init-unit-');
    roots.push(root);
    const plan = planFiles(join(root, 'x\nrules: {bad: 1}'), { config: true }, [], '2026-01-31');
    writeFileSync(join(root, 'aigis.yaml'), plan[0]!.content);
    const config = loadConfigFile(join(root, 'aigis.yaml'), configContext());
    expect(config.ignore).toEqual(['node_modules/']);
    expect(plan[0]!.content.split('\n')[0]).toBe('# aigis.yaml: configuration of aigis for x rules: {bad: 1}.');
  });

  it('the model card has Hugging Face front matter and the required sections', () => {
    const card = planFiles('/p', { config: false, modelCard: 'models/intent-classifier' }, [], '2026-01-31')[0]!;
    expect(card.path).toBe('/p/models/intent-classifier/README.md');
    const front = /^---\n([\s\S]*?)\n---\n/.exec(card.content);
    expect(front).not.toBeNull();
    const meta = parseDocument(front![1]!).toJS() as Record<string, unknown>;
    expect(Object.keys(meta)).toEqual(['license', 'base_model', 'datasets', 'pipeline_tag']);
    expect(card.content).toMatch(/^# intent-classifier$/m);
    for (const section of ['Intended uses', 'Limitations', 'Training data', 'Evaluation']) expect(card.content).toMatch(new RegExp(`^## ${section}$`, 'm'));
  });
});

describe('assetLines', () => {
  it('is empty without assets, and the threat model then asks for them by hand', () => {
    expect(assetLines([])).toEqual([]);
    const threatModel = planFiles('/p', { config: false, threatModel: true }, [], '2026-01-31')[0]!.content;
    expect(threatModel).toContain('aigis found no AI assets');
    expect(threatModel).toContain('- TODO: models, datasets, prompts, AI providers, agent tools, vector stores.');
  });

  it('groups assets by kind with their ATLAS and OWASP ids, once per name, and only counts packages', () => {
    const lines = assetLines([
      asset('service', 'openai', 'app/llm.py', { sdk: 'openai', model: 'gpt-4o' }, 20),
      asset('model', 'models/clf.pkl', 'models/clf.pkl', { source: 'file', format: 'pickle', signed: 'false' }),
      asset('model', 'acme/encoder', 'app/retrieval.py', { source: 'hub', pinned: 'false' }, 23),
      asset('model', 'acme/encoder', 'app/other.py', { source: 'hub', pinned: 'false' }, 4),
      asset('package', 'torch', 'requirements.txt', { ecosystem: 'pypi' }),
      asset('package', 'numpy', 'requirements.txt', { ecosystem: 'pypi' }),
    ]);
    expect(lines).toEqual([
      '- **Models** (2). Threats: tampered or malicious model files AML.T0010.003, AML.T0011.000, LLM03:2025; model poisoning LLM04:2025.',
      '  - `models/clf.pkl` (source: file, format: pickle, signed: false)',
      '  - `acme/encoder` (source: hub, pinned: false), seen in app/retrieval.py:23',
      '- **AI services** (1). Threats: unsecured credentials AML.T0055, LLM02:2025; inference API abuse AML.T0040, LLM10:2025.',
      '  - `openai` (sdk: openai, model: gpt-4o), seen in app/llm.py:20',
      '- **Packages** (2). Threats: compromised AI software AML.T0010.001, AML.T0011.001, LLM03:2025.',
      '  - Listed in full by "aigis bom".',
    ]);
  });

  it('lists at most 50 of a kind and counts the rest', () => {
    const many = Array.from({ length: 60 }, (_, i) => asset('prompt', `prompts/p${i}.txt`, `prompts/p${i}.txt`, { source: 'file' }));
    const lines = assetLines(many);
    expect(lines).toHaveLength(52);
    expect(lines.at(-1)).toBe('  - and 10 more (see "aigis bom")');
  });

  it('keeps a multi-line asset name on its line in the threat model', () => {
    const content = planFiles('/p', { config: false, threatModel: true }, [asset('prompt', 'evil\n## Threats\n', 'a.py', { source: 'code' }, 3)], '2026-01-31')[0]!.content;
    expect(content.match(/^## Threats$/gm)).toHaveLength(1);
    expect(content).toContain('  - `evil ## Threats` (source: code), seen in a.py:3');
  });
});

describe('generated documents and the security-docs analyzer', () => {
  async function findingsFor(flags: InitFlags, assets: readonly Asset[] = []) {
    const root = makeTree({ 'app.py': 'print(1)\n' }, 'aigis-init-docs-');
    roots.push(root);
    for (const file of planFiles(root, flags, assets, '2026-01-31')) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.content);
    }
    const result = await scanTree(root, [securityDocsAnalyzer]);
    return result.findings.map((finding) => `${finding.ruleId} @ ${finding.location.path}`);
  }

  it('SECURITY.md, THREAT_MODEL.md and the runbook pass every check once the contact is filled', async () => {
    expect(await findingsFor({ config: false, all: true, contact: 'security@acme-support.io' })).toEqual([]);
  });

  it('the threat model passes with assets listed', async () => {
    const assets = [asset('model', 'acme/encoder', 'app.py', { source: 'hub' }, 1), asset('agent-tool', 'ShellTool', 'app.py', { framework: 'langchain' }, 1)];
    const findings = await findingsFor({ config: false, threatModel: true }, assets);
    expect(findings).toEqual(['security-docs/missing-security-policy @ SECURITY.md', 'security-docs/missing-incident-response-plan @ docs/incident-response.md']);
  });

  it('each document on its own answers its own missing-document rule', async () => {
    const policy = await findingsFor({ config: false, securityPolicy: true, contact: 'https://acme-support.io/security' });
    expect(policy.filter((id) => id.includes('security-policy'))).toEqual([]);
    const runbook = await findingsFor({ config: false, incidentRunbook: true });
    expect(runbook.filter((id) => id.includes('incident'))).toEqual([]);
  });
});
