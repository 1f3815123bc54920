import { describe, expect, it } from 'vitest';
import { BaselineError, parseBaseline } from './baseline.js';

describe('parseBaseline', () => {
  it('collects fingerprints of reported and suppressed findings', () => {
    const text = JSON.stringify({ tool: { name: 'aigis' }, findings: [{ fingerprint: 'a' }], suppressed: [{ finding: { fingerprint: 'b' } }] });
    expect([...parseBaseline(text, 'old.json')]).toEqual(['a', 'b']);
  });

  it('rejects files that are not aigis JSON reports with what to do', () => {
    expect(() => parseBaseline('{', 'old.json')).toThrow(BaselineError);
    expect(() => parseBaseline('{"version":"2.1.0","runs":[]}', 'old.sarif')).toThrow(/not an aigis JSON report; create one with "aigis scan --format json --output old.sarif"/);
  });
});
