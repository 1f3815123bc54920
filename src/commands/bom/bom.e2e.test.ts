/** `aigis bom` as users run it: a separate process (dist/cli.js), real files, exit codes. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { component, danglingRefs, schemaErrors, type Json } from '../../reporters/cyclonedx/test-support/validate.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function folder(spec: TreeSpec): string {
  const root = makeTree(spec, 'aigis-bom-e2e-');
  roots.push(root);
  return root;
}

const PROJECT: TreeSpec = {
  'package.json': '{"name":"@acme/chat-widget","version":"3.1.0","dependencies":{"openai":"^4.56.0"}}\n',
  'models/tiny.gguf': Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(60, 1)]),
  'src/chat.js': [
    "import OpenAI from 'openai';",
    '',
    'const client = new OpenAI();',
    '',
    'export async function answer(question) {',
    "  const reply = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });",
    '  return reply.choices[0].message.content;',
    '}',
    '',
  ].join('\n'),
};

describe('aigis bom (CLI)', () => {
  it('prints a valid CycloneDX 1.6 BOM on stdout and exits 0', async () => {
    const root = folder(PROJECT);
    const result = runCli(['bom', '.', '--reproducible'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const bom = JSON.parse(result.stdout) as Json;
    expect(await schemaErrors(bom, '1.6')).toBeNull();
    expect(danglingRefs(bom)).toEqual([]);
    expect(bom['metadata']['component']).toMatchObject({ name: '@acme/chat-widget', version: '3.1.0' });
    const sha = createHash('sha256').update(readFileSync(join(root, 'models/tiny.gguf'))).digest('hex');
    expect(component(bom, 'aigis:model/file/models/tiny.gguf')['hashes']).toEqual([{ alg: 'SHA-256', content: sha }]);
    // Byte-identical on a second run, worker threads and all.
    expect(runCli(['bom', '.', '--reproducible'], { cwd: root }).stdout).toBe(result.stdout);
  });

  it('writes --output with --spec 1.7 and says so on stderr; --quiet says nothing', async () => {
    const root = folder(PROJECT);
    const result = runCli(['bom', root, '--spec', '1.7', '--output', join(root, 'bom.cdx.json')]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toMatch(/^aigis: wrote CycloneDX 1\.7 BOM to .*bom\.cdx\.json \(\d+ components, \d+ services\)\n$/);
    const bom = JSON.parse(readFileSync(join(root, 'bom.cdx.json'), 'utf8')) as Json;
    expect(bom['specVersion']).toBe('1.7');
    expect(bom['serialNumber']).toMatch(/^urn:uuid:/);
    expect(await schemaErrors(bom, '1.7')).toBeNull();
    expect(runCli(['bom', '--quiet', '-o', 'again.json'], { cwd: root })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 2 with one line on stderr for a bad --spec, a missing path or an unwritable output', () => {
    const root = folder(PROJECT);
    const badSpec = runCli(['bom', '--spec', '1.5'], { cwd: root });
    expect(badSpec).toMatchObject({ code: 2, stdout: '' });
    expect(badSpec.stderr).toMatch(/^aigis: option '--spec <version>' argument '1\.5' is invalid\. Allowed choices are 1\.6, 1\.7\. Run "aigis help bom" for usage\.\n$/);
    expect(runCli(['bom', 'no-such-folder'], { cwd: root })).toMatchObject({ code: 2, stdout: '', stderr: 'aigis: path not found: no-such-folder\n' });
    const unwritable = runCli(['bom', '.', '-o', 'missing/dir/bom.json'], { cwd: root });
    expect(unwritable).toMatchObject({ code: 2, stdout: '' });
    expect(unwritable.stderr).toMatch(/^aigis: cannot write missing\/dir\/bom\.json \(ENOENT\); create its folder first\n$/);
  });
});
