import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memberRecorder } from '../../../test/support/member-recorder.js';
import { scanFixtures } from '../../../test/support/scan-fixtures.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { zipAnalyzer } from './analyzer.js';

async function scan(name: string) {
  const recorder = memberRecorder();
  const result = await scanFixtures('zip', [name], [zipAnalyzer, recorder.analyzer]);
  const zipFindings = result.findings.filter((f) => f.ruleId.startsWith('zip/'));
  return {
    result,
    file: result.files[0]!,
    members: recorder.members,
    names: recorder.members.map((m) => m.member),
    rules: zipFindings.map((f) => f.ruleId),
    findings: zipFindings,
    payloads: result.findings.filter((f) => f.ruleId === 'recorder/payload-seen').map((f) => f.location.member),
  };
}

describe('zip analyzer: PyTorch checkpoints', () => {
  it('hands on the pickles and small records of a checkpoint, never its raw tensor storages', async () => {
    const { file, names, members, rules } = await scan('torch-benign.pt');
    expect(names).toEqual(['archive/data.pkl', 'archive/version', 'archive/.data/serialization_id', 'archive/byteorder']);
    expect(members[0]).toMatchObject({ type: 'pickle', size: 43 });
    // archive/data/0 holds bytes that look like a pickle calling posix.system: it is tensor data, not scanned.
    expect(members.some((m) => m.head.includes('posix'))).toBe(false);
    expect(rules).toEqual([]);
    expect(file).toMatchObject({ status: 'scanned', notes: [expect.stringMatching(/2 raw PyTorch tensor storages not scanned/)] });
  });

  it('finds data.pkl under any root folder, and scans it despite bad CRCs (PyTorch ignores them)', async () => {
    expect((await scan('torch-any-root.pt')).payloads).toEqual(['resnet50_finetuned/data.pkl']);
    const badCrc = await scan('torch-bad-crc.pt');
    expect(badCrc.payloads).toEqual(['archive/data.pkl']);
    expect(badCrc.rules).toEqual([]);
  });

  it('reports zip/header-mismatch and scans the member under the name PyTorch reads', async () => {
    const renamed = await scan('torch-name-mismatch.pt');
    expect(renamed.rules).toEqual(['zip/header-mismatch']);
    expect(renamed.findings[0]!.message).toContain('the local header names it "archive/data.pal"');
    expect(renamed.payloads).toEqual(['archive/data.pkl']);

    const flags = await scan('torch-local-flags.pt');
    expect(flags.rules).toEqual(['zip/header-mismatch']);
    expect(flags.findings[0]!.message).toMatch(/encryption flag bits 0x61 differ/);
    expect(flags.payloads).toEqual(['archive/data.pkl']);

    const sizes = await scan('size-mismatch.zip');
    expect(sizes.findings[0]!.message).toMatch(/compressed size 3 in the local header, 25 in the directory/);
    expect(sizes.findings[0]).toMatchObject({ severity: 'high', principle: '2.1', location: { offset: 0 } });
  });

  it('does not mistake data descriptors (zero sizes in local headers, as torch.save writes) for a mismatch', async () => {
    const { rules } = await scan('torch-malicious.pt');
    expect(rules).not.toContain('zip/header-mismatch');
  });

  it('reports zip/duplicate-entry for exact and case-folded duplicates, and scans every copy', async () => {
    const exact = await scan('duplicate-names.pt');
    expect(exact.rules).toEqual(['zip/duplicate-entry']);
    expect(exact.names.filter((n) => n === 'archive/data.pkl')).toHaveLength(2);
    expect(exact.payloads).toEqual(['archive/data.pkl']);

    const folded = await scan('case-duplicate.pt');
    expect(folded.rules).toEqual(['zip/duplicate-entry']);
    expect(folded.findings[0]!.message).toMatch(/differ only in letter case/);
    expect(folded.payloads).toEqual(['archive/DATA.PKL']);
  });
});

