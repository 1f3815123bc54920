/** `aigis init` as users run it: a separate process (dist/cli.js), real folders, exit codes. */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { securityDocsAnalyzer } from '../../analyzers/security-docs/analyzer.js';
import { loadConfigFile } from '../../core/config/load.js';
import { configContext } from '../config-context.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function folder(spec: TreeSpec = {}): string {
  const root = makeTree(spec, 'aigis-init-e2e-');
  roots.push(root);
  return root;
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

const PROJECT: TreeSpec = {
  'app/llm.py': [
    'from openai import OpenAI',
    'from transformers import AutoModel',
    '',
    'client = OpenAI()',
    'encoder = AutoModel.from_pretrained("acme-support/support-encoder")',
    '',
    'def answer(question: str) -> str:',
    '    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])',
    '    return reply.choices[0].message.content',
    '',
  ].join('\n'),
};

describe('aigis init', () => {
  it('writes a commented aigis.yaml that the config loader accepts, and says what is next', () => {
    const root = folder();
    const result = runCli(['init'], { cwd: root });
    expect(result).toMatchObject({ code: 0, stdout: 'aigis: wrote 1 file:\n  aigis.yaml\nNext: review aigis.yaml, then run "aigis scan", and "aigis check" to see where the project stands on each principle.\n' });
    const text = read(root, 'aigis.yaml');
    expect(text).toMatch(/^# aigis\.yaml: configuration of aigis for aigis-init-e2e-/);
    const config = loadConfigFile(join(root, 'aigis.yaml'), configContext());
    expect(config.ignore).toEqual(['node_modules/']);
    expect(config.limits.maxArchiveDepth).toBe(5);
    // The scan uses it without complaint.
    expect(runCli(['scan', '.', '--no-progress'], { cwd: root }).code).toBe(0);
  });

  it('writes every document with --all into the given folder, and they pass the security-docs checks', async () => {
    const root = folder(PROJECT);
    const result = runCli(['init', root, '--all', '--contact', 'security@acme-support.io']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`aigis: wrote 4 files:\n  ${join(root, 'aigis.yaml')}`);
    expect(result.stdout).toContain('Next: fill in the TODOs and the contact in the documents, then run "aigis scan');
    expect(readdirSync(root).sort()).toEqual(['SECURITY.md', 'THREAT_MODEL.md', 'aigis.yaml', 'app', 'docs']);
    expect(read(root, 'SECURITY.md')).toContain('- e-mail: security@acme-support.io');
    expect(read(root, 'docs/incident-response.md')).toContain('- Incident lead (on call): security@acme-support.io');
    const findings = (await scanTree(root, [securityDocsAnalyzer], read(root, 'aigis.yaml'))).findings;
    expect(findings.map((finding) => finding.ruleId)).toEqual([]);
  });

  it('lists the AI assets the scan finds in the threat model, with ATLAS and OWASP ids', () => {
    const root = folder(PROJECT);
    const result = runCli(['init', '--no-config', '--threat-model'], { cwd: root });
    expect(result).toMatchObject({ code: 0, stderr: 'aigis: looking for AI assets in . for the threat model\n' });
    const threatModel = read(root, 'THREAT_MODEL.md');
    expect(threatModel).toMatch(/^# Threat model for aigis-init-e2e-/);
    expect(threatModel).toContain('| Direct prompt injection and jailbreaks | AML.T0051.000, AML.T0054 | LLM01:2025 |');
    // Assets appear as the analyzers record them; without any, the document asks for them by hand.
    const listed = /`acme-support\/support-encoder`/.test(threatModel) || threatModel.includes('aigis found no AI assets');
    expect(listed).toBe(true);
  });

  it('plans a threat model for the bundled example without touching it (--dry-run)', () => {
    const example = fileURLToPath(new URL('../../../examples/support-assistant', import.meta.url));
    const before = readdirSync(example).sort();
    const result = runCli(['init', '--no-config', '--threat-model', '--security-policy', '--dry-run'], { cwd: example });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--- SECURITY.md (exists: needs --force)\n');
    expect(result.stdout).toContain('--- THREAT_MODEL.md\n# Threat model for support-assistant\n');
    expect(result.stdout).toMatch(/## AI assets\n\n(?:Found by "aigis init"|aigis found no AI assets)/);
    expect(readdirSync(example).sort()).toEqual(before);
  });

  it('refuses to overwrite an existing file (exit 1), names it, and writes nothing at all', () => {
    const root = folder({ 'SECURITY.md': '# our policy\n' });
    const result = runCli(['init', '--all'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('aigis: SECURITY.md already exists; nothing was written. Use --force to replace, or --dry-run to see the new content.\n');
    expect(read(root, 'SECURITY.md')).toBe('# our policy\n');
    expect(readdirSync(root)).toEqual(['SECURITY.md']);
  });

  it('counts another spelling of the config file as existing', () => {
    const root = folder({ '.aigis.yml': 'ignore: []\n' });
    const result = runCli(['init'], { cwd: root });
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('.aigis.yml already exists') });
    expect(existsSync(join(root, 'aigis.yaml'))).toBe(false);
  });

  it('replaces existing files with --force and says so', () => {
    const root = folder({ 'aigis.yaml': 'ignore: []\n', 'docs/incident-response.md': 'old\n' });
    const result = runCli(['init', '--incident-runbook', '--force'], { cwd: root });
    expect(result).toMatchObject({ code: 0, stdout: 'aigis: wrote 2 files:\n  aigis.yaml (replaced)\n  docs/incident-response.md (replaced)\nNext: fill in the TODOs and the contact in the documents, then run "aigis scan", and "aigis check" to see where the project stands on each principle.\n' });
    expect(read(root, 'aigis.yaml')).toContain('maxMembers: 100000');
    expect(read(root, 'docs/incident-response.md')).toContain('## Model rollback');
  });

  it('with --force replaces a symlink itself and never writes through it', () => {
    const outside = folder({ 'target.md': 'keep me\n' });
    const root = folder({ 'SECURITY.md': { symlink: join(outside, 'target.md') } });
    expect(runCli(['init', '--no-config', '--security-policy'], { cwd: root }).code).toBe(1);
    expect(runCli(['init', '--no-config', '--security-policy', '--force'], { cwd: root }).code).toBe(0);
    expect(lstatSync(join(root, 'SECURITY.md')).isSymbolicLink()).toBe(false);
    expect(read(outside, 'target.md')).toBe('keep me\n');
  });

  it('--dry-run prints the files and writes nothing, noting those that exist', () => {
    const root = folder({ 'aigis.yaml': 'ignore: []\n' });
    const result = runCli(['init', '--security-policy', '--dry-run'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^--- aigis\.yaml \(exists: needs --force\)\n# aigis\.yaml: configuration/);
    expect(result.stdout).toContain('--- SECURITY.md\n# Security policy for aigis-init-e2e-');
    expect(result.stdout).toMatch(/aigis: dry run: would write 2 files; nothing was written\n$/);
    expect(readdirSync(root)).toEqual(['aigis.yaml']);
    expect(read(root, 'aigis.yaml')).toBe('ignore: []\n');
  });

  it('writes a model card into the model folder, relative to the project, creating it', () => {
    const root = folder();
    const result = runCli(['init', root, '--no-config', '--model-card', 'models/intent-classifier']);
    expect(result.code).toBe(0);
    const card = read(root, 'models/intent-classifier/README.md');
    expect(card).toMatch(/^---\nlicense: other/);
    expect(card).toContain('# intent-classifier\n');
  });

  it('exits 2 for usage errors', () => {
    const root = folder({ 'file.txt': 'x\n' });
    expect(runCli(['init', 'missing'], { cwd: root })).toMatchObject({ code: 2, stderr: 'aigis: cannot read missing: ENOENT\n' });
    expect(runCli(['init', 'file.txt'], { cwd: root })).toMatchObject({ code: 2, stderr: 'aigis: file.txt is not a folder; give the project folder\n' });
    expect(runCli(['init', '--no-config'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing to write') });
    expect(runCli(['init', '--bogus'], { cwd: root }).code).toBe(2);
    expect(readdirSync(root)).toEqual(['file.txt']);
  });
});
