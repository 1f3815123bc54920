import { describe, expect, it } from 'vitest';
import { AREAS, PRINCIPLES, findPrinciple, referenceUrl } from './catalogue.js';

describe('guideline catalogue', () => {
  it('holds the 17 principles, 1.1-4.4, in four areas of 4, 4, 5 and 4', () => {
    expect(PRINCIPLES).toHaveLength(17);
    expect(AREAS.map((area) => area.principles.length)).toEqual([4, 4, 5, 4]);
    expect(AREAS.map((area) => area.title)).toEqual(['Secure design', 'Secure development', 'Secure deployment', 'Secure operation and maintenance']);
    expect(PRINCIPLES.map((p) => p.id)).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '3.1', '3.2', '3.3', '3.4', '3.5', '4.1', '4.2', '4.3', '4.4']);
  });

  it('uses the document titles exactly', () => {
    expect(findPrinciple('1.3')?.title).toBe('Design your system for security as well as functionality and performance');
    expect(findPrinciple('4.2')?.title).toBe("Monitor your system's inputs");
    expect(findPrinciple('4.3')?.title).toBe('Follow a secure by design approach to updates');
    expect(findPrinciple('5.1')).toBeUndefined();
  });

  it('links CWE and ATLAS ids and rejects malformed ones', () => {
    expect(referenceUrl('CWE-502')).toBe('https://cwe.mitre.org/data/definitions/502.html');
    expect(referenceUrl('AML.T0010.003')).toBe('https://atlas.mitre.org/techniques/AML.T0010.003');
    expect(referenceUrl('CWE-abc')).toBeUndefined();
  });
});