describe('zip analyzer: entries', () => {
  it('reports zip/path-traversal for .., absolute, drive-letter, backslash and symlink escapes', async () => {
    const { findings, payloads } = await scan('traversal.zip');
    expect(findings.map((f) => [f.ruleId, f.evidence])).toEqual([
      ['zip/path-traversal', '../../evil.pkl'],
      ['zip/path-traversal', '/tmp/absolute.txt'],
      ['zip/path-traversal', 'C:/Windows/drive.txt'],
      ['zip/path-traversal', '..\\..\\backslash.txt'],
      ['zip/path-traversal', 'etc-link -> /etc'],
      ['zip/path-traversal', 'etc-link/cron.d/job'],
    ]);
    expect(payloads).toEqual(['../../evil.pkl']);
  });

  it('stays quiet about names that resolve inside the folder, and about folder entries', async () => {
    const { rules, names } = await scan('benign-paths.zip');
    expect(rules).toEqual([]);
    expect(names).toEqual(['models/v1/config.json', 'models/../README.md']);
  });

  it('reports zip/encrypted-entry, marks the file inconclusive and still scans the rest', async () => {
    const { rules, file, names } = await scan('encrypted.zip');
    expect(rules).toEqual(['zip/encrypted-entry']);
    expect(file).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/encrypted zip member \(first: secret.pkl\)/) });
    expect(names).toEqual(['readme.txt']);
  });

  it('marks a member compressed with a method PyTorch cannot read inconclusive', async () => {
    const { file, names, rules } = await scan('unsupported-method.zip');
    expect(file).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/compressed with bzip2/) });
    expect(names).toEqual([]);
    expect(rules).toEqual([]);
  });

  it('hands .npz and .keras members on by name for the numpy, keras and hdf5 analyzers', async () => {
    expect((await scan('weights.npz')).members.map((m) => [m.member, m.type, m.size])).toEqual([
      ['a.npy', 'numpy', 133],
      ['b.npy', 'numpy', 133],
    ]);
    expect((await scan('model.keras')).members.map((m) => [m.member, m.type])).toEqual([
      ['metadata.json', 'json'],
      ['config.json', 'json'],
      ['model.weights.h5', 'hdf5'],
    ]);
  });

  it('opens zips inside zips, and ZIP64 archives', async () => {
    expect((await scan('nested.zip')).payloads).toEqual(['inner.zip!payload.pkl']);
    const zip64 = await scan('zip64.zip');
    expect(zip64.names).toEqual(['weights.pkl', 'model.pkl']);
    expect(zip64.rules).toEqual([]);
  });

  it('scans an empty archive without complaint', async () => {
    const { file, rules, names } = await scan('empty.zip');
    expect([file.status, rules, names]).toEqual(['scanned', [], []]);
  });
});

describe('zip analyzer: bombs and damage', () => {
  it('reports zip/compression-bomb, scans the prefix and marks the file inconclusive', async () => {
    const { findings, file, members, payloads } = await scan('bomb.zip');
    expect(findings.map((f) => f.ruleId)).toEqual(['zip/compression-bomb']);
    expect(findings[0]!.message).toMatch(/declares 104857625 bytes from \d+ compressed \(\d+x\); aigis scanned only its first 67108864 bytes/);
    expect(file.status).toBe('inconclusive');
    expect(members[0]!.size).toBe(64 * 1024 * 1024);
    expect(payloads).toEqual(['payload.pkl']);
  });

  it('reads a member only up to its declared size, as loaders do, and says when it inflates further', async () => {
    const { findings, members, payloads } = await scan('lying-size.zip');
    expect(members[0]!.size).toBe(1000);
    expect(findings.map((f) => f.ruleId)).toEqual(['zip/malformed-archive']);
    expect(findings[0]!.message).toMatch(/inflates to more than the 1000 bytes it declares/);
    expect(payloads).toEqual(['payload.pkl']);
  });

  it('scans what precedes a corrupt spot in a deflate stream and reports zip/malformed-archive', async () => {
    const { findings, payloads, file } = await scan('corrupt-deflate.zip');
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/breaks after 3025 bytes \(invalid block type\)/)]);
    expect(payloads).toEqual(['payload.pkl']);
    expect(file.status).toBe('scanned');
  });

  it('recovers members of a zip without central directory by walking local headers, and is inconclusive', async () => {
    const { findings, file, payloads, names } = await scan('truncated.zip');
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/no end of central directory record/)]);
    expect(file).toMatchObject({ status: 'inconclusive', reason: expect.stringMatching(/walking local headers/) });
    expect(names).toEqual(['payload.pkl', 'second.txt']);
    expect(payloads).toEqual(['payload.pkl']);
  });

  it('reports archives that readers disagree on: shifted directory, wrong count, overlapping entries', async () => {
    const prepended = await scan('prepended.zip');
    expect(prepended.findings.map((f) => f.message)).toEqual([expect.stringMatching(/zipfile reads it there .*, PyTorch does not/)]);
    expect(prepended.payloads).toEqual(['hidden.pkl']);

    const count = await scan('count-mismatch.zip');
    expect(count.findings.map((f) => f.message)).toEqual([expect.stringMatching(/counts 1 entry but the directory holds 2/)]);
    expect(count.payloads).toEqual(['extra.pkl']);

    const overlap = await scan('overlap.zip');
    expect(overlap.rules).toContain('zip/malformed-archive');
    expect(overlap.findings.find((f) => f.ruleId === 'zip/malformed-archive')!.message).toMatch(/"b.pkl" starts inside "a.pkl"/);
  });

  it('keeps a well-formed ZIP64 archive and a torch checkpoint free of zip/malformed-archive', async () => {
    expect((await scan('zip64.zip')).rules).not.toContain('zip/malformed-archive');
    expect((await scan('torch-benign.pt')).rules).not.toContain('zip/malformed-archive');
  });
});

