/** The `signing` section of aigis.yaml: validated, its key path resolved against aigis.yaml, handed to the model-signature analyzer. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigContext } from './load.js';
import { ConfigError, loadConfigFile, parseConfig } from './load.js';

const context: ConfigContext = {
  analyzers: [
    {
      id: 'model-signature',
      settingsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: { publicKey: { type: 'string' }, signatureName: { type: 'string', default: 'model.sig' } },
      },
    },
    { id: 'pickle' },
  ],
  ruleIds: new Set(['model-signature/unsigned-model']),
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function errorOf(yaml: string): string {
  try {
    parseConfig(yaml, 'aigis.yaml', context);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('signing in aigis.yaml', () => {
  it('resolves a relative publicKey against the folder of aigis.yaml and hands it to the analyzer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aigis-config-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci/aigis.yaml'), 'signing:\n  publicKey: ../keys/release.pub\n  signatureName: release.sig\n');
    const config = loadConfigFile(join(dir, 'ci/aigis.yaml'), context);
    expect(config.signing).toEqual({ publicKey: join(dir, 'keys/release.pub'), signatureName: 'release.sig' });
    expect(config.analyzers['model-signature']).toEqual({ publicKey: join(dir, 'keys/release.pub'), signatureName: 'release.sig' });
    expect(config.analyzers['pickle']).toEqual({});
  });

  it('keeps an absolute publicKey and the default signature name', () => {
    const config = parseConfig('signing:\n  publicKey: /etc/aigis/release.pub\n', '/work/project/aigis.yaml', context);
    expect(config.signing).toEqual({ publicKey: '/etc/aigis/release.pub' });
    expect(config.analyzers['model-signature']).toEqual({ publicKey: '/etc/aigis/release.pub', signatureName: 'model.sig' });
  });

  it('resolves a publicKey set in the analyzer settings the same way', () => {
    const config = parseConfig('analyzers:\n  model-signature:\n    publicKey: keys/pub.pem\n', '/work/project/aigis.yaml', context);
    expect(config.signing).toBeUndefined();
    expect(config.analyzers['model-signature']).toEqual({ publicKey: '/work/project/keys/pub.pem', signatureName: 'model.sig' });
  });

  it('changes nothing without a signing section', () => {
    const config = parseConfig('ignore: [build/]\n', 'aigis.yaml', context);
    expect(config.signing).toBeUndefined();
    expect(config.analyzers['model-signature']).toEqual({ signatureName: 'model.sig' });
  });

  it('names the line of a mistake', () => {
    expect(errorOf('ignore: []\nsigning:\n  publicKeys: k.pem\n')).toBe('aigis.yaml:3: unknown key "signing.publicKeys"');
    expect(errorOf('signing:\n  signatureName: sigs/model.sig\n')).toMatch(/^aigis\.yaml:2: "signing\.signatureName" is not in the expected form/);
    expect(errorOf('signing:\n  publicKey: ""\n')).toMatch(/^aigis\.yaml:2: "signing\.publicKey" must NOT have fewer than 1 characters/);
  });
});
