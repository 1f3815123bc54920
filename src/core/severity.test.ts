import { describe, expect, it } from 'vitest';
import { meetsThreshold, severityRank } from './severity.js';

describe('severity', () => {
  it('ranks critical highest and info lowest', () => {
    expect(severityRank('critical')).toBeGreaterThan(severityRank('high'));
    expect(severityRank('low')).toBeGreaterThan(severityRank('info'));
  });

  it('compares against --fail-on, where none never fails and info never reaches a threshold', () => {
    expect(meetsThreshold('high', 'high')).toBe(true);
    expect(meetsThreshold('critical', 'high')).toBe(true);
    expect(meetsThreshold('medium', 'high')).toBe(false);
    expect(meetsThreshold('critical', 'none')).toBe(false);
    expect(meetsThreshold('info', 'low')).toBe(false);
  });
});