describe('zip analyzer: TorchScript', () => {
  it('reports zip/torchscript-archive, hands on code and pickles, and skips data/ and constants/ storages', async () => {
    const { findings, names, rules } = await scan('torchscript.pt');
    expect(rules).toEqual(['zip/torchscript-archive']);
    expect(findings[0]).toMatchObject({ severity: 'medium', principle: '1.3', evidence: 'archive/code/__torch__.py' });
    expect(names).toEqual(['archive/data.pkl', 'archive/code/__torch__.py', 'archive/code/__torch__.py.debug_pkl', 'archive/constants.pkl', 'archive/version']);
  });

  it('reports zip/torchscript-file-access when TorchScript code calls torch.save or torch.from_file', async () => {
    const { findings } = await scan('torchscript-file-write.pt');
    expect(findings.map((f) => [f.ruleId, f.severity, f.evidence])).toEqual([
      ['zip/torchscript-archive', 'medium', 'archive/code/__torch__.py'],
      ['zip/torchscript-file-access', 'critical', 'torch.save(x, "/home/user/.bashrc")'],
    ]);
  });

  it('does not call an ordinary checkpoint TorchScript', async () => {
    expect((await scan('torch-malicious.pt')).rules).toEqual([]);
  });
});

const corpus = new URL('../../../../shared/corpus/models/', import.meta.url);

describe.skipIf(!existsSync(corpus))('zip analyzer on the shared corpus (../shared/corpus/models)', () => {
  async function scanCorpus(path: string) {
    const recorder = memberRecorder();
    const root = makeTree({ [path.split('/').pop()!]: readFileSync(new URL(path, corpus)) });
    try {
      const result = await scanTree(root, [zipAnalyzer, recorder.analyzer]);
      return { result, names: recorder.members.map((m) => m.member), payloads: result.findings.filter((f) => f.ruleId === 'recorder/payload-seen') };
    } finally {
      removeTree(root);
    }
  }

  it('reads a real torch.save file (PyTorch 1.13) as PyTorch does', async () => {
    const { result, names } = await scanCorpus('benign/torch_state_dict.pt');
    expect(names).toEqual(['archive/data.pkl', 'archive/version']);
    expect(result.findings).toEqual([]);
    expect(result.files[0]!.status).toBe('scanned');
  });

  it('hands the malicious data.pkl of a real torch file to the pickle analyzers', async () => {
    expect((await scanCorpus('malicious/torch_zip_reduce.pt')).payloads.map((f) => f.location.member)).toEqual(['archive/data.pkl']);
  });

  it('hands .keras members on', async () => {
    expect((await scanCorpus('benign/keras_dense.keras')).names).toEqual(['metadata.json', 'config.json']);
  });
});
