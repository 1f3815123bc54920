import { describe, expect, it } from 'vitest';
import { memberRecorder } from '../../../test/support/member-recorder.js';
import { scanFixtures } from '../../../test/support/scan-fixtures.js';
import { tarAnalyzer } from './analyzer.js';

async function scan(name: string) {
  const recorder = memberRecorder();
  const result = await scanFixtures('tar', [name], [tarAnalyzer, recorder.analyzer]);
  const findings = result.findings.filter((f) => f.ruleId.startsWith('tar/'));
  return {
    file: result.files[0]!,
    members: recorder.members,
    names: recorder.members.map((m) => m.member),
    findings,
    rules: findings.map((f) => f.ruleId),
    payloads: result.findings.filter((f) => f.ruleId === 'recorder/payload-seen').map((f) => f.location.member),
  };
}

const LONG_NAME = `models/${'very-long-folder-name/'.repeat(7)}payload.pkl`;

describe('tar analyzer: formats', () => {
  it('reads ustar, GNU long names, pax long names and headerless v7 archives', async () => {
    expect((await scan('gnu-longname.tar')).payloads).toEqual([LONG_NAME]);
    expect((await scan('pax-longname.tar')).payloads).toEqual([LONG_NAME.replace('payload', 'pàyload')]);
    const v7 = await scan('v7.tar');
    expect([v7.file.type, v7.payloads, v7.rules]).toEqual(['tar', ['payload.pkl'], []]);
  });

  it('hands members on as windows of the archive, with their own sizes', async () => {
    const { members, rules, file } = await scan('devices.tar');
    expect(members.map((m) => [m.member, m.type, m.size])).toEqual([['model.pkl', 'pickle', 43]]);
    expect(rules).toEqual(['tar/device-entry', 'tar/device-entry', 'tar/device-entry']);
    expect(file.status).toBe('scanned');
  });
});

describe('tar analyzer: PyTorch legacy format', () => {
  it('hands on sys_info and pickle whole, and only the pickles of storages and tensors', async () => {
    const { members, rules, file } = await scan('torch-legacy-benign.tar');
    expect(members.map((m) => [m.member, m.type])).toEqual([
      ['sys_info', 'pickle'],
      ['pickle', 'pickle'],
      ['storages', 'pickle'],
      ['tensors', 'pickle'],
    ]);
    // The raw float bytes in storages spell a pickle calling posix.system; they are tensor data, never scanned.
    expect(members.some((m) => m.head.includes('posix'))).toBe(false);
    expect(members.find((m) => m.member === 'storages')!.head).toContain('ctorch\nFloatStorage\n');
    expect(rules).toEqual([]);
    expect(file.status).toBe('scanned');
  });

  it('follows a payload in the main pickle, and one placed where the storages count should be', async () => {
    expect((await scan('torch-legacy-malicious.tar')).payloads).toEqual(['pickle']);
    const storages = await scan('torch-legacy-storages-payload.tar');
    expect(storages.payloads).toEqual(['storages']);
    expect(storages.rules).toEqual(['tar/malformed-archive']);
    expect(storages.file).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/legacy record storages could not be walked/) });
  });
});

describe('tar analyzer: rules', () => {
  it('reports tar/path-traversal for .., absolute names, escaping links and members written through them', async () => {
    const { findings, names, payloads } = await scan('traversal.tar');
    expect(findings.map((f) => f.evidence)).toEqual(['../evil.pkl', '/etc/cron.d/job', 'etc-link -> /etc', 'etc-link/passwd', 'up-link -> ../../outside', 'hard -> ../outside']);
    expect(findings.every((f) => f.ruleId === 'tar/path-traversal' && f.severity === 'high')).toBe(true);
    // models/ok-link -> ../weights.bin stays inside the folder: not reported.
    expect(names).toEqual(['../evil.pkl', '/etc/cron.d/job', 'etc-link/passwd', 'models/inside.txt']);
    expect(payloads).toEqual(['../evil.pkl']);
  });

  it('reports tar/device-entry for block and character devices and FIFOs, not for regular files', async () => {
    const { findings } = await scan('devices.tar');
    expect(findings.map((f) => f.message)).toEqual(['Entry "dev/sda" is a block device.', 'Entry "dev/mem" is a character device.', 'Entry "pipe" is a FIFO.']);
    expect((await scan('v7.tar')).rules).not.toContain('tar/device-entry');
  });

  it('reports tar/duplicate-entry and scans both copies', async () => {
    const { rules, names, payloads } = await scan('duplicates.tar');
    expect(rules).toEqual(['tar/duplicate-entry']);
    expect(names).toEqual(['model.pkl', 'model.pkl']);
    expect(payloads).toEqual(['model.pkl']);
    expect((await scan('torch-legacy-benign.tar')).rules).not.toContain('tar/duplicate-entry');
  });

  it('reports tar/malformed-archive for a truncated member, and still scans its start', async () => {
    const { findings, file, members, payloads } = await scan('truncated.tar');
    expect(findings.map((f) => f.message)).toEqual(['Member "payload.pkl" declares 20025 bytes but only 10000 remain: the archive is truncated.']);
    expect(file).toMatchObject({ status: 'inconclusive', reason: 'the tar archive is truncated inside member payload.pkl' });
    expect(members[0]!.size).toBe(10000);
    expect(payloads).toEqual(['payload.pkl']);
  });

  it('reports a bad header mid-archive (tarfile stops, GNU tar reads on) and is inconclusive', async () => {
    const { findings, file, names } = await scan('bad-checksum.tar');
    expect(findings.map((f) => [f.ruleId, f.location.offset])).toEqual([['tar/malformed-archive', 1024]]);
    expect(file.status).toBe('inconclusive');
    expect(names).toEqual(['first.pkl']);
  });

  it('reports members hidden after a lone zero block (tarfile stops, GNU tar reads on) and scans them', async () => {
    const { findings, payloads, names } = await scan('lone-zero-block.tar');
    expect(findings.map((f) => [f.ruleId, f.location.offset])).toEqual([['tar/malformed-archive', 1024]]);
    expect(names).toEqual(['model.pkl', 'hidden.pkl']);
    expect(payloads).toEqual(['hidden.pkl']);
  });

  it('reports a link that declares data (read as headers by tarfile, skipped by others), and reads on as tarfile does', async () => {
    const { findings, payloads } = await scan('symlink-size.tar');
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^Symlink entry "link" declares 512 bytes of data/)]);
    expect(payloads).toEqual(['after.pkl']);
  });
});
