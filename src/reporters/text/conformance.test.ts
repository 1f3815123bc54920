import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXT, conformanceReport } from '../../../test/support/conformance-report.js';
import { renderConformanceText } from './conformance.js';

describe('conformance text report', () => {
  const text = renderConformanceText(conformanceReport(), { color: false });

  it('lists every principle by area with its status, and the totals', () => {
    expect(text).toContain('1 met, 3 partial, 12 missing, 1 not applicable');
    expect(text).toMatch(/^ {2}MET {5}4\.4 Collect and share lessons learned$/m);
    expect(text).toMatch(/^ {2}PARTIAL 1\.3 Design your system/m);
    expect(text).toMatch(/^ {2}N\/A {5}2\.4 Manage your technical debt\n {6}not applicable: Short-lived prototype$/m);
    expect(text.match(/^ {2}(MET|PARTIAL|MISSING|N\/A) +\d\.\d /gm)).toHaveLength(17);
    expect(text.indexOf('1 Secure design')).toBeLessThan(text.indexOf('4 Secure operation and maintenance'));
  });

  it('marks evidence as document or verified, shows shortfalls, findings and next steps for principles not met', () => {
    expect(text).toContain('! control  .github/dependabot.yml updates npm; falls short: no entry for pip (SECURITY.md)');
    expect(text).toContain('x findings 1 against this principle (1 critical)');
    expect(text).toContain('next: Fix or triage the 1 finding against this principle, worst first: LLM output is executed as code (python/llm-output-to-code-execution, app/tools.py:28)');
    expect(text).toContain('- document not found: A threat model is in the repository');
    // A met principle stays one line unless --verbose asks for its evidence.
    expect(text).not.toContain('SECURITY.md covers prompt injection');
    const verbose = renderConformanceText(conformanceReport(), { color: false, verbose: true });
    // The file is not repeated when the summary names it; its line still shows.
    expect(verbose).toMatch(/\+ document SECURITY\.md covers prompt injection$/m);
    expect(verbose).toMatch(/\+ document SECURITY\.md names security@acme\.test \(line 3\)$/m);
  });

  it('colours statuses only when asked, and escapes control characters from the project', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderConformanceText(conformanceReport(), { color: true })).toContain('\u001b[32mMET');
    const hostile = renderConformanceText(conformanceReport(HOSTILE_TEXT), { color: false, verbose: true });
    expect(hostile).not.toContain('\u001b[31m');
    expect(hostile).not.toContain('\u202e');
    expect(hostile).toContain('\\x1b[31m');
  });
});
