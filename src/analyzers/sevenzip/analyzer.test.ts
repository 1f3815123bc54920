import { describe, expect, it } from 'vitest';
import { memberRecorder } from '../../../test/support/member-recorder.js';
import { scanFixtures } from '../../../test/support/scan-fixtures.js';
import { sevenZipAnalyzer } from './analyzer.js';

describe('sevenzip analyzer', () => {
  it('never lets a 7z archive pass as clean: inconclusive, with what to do instead', async () => {
    const recorder = memberRecorder();
    const result = await scanFixtures('sevenzip', ['empty.7z'], [sevenZipAnalyzer, recorder.analyzer]);
    expect(result.files).toEqual([
      expect.objectContaining({ path: 'empty.7z', type: '7z', status: 'inconclusive', reason: expect.stringMatching(/extract it \(7z x\) and scan the extracted files/) }),
    ]);
    expect(result.findings).toEqual([]);
    expect(recorder.members).toEqual([]);
  });
});
